/**
 * The path every Graph request takes, whether it arrived over HTTPS or inside a `$batch`:
 * faults → token → route → permission → handler → Graph's headers → request log.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { decodeJwt } from 'jose';
import { PREFER_UNKNOWN_ENUM_MEMBERS } from '../../contracts/graph';
import { authenticate, authorize, type Caller } from './auth';
import { errorBody, GraphHttpError, type RequestIds } from './errors';
import { prefers } from './odata';
import { fullPath, type GraphRequest, type GraphResponse } from './request';
import { matchRoute } from './routes';
import type { GraphState } from './state';

/** Graph's JSON content type (odata.metadata=minimal). */
export const GRAPH_JSON =
  'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

export type LoggedRequest = { method: string; url: string; status: number };

export function requestIds(graph: GraphState, request: GraphRequest): RequestIds {
  const requestId = randomUUID();
  return {
    requestId,
    // Graph echoes the client's id, or uses its own request id when none was sent.
    clientRequestId: request.headers['client-request-id'] || requestId,
    date: graph.ctx.clock.now(),
  };
}

/** Graph's response headers on every answer, including errors and $batch sub-responses. */
export function finish(
  response: GraphResponse,
  ids: RequestIds,
  extra: Record<string, string> = {},
): GraphResponse & { headers: Record<string, string> } {
  return {
    ...response,
    headers: {
      ...(response.body !== undefined ? { 'Content-Type': GRAPH_JSON } : {}),
      'Cache-Control': 'no-store',
      'OData-Version': '4.0',
      'request-id': ids.requestId,
      'client-request-id': ids.clientRequestId,
      // The emulator clock, so that a moved clock shows in Date as it does everywhere else.
      Date: ids.date.toUTCString(),
      ...extra,
      ...response.headers,
    },
  };
}

export function errorResponse(error: unknown, ids: RequestIds): GraphResponse {
  const graphError =
    error instanceof GraphHttpError
      ? error
      : new GraphHttpError(500, 'generalException', 'General exception while processing.');
  if (!(error instanceof GraphHttpError)) {
    // A bug in the emulator: visible to whoever runs it, answered as Graph would.
    console.error('Graph emulator: unexpected error', error);
  }
  return { status: graphError.status, headers: graphError.headers, body: errorBody(graphError, ids) };
}

/** Who the log says called: persona key for users, the client id for apps. */
export function logIdentity(caller: Caller | undefined) {
  if (!caller) return {};
  return {
    ...(caller.persona ? { persona: caller.persona.key } : {}),
    tenantId: caller.tenantId,
    ...(caller.clientId ? { clientId: caller.clientId } : {}),
    scopes: caller.permissions,
  };
}

/**
 * Whose requests a throttle applies to: tenant and user (or app), read from the token without
 * verifying it, because faults are decided before the token is checked, as by a proxy.
 */
function throttleKey(authorization: string | undefined): string {
  const token = /^Bearer\s+(\S+)/i.exec(authorization ?? '')?.[1];
  if (!token) return 'anonymous';
  try {
    const claims = decodeJwt(token);
    return `${String(claims.tid)}/${String(claims.oid ?? claims.appid ?? claims.azp)}`;
  } catch {
    return 'anonymous';
  }
}

/** Identifies the caller for the log without failing the request (fault answers come first). */
async function identify(graph: GraphState, request: GraphRequest): Promise<Caller | undefined> {
  try {
    return await authenticate(graph.ctx, request.headers.authorization);
  } catch {
    return undefined;
  }
}

export async function handleGraphRequest(graph: GraphState, request: GraphRequest): Promise<GraphResponse> {
  const { ctx } = graph;
  const ids = requestIds(graph, request);
  const path = fullPath(request);
  const includeUnknownEnumMembers = prefers(request.headers.prefer, PREFER_UNKNOWN_ENUM_MEMBERS);
  let caller: Caller | undefined;
  let fault = false;
  let response: GraphResponse;

  try {
    // Faults come first: Dev Proxy answers before the request ever reaches Graph.
    const decision = graph.faults.decide(
      request.method,
      path,
      ids.date.getTime(),
      throttleKey(request.headers.authorization),
    );
    if (decision && decision.latencyMs > 0 && decision.latencyAt !== 'response')
      await delay(decision.latencyMs);
    if (decision?.failure) {
      fault = true;
      caller = await identify(graph, request);
      throw decision.failure;
    }

    caller = await authenticate(ctx, request.headers.authorization);
    const { operation, params } = matchRoute(request.method, request.version, request.path);
    authorize(caller, operation.access);
    // One instant for the whole request, so that every member of an answer agrees.
    const now = ctx.clock.now().getTime();
    response = await operation.handle({
      graph,
      caller,
      request,
      params,
      query: new URLSearchParams(request.search),
      now,
      baseUrl: `${ctx.urls.graph}/${request.version}`,
      includeUnknownEnumMembers,
    });
    if (decision && decision.latencyMs > 0 && decision.latencyAt === 'response')
      await delay(decision.latencyMs);
  } catch (error) {
    response = errorResponse(error, ids);
  }

  const applied: Record<string, string> =
    includeUnknownEnumMembers && response.status < 400
      ? { 'Preference-Applied': PREFER_UNKNOWN_ENUM_MEMBERS }
      : {};
  const finished = finish(response, ids, applied);
  ctx.log.record({
    service: 'graph',
    method: request.method,
    path,
    status: finished.status,
    ...logIdentity(caller),
    ...(fault ? { fault: true } : {}),
    ...(request.inBatch ? { inBatch: true } : {}),
  });
  return finished;
}
