import type { Logger } from '../logger';

/** Who is calling, from a validated SSO token. Identity is `tenantId` + `objectId`, never names. */
export type AuthContext = {
  tenantId: string;
  objectId: string;
  displayName: string;
  userPrincipalName: string;
  /** Directory role template ids from `wids`. */
  directoryRoles: string[];
  /** The Microsoft client (Teams desktop, web…) that obtained the token: `azp` or `appid`. */
  clientAppId: string;
  tokenVersion: '1.0' | '2.0';
  /** The SSO token itself, kept only for the on-behalf-of exchange: never logged, never returned. */
  assertion: string;
};

export type TokenValidator = {
  /** Resolves to the caller, or throws an HttpError (401/403/503) saying what is wrong. */
  validate(token: string): Promise<AuthContext>;
};

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** Set by the request-id middleware; echoed as `x-request-id` and in every problem. */
      requestId: string;
      /** A logger whose lines carry this request's id. */
      log: Logger;
      /** Set by the auth middleware. */
      auth?: AuthContext;
    }
  }
}
