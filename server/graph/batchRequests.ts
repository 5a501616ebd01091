import { GraphError } from '@microsoft/microsoft-graph-client';
import { z } from 'zod';
import { expectedRetryDelaySeconds, type GraphApi } from './client';

/** Graph's JSON batching limit (reliability-performance.md §2.4). */
export const BATCH_LIMIT = 20;

export type BatchRequest = { method: 'GET' | 'POST'; url: string; headers?: Record<string, string> };

const batchAnswerSchema = z.object({
  responses: z.array(
    z.object({
      id: z.string(),
      status: z.number().int(),
      headers: z.record(z.string(), z.string()).optional(),
      body: z.unknown().optional(),
    }),
  ),
});
export type SubResponse = z.infer<typeof batchAnswerSchema>['responses'][number];

/** A failed sub-request as the GraphError the SDK would have thrown for it alone. */
export function subRequestError(sub: SubResponse): GraphError {
  const body = sub.body && typeof sub.body === 'object' && 'error' in sub.body ? sub.body.error : sub.body;
  const error = new GraphError(sub.status);
  error.body = JSON.stringify(body ?? {});
  error.headers = new Headers(sub.headers ?? {});
  error.requestId = error.headers.get('request-id');
  return error;
}

/**
 * A whole batch that failed, as each of its requests' answer: a GraphError keeps its status
 * (-1, no answer at all, included) and headers, so each reads as that failure would alone;
 * anything else (an answer we cannot read) is Graph's 502.
 */
function failedBatchAnswer(error: unknown, id: string): SubResponse {
  if (error instanceof GraphError) {
    return {
      id,
      status: error.statusCode,
      headers: error.headers ? Object.fromEntries(error.headers.entries()) : {},
      body: { error: { code: error.code ?? 'batchFailed', message: error.message } },
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { id, status: 502, body: { error: { code: 'batchFailed', message } } };
}

/**
 * Graph JSON batching for any requests: at most 20 a batch, batches sent at once, never one call
 * per request. A throttled sub-request (429: Graph did not run it) is sent again after its
 * Retry-After while the retries and the time budget allow; a GET also on 503/504. Every request
 * gets its own answer, in the order given: the last one Graph gave it.
 * https://learn.microsoft.com/graph/json-batching
 */
export async function batchRequests(
  graph: GraphApi,
  requests: readonly BatchRequest[],
): Promise<SubResponse[]> {
  const answers: SubResponse[] = new Array(requests.length);
  const chunks: number[][] = [];
  for (let i = 0; i < requests.length; i += BATCH_LIMIT) {
    chunks.push([...Array(Math.min(BATCH_LIMIT, requests.length - i)).keys()].map((k) => i + k));
  }
  await Promise.all(chunks.map((chunk) => runChunk(graph, requests, chunk, answers)));
  return answers;
}

function retryable(request: BatchRequest, status: number): boolean {
  return status === 429 || (request.method === 'GET' && (status === 503 || status === 504));
}

async function runChunk(
  graph: GraphApi,
  requests: readonly BatchRequest[],
  chunk: number[],
  answers: SubResponse[],
): Promise<void> {
  let pending = chunk;
  for (let round = 1; pending.length > 0; round++) {
    let parsed;
    try {
      const raw: unknown = await graph.request('/$batch').post({
        requests: pending.map((index) => {
          const { method, url, headers } = requests[index]!;
          return {
            id: String(index),
            method,
            url,
            ...(method === 'POST'
              ? { headers: { ...headers, 'Content-Type': 'application/json' }, body: {} }
              : headers
                ? { headers }
                : {}),
          };
        }),
      });
      parsed = batchAnswerSchema.safeParse(raw);
      if (!parsed.success)
        throw new Error(`Graph's $batch answer is not readable: ${parsed.error.issues[0]!.message}`);
    } catch (error) {
      for (const index of pending) answers[index] = failedBatchAnswer(error, String(index));
      return;
    }
    const again: number[] = [];
    let waitSeconds = 0;
    for (const index of pending) {
      const sub = parsed.data.responses.find((r) => r.id === String(index));
      if (!sub) {
        answers[index] = {
          id: String(index),
          status: 502,
          body: {
            error: {
              code: 'missingFromBatch',
              message: 'Microsoft Graph left this request out of its batch answer.',
            },
          },
        };
        continue;
      }
      answers[index] = sub;
      if (retryable(requests[index]!, sub.status) && round <= graph.maxRetries) {
        const wait = expectedRetryDelaySeconds(new Response(null, { headers: sub.headers ?? {} }), round, 0);
        if (Date.now() + wait * 1000 < graph.deadline) {
          again.push(index);
          waitSeconds = Math.max(waitSeconds, wait);
        }
      }
    }
    if (again.length === 0) return;
    graph.log.info({ count: again.length, waitSeconds, round }, 'sending throttled batch requests again');
    await new Promise((resolve) => setTimeout(resolve, waitSeconds * 1000));
    pending = again;
  }
}
