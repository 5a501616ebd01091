/**
 * The one error handler, registered last: every failure leaves as application/problem+json
 * (RFC 9457) with a stable `code` and our request id. Unknown errors are logged with their stack
 * and answered with a generic 500 that reveals nothing.
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { PROBLEM_CONTENT_TYPE, type Problem } from '../../contracts/api';
import { HttpError, problemTitle } from '../errors';

/** Errors from Express's own layers (static files, URL decoding) carry a 4xx `status`. */
function fromExpress(error: unknown, path: string): HttpError | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const status = 'status' in error && typeof error.status === 'number' ? error.status : undefined;
  if (status === undefined || status < 400 || status >= 500) return undefined;
  if (status === 404) return new HttpError(404, 'not_found', `Nothing is served at ${path}.`);
  if (status === 403) return new HttpError(403, 'forbidden', `${path} is not served.`);
  return new HttpError(status, 'validation_failed', `The request for ${path} is not valid.`);
}

export const apiNotFound: RequestHandler = (req) => {
  throw new HttpError(404, 'not_found', `There is no API at ${req.method} ${req.baseUrl}${req.path}.`);
};

export const errorHandler: ErrorRequestHandler = (error, req, res, _next) => {
  const known = error instanceof HttpError ? error : fromExpress(error, req.originalUrl.split('?')[0]!);
  const problem =
    known ??
    new HttpError(
      500,
      'internal_error',
      `Something went wrong on our side. Quote request id ${req.requestId} to support.`,
    );
  if (!known) req.log.error({ err: error }, 'unhandled error');
  else if (known.status >= 500) req.log.warn({ code: known.code, detail: known.message }, 'request failed');

  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body: Problem = {
    type: `urn:sds-profiles:problem:${problem.code}`,
    title: problemTitle(problem.code),
    status: problem.status,
    code: problem.code,
    detail: problem.message,
    requestId: req.requestId,
    ...problem.extras,
  };
  for (const [name, value] of Object.entries(problem.headers)) res.setHeader(name, value);
  res.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
};
