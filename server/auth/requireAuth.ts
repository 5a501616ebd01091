/**
 * The auth middleware factory: reads `Authorization: Bearer`, lets the injected validator decide,
 * and attaches a typed `req.auth`. Why a token failed is logged (never the token) and returned as
 * problem+json by the error handler.
 */
import type { Request, RequestHandler } from 'express';
import { HttpError, unauthorized } from '../errors';
import type { AuthContext, TokenValidator } from './types';

/** Entra access tokens are a few kB; anything far larger is not one (ASVS 4.2.5). */
const MAX_TOKEN_LENGTH = 16 * 1024;

export function requireAuth(validator: Pick<TokenValidator, 'validate'>): RequestHandler {
  return async (req, _res, next) => {
    const header = req.get('authorization');
    if (!header) {
      throw unauthorized(
        'invalid_token',
        'Send the Teams SSO token in an "Authorization: Bearer <token>" header.',
      );
    }
    const match = /^Bearer[ ]+([^\s]+)$/i.exec(header.trim());
    if (!match) {
      throw unauthorized('invalid_token', 'The Authorization header must be "Bearer <token>".');
    }
    const token = match[1]!;
    if (token.length > MAX_TOKEN_LENGTH) {
      throw unauthorized('invalid_token', `The token is longer than ${MAX_TOKEN_LENGTH} characters.`);
    }
    try {
      req.auth = await validator.validate(token);
    } catch (error) {
      if (error instanceof HttpError) {
        req.log.info({ code: error.code, reason: error.message }, 'token rejected');
      }
      throw error;
    }
    req.log = req.log.child({ tid: req.auth.tenantId, oid: req.auth.objectId });
    next();
  };
}

/** The caller of a route behind requireAuth. */
export function authOf(req: Request): AuthContext {
  if (!req.auth) throw new HttpError(500, 'internal_error', 'Route is missing the auth middleware.');
  return req.auth;
}
