import type { Request } from 'express';
import { AFTER_CONSENT_HEADER } from '../../contracts/api';
import type { GraphTokenProvider } from '../auth/onBehalfOf';
import { authOf } from '../auth/requireAuth';
import { createGraphApi, type GraphApi, type GraphSettings } from './client';

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
