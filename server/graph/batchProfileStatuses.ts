import { GraphError } from '@microsoft/microsoft-graph-client';
import { z } from 'zod';
import type { ProblemCode } from '../../contracts/api';
import {
  PREFER_UNKNOWN_ENUM_MEMBERS,
  profileStatusSchema,
  type GraphProfileStatus,
} from '../../contracts/graph';
import { HttpError } from '../errors';
import { expectedRetryDelaySeconds, type GraphApi } from './client';
import { graphProblem } from './errors';
import { profilePath } from './paths';

/** Graph's JSON batching limit (reliability-performance.md §2.4). */
export const BATCH_LIMIT = 20;
const RETRYABLE = new Set([429, 503, 504]);

export type StatusOutcome =
  { status: GraphProfileStatus } | { problem: { code: ProblemCode; detail: string } };

export const batchAnswerSchema = z.object({
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

function problemOf(error: unknown): { code: ProblemCode; detail: string } {
  const mapped = graphProblem(error);
  return mapped instanceof HttpError
    ? { code: mapped.code, detail: mapped.message }
    : { code: 'internal_error', detail: 'The status could not be read.' };
}

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
 * Every profile's status through Graph `$batch`: at most 20 sub-requests a batch, batches sent
 * at once, never one call per profile. A status that cannot be read leaves a problem for that
 * profile only.
 */
export async function batchProfileStatuses(
  graph: GraphApi,
  ids: readonly string[],
): Promise<Map<string, StatusOutcome>> {
  const outcomes = new Map<string, StatusOutcome>();
  const chunks: string[][] = [];
  for (let i = 0; i < ids.length; i += BATCH_LIMIT) chunks.push(ids.slice(i, i + BATCH_LIMIT));
  await Promise.all(chunks.map((chunk) => runChunk(graph, chunk, outcomes)));
  return outcomes;
}

async function runChunk(graph: GraphApi, ids: string[], outcomes: Map<string, StatusOutcome>): Promise<void> {
  let pending = ids;
  for (let round = 1; pending.length > 0; round++) {
    const requests = pending.map((id, index) => ({
      id: String(index),
      method: 'GET',
      url: `${profilePath(id)}/profileStatus`,
      headers: { Prefer: PREFER_UNKNOWN_ENUM_MEMBERS },
    }));
    let answer: z.infer<typeof batchAnswerSchema>;
    try {
      const parsed = batchAnswerSchema.safeParse(await graph.request('/$batch').post({ requests }));
      if (!parsed.success)
        throw new Error(`Graph's $batch answer is not readable: ${parsed.error.issues[0]!.message}`);
      answer = parsed.data;
    } catch (error) {
      const problem = problemOf(error);
      for (const id of pending) outcomes.set(id, { problem });
      return;
    }

    const again: string[] = [];
    let waitSeconds = 0;
    for (const [index, id] of pending.entries()) {
      const sub = answer.responses.find((r) => r.id === String(index));
      if (!sub) {
        outcomes.set(id, {
          problem: {
            code: 'graph_error',
            detail: 'Microsoft Graph left this status out of its batch answer.',
          },
        });
        continue;
      }
      if (sub.status >= 200 && sub.status < 300) {
        const status = profileStatusSchema.safeParse(sub.body);
        outcomes.set(
          id,
          status.success
            ? { status: status.data }
            : {
                problem: {
                  code: 'graph_error',
                  detail: `Microsoft Graph returned a status SDS Profiles cannot read: ${status.error.issues[0]!.message}`,
                },
              },
        );
        continue;
      }
      const error = subRequestError(sub);
      const wait = expectedRetryDelaySeconds(new Response(null, { headers: error.headers }), round, 0);
      if (RETRYABLE.has(sub.status) && round <= graph.maxRetries) {
        again.push(id);
        waitSeconds = Math.max(waitSeconds, wait);
      } else {
        outcomes.set(id, { problem: problemOf(error) });
      }
    }
    if (again.length === 0) return;
    if (Date.now() + waitSeconds * 1000 >= graph.deadline) {
      for (const id of again) {
        outcomes.set(id, {
          problem: {
            code: 'graph_throttled',
            detail: 'Microsoft Graph is busy; this status will show on the next refresh.',
          },
        });
      }
      return;
    }
    graph.log.info({ count: again.length, waitSeconds, round }, 'asking Graph again for throttled statuses');
    await new Promise((resolve) => setTimeout(resolve, waitSeconds * 1000));
    pending = again;
  }
}
