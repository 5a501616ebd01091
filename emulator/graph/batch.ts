/**
 * JSON batching (`POST /beta/$batch`): up to 20 requests, each answered with its own id, status,
 * headers and body inside an outer 200. Every sub-request goes through `handleGraphRequest`, so it
 * meets the same token check, permissions, faults and log as a direct call. A request whose
 * `dependsOn` failed is not run and gets 424 Failed Dependency.
 * https://learn.microsoft.com/graph/json-batching
 */
import { z } from 'zod';
import { authenticate, type Caller } from './auth';
import { badRequest, GraphHttpError, invalidRequest } from './errors';
import {
  errorResponse,
  finish,
  handleGraphRequest,
  logIdentity,
  requestIds,
  type LoggedRequest,
} from './pipeline';
import type { GraphRequest, GraphResponse } from './request';
import type { GraphState } from './state';
import { requireJsonBody } from './validation';

export const MAX_BATCH_REQUESTS = 20;

const subRequestSchema = z.strictObject({
  id: z.string().trim().min(1, { error: 'must not be empty' }),
  method: z
    .string()
    .transform((m) => m.toUpperCase())
    .pipe(
      z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], { error: 'must be GET, POST, PUT, PATCH or DELETE' }),
    ),
  url: z
    .string()
    .min(1, { error: 'must not be empty' })
    .refine((url) => !/^[a-z][a-z0-9+.-]*:/i.test(url), {
      error: 'must be relative to the version, such as /education/synchronizationProfiles',
    }),
  headers: z.record(z.string(), z.string()).optional(),
  body: z.unknown().optional(),
  dependsOn: z.array(z.string()).optional(),
});
type SubRequest = z.infer<typeof subRequestSchema>;

const batchSchema = z.strictObject({
  requests: z.array(subRequestSchema).min(1, { error: 'must hold at least one request' }),
});

function parseBatch(body: Record<string, unknown>): SubRequest[] {
  if (Array.isArray(body.requests) && body.requests.length > MAX_BATCH_REQUESTS) {
    throw badRequest(
      `Number of requests in the batch (${body.requests.length}) exceeds the limit of ${MAX_BATCH_REQUESTS}. Split it into several batches.`,
      'requests',
    );
  }
  const result = batchSchema.safeParse(body);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const target = issue.path.map(String).join('.');
    throw invalidRequest(`Invalid batch request: '${target}' ${issue.message}.`, target);
  }
  const requests = result.data.requests;
  const ids = new Set<string>();
  for (const [i, r] of requests.entries()) {
    if (ids.has(r.id))
      throw invalidRequest(
        `Invalid batch request: the id '${r.id}' is used more than once.`,
        `requests.${i}.id`,
      );
    ids.add(r.id);
  }
  for (const [i, r] of requests.entries()) {
    for (const dep of r.dependsOn ?? []) {
      if (dep === r.id || !ids.has(dep)) {
        throw invalidRequest(
          `Invalid batch request: requests.${i}.dependsOn names '${dep}', which is not another request of this batch.`,
          `requests.${i}.dependsOn`,
        );
      }
    }
  }
  return requests;
}

/** Dependencies first, otherwise in the order given; a cycle is a 400. */
function executionOrder(requests: SubRequest[]): SubRequest[] {
  const byId = new Map(requests.map((r) => [r.id, r]));
  const order: SubRequest[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (r: SubRequest) => {
    if (state.get(r.id) === 'done') return;
    if (state.get(r.id) === 'visiting') {
      throw invalidRequest(`Invalid batch request: dependsOn forms a cycle through '${r.id}'.`, 'requests');
    }
    state.set(r.id, 'visiting');
    for (const dep of r.dependsOn ?? []) visit(byId.get(dep)!);
    state.set(r.id, 'done');
    order.push(r);
  };
  requests.forEach(visit);
  return order;
}

function subRequest(outer: GraphRequest, r: SubRequest): GraphRequest {
  const url = r.url.startsWith('/') ? r.url : `/${r.url}`;
  const queryAt = url.indexOf('?');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(r.headers ?? {})) headers[name.toLowerCase()] = value;
  // Sub-requests carry no credentials of their own: the batch's token applies to each.
  headers.authorization = outer.headers.authorization ?? '';
  const body =
    r.body === undefined
      ? undefined
      : Buffer.from(typeof r.body === 'string' ? r.body : JSON.stringify(r.body));
  return {
    method: r.method,
    version: outer.version,
    path: queryAt === -1 ? url : url.slice(0, queryAt),
    search: queryAt === -1 ? '' : url.slice(queryAt),
    headers,
    body,
    inBatch: true,
  };
}

type SubResponse = { id: string; status: number; headers: Record<string, string>; body?: unknown };

export async function handleBatch(graph: GraphState, outer: GraphRequest): Promise<GraphResponse> {
  const ids = requestIds(graph, outer);
  let caller: Caller | undefined;
  const logged: LoggedRequest[] = [];
  let response: GraphResponse;
  try {
    caller = await authenticate(graph.ctx, outer.headers.authorization);
    if (outer.method !== 'POST') {
      throw new GraphHttpError(405, 'methodNotAllowed', `$batch accepts POST only, not ${outer.method}.`, {
        headers: { Allow: 'POST' },
      });
    }
    const requests = parseBatch(requireJsonBody(outer.headers['content-type'], outer.body));
    const answers = new Map<string, SubResponse>();
    for (const r of executionOrder(requests)) {
      const failed = (r.dependsOn ?? []).find((dep) => (answers.get(dep)?.status ?? 0) >= 400);
      let answer: SubResponse;
      if (failed !== undefined) {
        const subIds = requestIds(graph, outer);
        const error = new GraphHttpError(
          424,
          'failedDependency',
          `This request was not run because request '${failed}', which it depends on, failed with status ${answers.get(failed)!.status}.`,
        );
        const finished = finish(errorResponse(error, subIds), subIds);
        answer = { id: r.id, status: finished.status, headers: finished.headers, body: finished.body };
      } else {
        const result = await handleGraphRequest(graph, subRequest(outer, r));
        answer = { id: r.id, status: result.status, headers: result.headers ?? {}, body: result.body };
      }
      answers.set(r.id, answer);
      logged.push({ method: r.method, url: r.url, status: answer.status });
    }
    response = {
      status: 200,
      body: {
        responses: requests.map((r) => {
          const a = answers.get(r.id)!;
          return {
            id: a.id,
            status: a.status,
            headers: a.headers,
            ...(a.body !== undefined ? { body: a.body } : {}),
          };
        }),
      },
    };
  } catch (error) {
    response = errorResponse(error, ids);
  }
  const finished = finish(response, ids);
  graph.ctx.log.record({
    service: 'graph',
    method: outer.method,
    path: `/${outer.version}/$batch${outer.search}`,
    status: finished.status,
    ...logIdentity(caller),
    ...(logged.length > 0 ? { batch: logged } : {}),
  });
  return finished;
}
