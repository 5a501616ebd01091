/**
 * The Entra ID emulator: per-tenant OpenID discovery and signing keys, the token endpoint
 * (on-behalf-of and client credentials) and admin consent. Every request is recorded in the
 * request log; `POST /_emulator/entra/outage` makes it drop connections like an unreachable Entra.
 *
 * Route table (`{tenant}`: tenant id, verified domain, `common`, `organizations`, `consumers`):
 *   GET  /{tenant}/v2.0/.well-known/openid-configuration   v2 discovery (what MSAL reads)
 *   GET  /{tenant}/.well-known/openid-configuration        v1 discovery (MSAL's OIDC protocol mode)
 *   GET  /{tenant}/discovery/v2.0/keys, /{tenant}/discovery/keys
 *   POST /{tenant}/oauth2/v2.0/token, /{tenant}/oauth2/token
 *   GET  /{tenant}/v2.0/adminconsent, POST (the page's Accept and Cancel)
 */
import type { Socket } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { EmulatorContext } from '../context';
import { createAdminConsent } from './consent';
import { signingKeys, openIdConfiguration, type DiscoveryVersion } from './discovery';
import { EntraError, entraErrors, errorBody, requestIds } from './errors';
import { knownTenantSegments, resolveTenantPath, type TenantPath } from './tenants';
import { handleTokenRequest, type TokenLogDetails } from './token';
import { errorPage } from './consent-page';

type Locals = { entra: TokenLogDetails };

const TOKEN_PATH = /^\/[^/]+\/oauth2\/(v2\.0\/)?token\/?$/i;

export function createEntraApp(ctx: EmulatorContext): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.use(recordRequests(ctx));
  app.use(simulateOutage(ctx));

  const form = express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 100 });
  const consent = createAdminConsent(ctx);

  for (const [version, discoveryPath, keysPath] of [
    [2, '/:tenant/v2.0/.well-known/openid-configuration', '/:tenant/discovery/v2.0/keys'],
    [1, '/:tenant/.well-known/openid-configuration', '/:tenant/discovery/keys'],
  ] as const) {
    app.get(discoveryPath, (req, res) => {
      const path = tenantOrError(req, res);
      if (path) publicJson(res).json(openIdConfiguration(ctx, path, version as DiscoveryVersion));
    });
    app.get(keysPath, (req, res) => {
      const path = tenantOrError(req, res);
      if (path) publicJson(res).json(signingKeys(ctx, path, version as DiscoveryVersion));
    });
  }

  for (const tokenPath of ['/:tenant/oauth2/v2.0/token', '/:tenant/oauth2/token']) {
    app.post(tokenPath, form, async (req, res: Response<unknown, Locals>) => {
      const path = tenantOrError(req, res);
      if (path) await handleTokenRequest(ctx, path, req, res, res.locals.entra);
    });
  }

  // The v2 form, and the older one without `scope` (emulator/entra/consent.ts).
  for (const consentPath of ['/:tenant/v2.0/adminconsent', '/:tenant/adminconsent']) {
    app.get(consentPath, (req, res: Response<unknown, Locals>) => consent.show(req, res, res.locals.entra));
    app.post(consentPath, form, (req, res: Response<unknown, Locals>) =>
      consent.decide(req, res, res.locals.entra),
    );
  }

  // Sign-out (the discovery documents' end_session_endpoint): there is no session to end here.
  for (const logoutPath of ['/:tenant/oauth2/v2.0/logout', '/:tenant/oauth2/logout']) {
    app.get(logoutPath, (req, res) => {
      const target =
        typeof req.query.post_logout_redirect_uri === 'string' ? req.query.post_logout_redirect_uri : '';
      res
        .type('html')
        .send(
          '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Signed out</title></head>' +
            '<body><h1>You signed out of your account</h1><p>It is a good idea to close all browser windows.</p>' +
            (target ? '<p>(The emulator does not redirect after sign-out.)</p>' : '') +
            '</body></html>',
        );
    });
  }

  // Sign-in with a user's own consent is not emulated: the tab asks an admin for tenant-wide consent.
  app.get(['/:tenant/oauth2/v2.0/authorize', '/:tenant/oauth2/authorize'], (req, res) => {
    const ids = requestIds(req, ctx.clock.now());
    res
      .status(400)
      .type('html')
      .send(
        errorPage({
          message:
            'This emulator does not implement interactive sign-in (/oauth2/v2.0/authorize). ' +
            `Use admin consent instead: ${ctx.urls.entra}/{tenant}/v2.0/adminconsent?client_id=…&scope=…&redirect_uri=…&state=…`,
          ...ids,
        }),
      );
  });

  app.use((req, res) => {
    res.status(404).json({
      error: 'not_found',
      error_description:
        `No Entra endpoint at ${req.method} ${req.path}. This emulator serves /{tenant}/v2.0/.well-known/openid-configuration, ` +
        '/{tenant}/discovery/v2.0/keys, /{tenant}/oauth2/v2.0/token and /{tenant}/v2.0/adminconsent.',
    });
  });

  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const ids = requestIds(req, ctx.clock.now());
    // Bad form bodies (too large, wrong charset) are the client's fault, in Entra's shape.
    const status = (error as { status?: number }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const entraError = new EntraError(
        'invalid_request',
        90014,
        `The request body could not be read: ${(error as Error).message}.`,
      );
      res.status(400).json(errorBody(entraError, ids));
      return;
    }
    console.error(`Entra emulator: ${req.method} ${req.path} failed (trace ${ids.traceId}):`, error);
    res.status(500).json({
      error: 'server_error',
      error_description: `AADSTS90100: The emulator failed unexpectedly. Trace ID: ${ids.traceId}`,
      error_codes: [90100],
      trace_id: ids.traceId,
      correlation_id: ids.correlationId,
      timestamp: ids.timestamp,
    });
  });

  return app;

  function tenantOrError(req: Request, res: Response): TenantPath | undefined {
    const segment = typeof req.params.tenant === 'string' ? req.params.tenant : '';
    const path = resolveTenantPath(segment);
    const log = (res as Response<unknown, Locals>).locals.entra;
    if (path?.tenant) log.tenantId = path.tenant.id;
    if (path) return path;
    const ids = requestIds(req, ctx.clock.now());
    res.status(400).json(errorBody(entraErrors.tenantNotFound(segment, knownTenantSegments()), ids));
    return undefined;
  }
}

