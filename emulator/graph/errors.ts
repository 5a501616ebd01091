/**
 * Graph's error shape (graph-sds-api.md §8.1): `{ error: { code, message, target?, details?,
 * innerError: { date, request-id, client-request-id } } }`. Handlers throw `GraphHttpError`; the
 * pipeline turns it into that body with the request's ids.
 */

export type ErrorDetail = { code: string; message: string; target?: string };

export class GraphHttpError extends Error {
  readonly status: number;
  readonly code: string;
  readonly target?: string;
  readonly details?: ErrorDetail[];
  /** Response headers the error needs (Retry-After, WWW-Authenticate, Allow). */
  readonly headers: Record<string, string>;
  /** Members added to `innerError` (the throttling sample carries code, status and message there). */
  readonly innerError: Record<string, unknown>;
  /** Top-level members besides `error` (start's verification messages ride along in `value`). */
  readonly bodyExtra: Record<string, unknown>;

  constructor(
    status: number,
    code: string,
    message: string,
    options: {
      target?: string;
      details?: ErrorDetail[];
      headers?: Record<string, string>;
      innerError?: Record<string, unknown>;
      bodyExtra?: Record<string, unknown>;
    } = {},
  ) {
    super(message);
    this.name = 'GraphHttpError';
    this.status = status;
    this.code = code;
    this.target = options.target;
    this.details = options.details;
    this.headers = options.headers ?? {};
    this.innerError = options.innerError ?? {};
    this.bodyExtra = options.bodyExtra ?? {};
  }
}

export const badRequest = (message: string, target?: string, details?: ErrorDetail[]) =>
  new GraphHttpError(400, 'BadRequest', message, { target, details });

/** A 400 about the body; with a target, `details` names it too, as validation errors do. */
export const invalidRequest = (message: string, target?: string, details?: ErrorDetail[]) =>
  new GraphHttpError(400, 'invalidRequest', message, {
    target,
    details: details ?? (target !== undefined ? [{ code: 'invalidValue', message, target }] : undefined),
  });

export const notFound = (message: string) => new GraphHttpError(404, 'itemNotFound', message);

export const conflict = (message: string) => new GraphHttpError(409, 'conflict', message);

/** Graph's dates in error bodies carry no fraction (`2020-08-18T12:51:51`), as in the docs' samples. */
export function graphErrorDate(now: Date): string {
  return now.toISOString().replace(/\.\d{3}Z$/, '');
}

export type RequestIds = { requestId: string; clientRequestId: string; date: Date };

export function errorBody(error: GraphHttpError, ids: RequestIds): Record<string, unknown> {
  return {
    error: {
      code: error.code,
      message: error.message,
      ...(error.target !== undefined ? { target: error.target } : {}),
      ...(error.details !== undefined ? { details: error.details } : {}),
      innerError: {
        ...error.innerError,
        date: graphErrorDate(ids.date),
        'request-id': ids.requestId,
        'client-request-id': ids.clientRequestId,
      },
    },
    ...error.bodyExtra,
  };
}
