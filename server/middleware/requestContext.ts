/**
 * Gives every request an id (echoed as `x-request-id`, quoted in every problem) and a logger whose
 * lines carry it, and logs one line when the response is done. With telemetry on, each API
 * request is a server span (Graph calls become its children) and the log lines carry its trace
 * id; the request duration is measured either way (a no-op without telemetry).
 */
import { randomUUID } from 'node:crypto';
import { context, isSpanContextValid, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Request, RequestHandler } from 'express';
import { TEAMS_SESSION_HEADER } from '../../contracts/wire';
import type { Logger } from '../logger';
import { meters, tracer } from '../telemetry/instruments';

/** A caller's own id is kept only when it cannot smuggle anything into logs or headers. */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;
/** The tab's Teams session id (X-Teams-App-Session-Id): a GUID in Teams, kept only when it looks like one. */
const SAFE_SESSION_ID = /^[A-Za-z0-9-]{8,64}$/;

/** The route template (`/api/profiles/:id`), never the ids in the path; the tab's pages are one route. */
function routeOf(req: Request): string {
  if (req.route?.path && typeof req.route.path === 'string') return `${req.baseUrl}${req.route.path}`;
  return req.originalUrl.startsWith('/api/') ? '/api/(unknown)' : '(tab)';
}

export function requestContext(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const incoming = req.get('x-request-id');
    req.requestId = incoming && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    const session = req.get(TEAMS_SESSION_HEADER);
    const teamsSessionId = session && SAFE_SESSION_ID.test(session) ? session : undefined;
    const path = req.originalUrl.split('?')[0]!;
    // The health probe comes every few seconds: measured, but not a trace of its own.
    const span =
      path.startsWith('/api/') && path !== '/api/health'
        ? tracer().startSpan(req.method, {
            kind: SpanKind.SERVER,
            attributes: {
              'http.request.method': req.method,
              'url.path': path,
              'url.scheme': req.protocol,
              'sds.request_id': req.requestId,
              ...(teamsSessionId ? { 'sds.teams_session_id': teamsSessionId } : {}),
            },
          })
        : undefined;
    const spanContext = span?.spanContext();
    const traced = spanContext && isSpanContextValid(spanContext) ? spanContext : undefined;
    req.log = logger.child({
      requestId: req.requestId,
      ...(teamsSessionId ? { teamsSessionId } : {}),
      ...(traced ? { trace_id: traced.traceId, span_id: traced.spanId } : {}),
    });
    res.setHeader('x-request-id', req.requestId);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const elapsedNs = process.hrtime.bigint() - started;
      const fields = {
        method: req.method,
        // The path only: query strings may carry user input we have not validated.
        path,
        status: res.statusCode,
        durationMs: Number(elapsedNs / 1_000_000n),
      };
      if (res.statusCode >= 500) req.log.warn(fields, 'request failed');
      else req.log.info(fields, 'request');
      const route = routeOf(req);
      if (path.startsWith('/api/')) {
        meters().requestDuration.record(Number(elapsedNs) / 1e9, {
          'http.request.method': req.method,
          'http.route': route,
          'http.response.status_code': res.statusCode,
        });
      }
      if (span) {
        span.updateName(`${req.method} ${route}`);
        span.setAttributes({ 'http.route': route, 'http.response.status_code': res.statusCode });
        if (req.auth) span.setAttribute('sds.tenant_id', req.auth.tenantId);
        if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        span.end();
      }
    });
    // A response that never finishes (client gone) still ends its span.
    res.on('close', () => {
      if (span?.isRecording() && !res.writableFinished) {
        span.setAttribute('sds.client_aborted', true);
        span.end();
      }
    });
    if (span) context.with(trace.setSpan(context.active(), span), next);
    else next();
  };
}