/** Discovery documents and keys are public and cacheable, and readable from any origin. */
function publicJson(res: Response): Response {
  return res.set({ 'cache-control': 'max-age=86400, private', 'access-control-allow-origin': '*' });
}

/** One request log entry per Entra request, written when the answer is complete. */
function recordRequests(ctx: EmulatorContext) {
  return (req: Request, res: Response<unknown, Locals>, next: NextFunction) => {
    res.locals.entra = {};
    res.on('finish', () => {
      ctx.log.record({
        service: 'entra',
        method: req.method,
        path: req.path,
        status: res.statusCode,
        ...withoutUndefined(res.locals.entra),
      });
    });
    next();
  };
}

/**
 * While Entra is "down", matching requests lose their connection before any answer, which is
 * what a client sees when the identity provider is unreachable mid-request.
 */
function simulateOutage(ctx: EmulatorContext) {
  return (req: Request, res: Response, next: NextFunction) => {
    const outage = ctx.entraOutage;
    const affected =
      outage.down && (outage.endpoints === 'all' || (req.method === 'POST' && TOKEN_PATH.test(req.path)));
    if (!affected) {
      next();
      return;
    }
    ctx.log.record({ service: 'entra', method: req.method, path: req.path, status: 0, fault: true });
    resetConnection(req.socket);
  };
}

function resetConnection(socket: Socket): void {
  // A TCP reset (the client sees ECONNRESET) needs the TCP socket under the TLS one, which Node
  // keeps in `_parent`; resetAndDestroy() refuses a TLS handle. Without it, close abruptly.
  const tcp = (socket as Socket & { _parent?: Socket })._parent;
  try {
    (tcp ?? socket).resetAndDestroy();
  } catch {
    // Already closed, or not a TCP handle: a plain close still ends the request without an answer.
  }
  socket.destroy();
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
