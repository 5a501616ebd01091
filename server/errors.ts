/**
 * Typed HTTP errors. Guards and handlers throw them; the one error handler (server/middleware/
 * errorHandler.ts) turns them into application/problem+json with a stable `code`.
 */
import type { Problem, ProblemCode } from '../contracts/api';

const titles: Record<ProblemCode, string> = {
  invalid_token: 'The sign-in token is not valid',
  token_expired: 'The sign-in token has expired',
  personal_account_not_supported: 'Personal Microsoft accounts are not supported',
  tenant_not_allowed: 'This organization is not allowed to use SDS Profiles',
  consent_required: 'An administrator must grant consent',
  interaction_required: 'Additional sign-in is required',
  forbidden: 'Not allowed',
  not_found: 'Not found',
  validation_failed: 'The request is not valid',
  malformed_json: 'The request body is not valid JSON',
  precondition_required: 'If-Match is required',
  precondition_failed: 'The profile was changed by someone else',
  payload_too_large: 'The request body is too large',
  rate_limited: 'Too many requests',
  graph_throttled: 'Microsoft Graph is throttling requests',
  graph_unavailable: 'Microsoft Graph is unavailable',
  graph_error: 'Microsoft Graph reported an error',
  entra_unavailable: 'Microsoft Entra ID is unavailable',
  save_in_progress: 'Another save of this profile is in progress',
  shared_state_unavailable: 'Saving is paused for a moment',
  history_unavailable: 'Saving is paused: change history cannot be written',
  not_supported: 'Not supported for this profile',
  internal_error: 'Something went wrong on our side',
};

export function problemTitle(code: ProblemCode): string {
  return titles[code];
}

/** What a problem carries besides type/title/status/code/detail/requestId. */
export type ProblemExtras = Omit<
  Partial<Problem>,
  'type' | 'title' | 'status' | 'code' | 'detail' | 'requestId'
>;

export class HttpError extends Error {
  readonly status: number;
  readonly code: ProblemCode;
  readonly extras: ProblemExtras;
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    code: ProblemCode,
    detail: string,
    options: { extras?: ProblemExtras; headers?: Record<string, string>; cause?: unknown } = {},
  ) {
    super(detail, { cause: options.cause });
    this.name = 'HttpError';
    this.status = status;
    this.code = code;
    this.extras = options.extras ?? {};
    this.headers = options.headers ?? {};
  }
}

function quoteHeaderValue(value: string): string {
  // RFC 6750 error_description: printable ASCII without `"` and `\`.
  return value.replace(/"/g, "'").replace(/[^\x20-\x7e]|\\/g, ' ');
}

/**
 * A 401 whose WWW-Authenticate header tells the client the token was refused (RFC 6750 §3), so
 * the tab asks Teams for a fresh token.
 */
export function unauthorized(
  code: Extract<ProblemCode, 'invalid_token' | 'token_expired' | 'personal_account_not_supported'>,
  detail: string,
): HttpError {
  return new HttpError(401, code, detail, {
    headers: {
      'WWW-Authenticate': `Bearer error="invalid_token", error_description="${quoteHeaderValue(detail)}"`,
    },
  });
}

export function validationFailed(detail: string, fields: { path: string; message: string }[]): HttpError {
  return new HttpError(400, 'validation_failed', detail, { extras: { fields } });
}

export function retryAfterHeader(seconds: number): Record<string, string> {
  return { 'Retry-After': String(Math.max(0, Math.ceil(seconds))) };
}

/** The history database did not answer: 503 with a Retry-After, `detail` saying what is affected. */
export function historyUnavailable(detail: string, cause: unknown): HttpError {
  return new HttpError(503, 'history_unavailable', detail, { headers: retryAfterHeader(10), cause });
}
