/**
 * Gives every request an id (echoed as `x-request-id`, quoted in every problem) and a logger whose
 * lines carry it, and logs one line when the response is done.
 */
import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from '../logger';

/** A caller's own id is kept only when it cannot smuggle anything into logs or headers. */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

export function requestContext(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const incoming = req.get('x-request-id');
    req.requestId = incoming && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    req.log = logger.child({ requestId: req.requestId });
    res.setHeader('x-request-id', req.requestId);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const fields = {
        method: req.method,
        // The path only: query strings may carry user input we have not validated.
        path: req.originalUrl.split('?')[0],
        status: res.statusCode,
        durationMs: Number((process.hrtime.bigint() - started) / 1_000_000n),
      };
      if (res.statusCode >= 500) req.log.warn(fields, 'request failed');
      else req.log.info(fields, 'request');
    });
    next();
  };
}
