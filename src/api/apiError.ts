/**
 * Everything that can go wrong between the tab and its backend, as one error type the views can
 * switch on: a problem+json answer (with its stable `code`), no answer at all, an answer we could
 * not read, or Teams refusing to give us a token.
 */
import { problemBaseSchema, type ProblemBase as Problem } from '../../contracts/firstLoad';
import type { ProblemCode } from '../../contracts/wire';

export type ApiErrorKind = 'problem' | 'network' | 'unexpected' | 'auth';

export class ApiError extends Error {
  readonly kind: ApiErrorKind;
  readonly status: number | null;
  readonly problem: Problem | null;
  /** Our request id (problem.requestId or the x-request-id header). */
  readonly requestId: string | null;
  readonly at: Date;

  constructor(
    kind: ApiErrorKind,
    message: string,
    options: { status?: number | null; problem?: Problem | null; requestId?: string | null } = {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.kind = kind;
    this.status = options.status ?? null;
    this.problem = options.problem ?? null;
    this.requestId = options.requestId ?? options.problem?.requestId ?? null;
    this.at = new Date();
  }

  get code(): ProblemCode | null {
    return this.problem?.code ?? null;
  }

  /** Seconds the server asked us to wait before trying again, if it said. */
  get retryAfterSeconds(): number | null {
    return this.problem?.retryAfterSeconds ?? null;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** Builds the error for a non-2xx answer: the problem body when it is one, else a generic one. */
export function errorFromResponse(
  status: number,
  body: unknown,
  headers: { requestId: string | null; retryAfter: string | null },
): ApiError {
  const result = problemBaseSchema.safeParse(body);
  if (result.success) {
    const parsed = result.data;
    const retryAfter = parsed.retryAfterSeconds ?? retryAfterSeconds(headers.retryAfter);
    const problem: Problem = {
      ...parsed,
      requestId: parsed.requestId ?? headers.requestId ?? undefined,
      ...(retryAfter !== null && retryAfter !== undefined ? { retryAfterSeconds: retryAfter } : {}),
    };
    return new ApiError('problem', problem.detail || problem.title, { status, problem });
  }
  return new ApiError('unexpected', `The server answered HTTP ${status} without a problem description.`, {
    status,
    requestId: headers.requestId,
  });
}

/** Retry-After is either seconds or an HTTP date (RFC 9110 §10.2.3). */
export function retryAfterSeconds(header: string | null, nowMs: number = Date.now()): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - nowMs) / 1000));
}

/** Turns anything thrown into an ApiError so that views have one shape to render. */
export function toApiError(error: unknown): ApiError {
  if (isApiError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ApiError('unexpected', message);
}
