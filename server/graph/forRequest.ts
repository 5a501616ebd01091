import type { Request } from 'express';
import type { GraphTokenProvider } from '../auth/onBehalfOf';
import { authOf } from '../auth/requireAuth';
import { createGraphApi, type GraphApi, type GraphSettings } from './client';

/** Sent by the tab on its first call after an admin granted consent in the popup. */
export const AFTER_CONSENT_HEADER = 'x-sds-after-consent';

export type GraphSessions = {
  /** Graph as the signed-in caller: exchanges their SSO token on behalf of them first. */
  forRequest(req: Request): Promise<GraphApi>;
};

export function createGraphSessions(settings: GraphSettings, tokens: GraphTokenProvider): GraphSessions {
  return {
    async forRequest(req) {
      const accessToken = await tokens.graphToken(authOf(req), {
        afterConsent: req.get(AFTER_CONSENT_HEADER) === '1',
        log: req.log,
      });
      return createGraphApi(settings, accessToken, req.log);
    },
  };
}
