/**
 * The Microsoft Graph emulator: the beta `educationSynchronizationProfile` family over HTTPS,
 * following ../shared/reference/graph-sds-api.md. This module adapts HTTP to the request pipeline
 * (pipeline.ts) and hands the control API its routes (admin.ts). Only `/beta` and `/v1.0` are
 * answered here; everything else falls through to the control API mounted after it.
 *
 * Paging: a list answers at most 20 profiles per page when no $top is given, with
 * `@odata.nextLink` for the rest, so clients must follow nextLink as they must with real Graph.
 */
import express from 'express';
import type { EmulatorContext } from '../context';
import { createFaultsAndSeedRouter } from './admin';
import { authenticate } from './auth';
import { handleBatch } from './batch';
import { GraphHttpError } from './errors';
import { errorResponse, finish, handleGraphRequest, requestIds } from './pipeline';
import type { GraphRequest, GraphResponse } from './request';
import { graphState } from './state';

/** Graph refuses bodies above 4 MB; ours are small profiles, so this only guards the process. */
const MAX_BODY = '4mb';

function toGraphRequest(req: express.Request, version: string): GraphRequest {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  const queryAt = req.originalUrl.indexOf('?');
  return {
    method: req.method,
    version,
    path: req.path,
    search: queryAt === -1 ? '' : req.originalUrl.slice(queryAt),
    headers,
    body: Buffer.isBuffer(req.body) && req.body.length > 0 ? req.body : undefined,
  };
}

function send(res: express.Response, response: GraphResponse): void {
  res.status(response.status);
  for (const [name, value] of Object.entries(response.headers ?? {})) res.setHeader(name, value);
  if (response.body === undefined) res.end();
  else res.end(JSON.stringify(response.body));
}

export function createGraphApp(ctx: EmulatorContext): express.Express {
  const graph = graphState(ctx);
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  // OpenID Connect UserInfo (the discovery documents' userinfo_endpoint, as Entra's points at
  // https://graph.microsoft.com/oidc/userinfo): who the Graph token's user is.
  app.all('/oidc/userinfo', async (req, res) => {
    res.setHeader('cache-control', 'no-store');
    if (req.method !== 'GET' && req.method !== 'POST') {
      res.status(405).setHeader('allow', 'GET, POST').end();
      return;
    }
    try {
      const caller = await authenticate(ctx, req.get('authorization'));
      const persona = caller.persona;
      if (!persona)
        throw new GraphHttpError(401, 'InvalidAuthenticationToken', 'UserInfo needs a user token.');
      const [givenName, ...rest] = persona.displayName.split(' ');
      res.json({
        sub: `${persona.objectId}-sub`,
        name: persona.displayName,
        family_name: rest.join(' '),
        given_name: givenName,
        email: persona.userPrincipalName,
      });
    } catch (error) {
      if (!(error instanceof GraphHttpError)) throw error;
      res
        .status(error.status)
        .setHeader(
          'www-authenticate',
          `Bearer error="invalid_token", error_description="${error.message.replace(/"/g, "'")}"`,
        )
        .json({ error: { code: error.code, message: error.message } });
    }
  });

  for (const version of ['beta', 'v1.0']) {
    const router = express.Router();
    // Bodies are read raw: Content-Type and JSON are judged per operation, as Graph does.
    router.use(express.raw({ type: () => true, limit: MAX_BODY }));
    router.use(async (req, res) => {
      const request = toGraphRequest(req, version);
      const response =
        request.path === '/$batch'
          ? await handleBatch(graph, request)
          : await handleGraphRequest(graph, request);
      send(res, response);
    });
    // Body parsing failures (too large, bad encoding) still get Graph's error shape and a log entry.
    router.use((error: unknown, req: express.Request, res: express.Response, _next: express.NextFunction) => {
      const request = toGraphRequest(req, version);
      const ids = requestIds(graph, request);
      const status = (error as { status?: number }).status ?? 400;
      const graphError = new GraphHttpError(
        status,
        status === 413 ? 'requestTooLarge' : 'invalidRequest',
        status === 413
          ? `The request body is larger than ${MAX_BODY}.`
          : `The request body could not be read: ${(error as Error).message}`,
      );
      const response = finish(errorResponse(graphError, ids), ids);
      ctx.log.record({
        service: 'graph',
        method: req.method,
        path: `/${version}${request.path}${request.search}`,
        status: response.status,
      });
      send(res, response);
    });
    app.use(`/${version}`, router);
  }
  return app;
}

/** Faults and seeding for the control API (`/_emulator/faults`, `/_emulator/seed`). */
export function createGraphAdminRouter(ctx: EmulatorContext): express.Router {
  return createFaultsAndSeedRouter(ctx);
}
