/**
 * The plain values of the tab ↔ backend wire (routes, problem codes, actions, limits), without
 * zod. contracts/api.ts re-exports all of them; this module exists so that code which needs only
 * these values (the tab's first load, which has a size budget) does not pull in zod and every
 * schema with it.
 */

// ---------------------------------------------------------------------------------------------
// Errors: RFC 9457 problem+json with a stable `code` the tab switches on

export const problemCodes = [
  'invalid_token', // 401: missing, malformed, forged or wrong-audience token: get a new one
  'token_expired', // 401: expired SSO token or rejected OBO assertion: get a fresh token, retry once
  'personal_account_not_supported', // 401: a Microsoft account (outlook.com) signed in
  'tenant_not_allowed', // 403: the user's tenant is not on the allow-list
  'consent_required', // 403: an admin must grant consent; `consentUrl` says where
  'interaction_required', // 401: MFA/Conditional Access step-up needed; `claims` (Entra's JSON string): getAuthToken({ claims: [claims] }), retry once
  'forbidden', // 403: signed in, but Graph or our rules refuse this action (reader writing, teacher)
  'not_found', // 404
  'validation_failed', // 400: body or parameters invalid; `fields` names each one
  'malformed_json', // 400
  'precondition_required', // 428: PUT without If-Match
  'precondition_failed', // 412: someone else changed the profile; `current` holds it
  'payload_too_large', // 413
  'rate_limited', // 429 from our own per-user limit; Retry-After set
  'graph_throttled', // 429/503 from Graph after retries; Retry-After set
  'graph_unavailable', // 502/503/504 from Graph after retries, or Graph unreachable
  'graph_error', // any other Graph error; Graph's code, message and request-id carried
  'entra_unavailable', // 503: the token endpoint did not answer
  'save_in_progress', // 503: another save or action of this profile holds its lock; Retry-After set
  'shared_state_unavailable', // 503: the instances' shared state (Redis) is unreachable: saves and actions wait
  'history_unavailable', // 503: the change-history database is unreachable: saves and actions wait; Retry-After set
  'not_supported', // 409: action not available for this profile (start on a non-CSV profile)
  'internal_error', // 500
] as const;
export type ProblemCode = (typeof problemCodes)[number];

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export const profileActions = ['pause', 'resume', 'reset', 'start'] as const;
export type ProfileAction = (typeof profileActions)[number];

export const apiRoutes = {
  config: '/api/config',
  health: '/api/health',
  me: '/api/me',
  profiles: '/api/profiles',
  profile: (id: string) => `/api/profiles/${encodeURIComponent(id)}`,
  profileStatus: (id: string) => `/api/profiles/${encodeURIComponent(id)}/status`,
  profileErrors: (id: string) => `/api/profiles/${encodeURIComponent(id)}/errors`,
  profileErrorGroups: (id: string) => `/api/profiles/${encodeURIComponent(id)}/errors/groups`,
  profileErrorsExport: (id: string) => `/api/profiles/${encodeURIComponent(id)}/errors/export`,
  profileErrorsCsv: (id: string) => `/api/profiles/${encodeURIComponent(id)}/errors.csv`,
  bulkAction: (action: 'pause' | 'resume' | 'start') => `/api/profiles/bulk/${action}`,
  profileAction: (id: string, action: ProfileAction) => `/api/profiles/${encodeURIComponent(id)}/${action}`,
  profileHistory: (id: string) => `/api/profiles/${encodeURIComponent(id)}/history`,
  history: '/api/history',
  monitor: '/api/monitor',
  profileStatusHistory: (id: string) => `/api/profiles/${encodeURIComponent(id)}/status-history`,
  alertSubscription: '/api/alert-subscription',
} as const;

/** Request-size limit shared by the backend (413) and the editor (warns before sending). */
export const MAX_JSON_BODY_BYTES = 64 * 1024;

/**
 * Sent by the tab (value `1`) on its first call after an admin granted consent in the popup: the
 * backend then retries the on-behalf-of exchange for a few seconds while the consent propagates.
 */
export const AFTER_CONSENT_HEADER = 'X-SDS-After-Consent';

/**
 * The tab's Teams session id (teams-js `app.Context.app.sessionId`) on every API call, so support
 * can find one admin's requests in the logs and traces. The backend keeps it only when it looks
 * like one (server/middleware/requestContext.ts).
 */
export const TEAMS_SESSION_HEADER = 'X-Teams-App-Session-Id';
