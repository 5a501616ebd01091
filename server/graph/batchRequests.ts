import { GraphError } from '@microsoft/microsoft-graph-client';
import { expectedRetryDelaySeconds, type GraphApi } from './client';
import { BATCH_LIMIT, batchAnswerSchema, type SubResponse } from './batchProfileStatuses';

export type BatchRequest = { method: 'GET' | 'POST'; url: string };

/**
 * Graph JSON batching for any requests: at most 20 a batch, batches sent at once. A throttled
 * sub-request (429: Graph did not run it) is sent again after its Retry-After while the time
 * budget allows; a GET also on 503/504. Every request gets its own answer, in the order given;
 * a batch that fails as a whole gives each of its requests that failure as a 5xx-like answer.
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
        requests: pending.map((index) => ({
          id: String(index),
          method: requests[index]!.method,
          url: requests[index]!.url,
          ...(requests[index]!.method === 'POST'
            ? { headers: { 'Content-Type': 'application/json' }, body: {} }
            : {}),
        })),
      });
      parsed = batchAnswerSchema.safeParse(raw);
      if (!parsed.success)
        throw new Error(`Graph's $batch answer is not readable: ${parsed.error.issues[0]!.message}`);
    } catch (error) {
      const status = error instanceof GraphError && error.statusCode > 0 ? error.statusCode : 502;
      const body =
        error instanceof GraphError
          ? { error: { code: error.code ?? 'batchFailed', message: error.message } }
          : {
              error: { code: 'batchFailed', message: String(error instanceof Error ? error.message : error) },
            };
      for (const index of pending) answers[index] = { id: String(index), status, body };
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
