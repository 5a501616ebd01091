/**
 * Per-user rate limit, keyed by tenant and object id after authentication, so one user cannot use
 * up the app's Graph quota for everyone (ASVS 2.4.1). The store comes from the shared state: with
 * Redis the limit is one limit per user across every instance.
 */
import { rateLimit, type Store } from 'express-rate-limit';
import type { RequestHandler } from 'express';
import { HttpError, retryAfterHeader } from '../errors';

const WINDOW_MS = 60_000;

export function perUserRateLimit(limitPerMinute: number, store: Store): RequestHandler {
  return rateLimit({
    store,
    windowMs: WINDOW_MS,
    limit: limitPerMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req) => `${req.auth?.tenantId ?? 'anonymous'}:${req.auth?.objectId ?? 'anonymous'}`,
    // The key never uses the client's address, so the proxy-header checks do not apply.
    validate: { xForwardedForHeader: false, trustProxy: false, keyGeneratorIpFallback: false },
    handler: (req, res, next) => {
      const reset = (req as { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
      const seconds = reset
        ? Math.max(1, Math.ceil((reset.getTime() - Date.now()) / 1000))
        : WINDOW_MS / 1000;
      next(
        new HttpError(
          429,
          'rate_limited',
          `You made more than ${limitPerMinute} requests in a minute. Try again in ${seconds} seconds.`,
          { extras: { retryAfterSeconds: seconds }, headers: retryAfterHeader(seconds) },
        ),
      );
    },
  });
}
