import type { ProblemCode } from '../../contracts/api';
import {
  PREFER_UNKNOWN_ENUM_MEMBERS,
  profileStatusSchema,
  type GraphProfileStatus,
} from '../../contracts/graph';
import { HttpError } from '../errors';
import { batchRequests, subRequestError, type BatchRequest, type SubResponse } from './batchRequests';
import type { GraphApi } from './client';
import { graphProblem } from './errors';
import { profilePath } from './paths';

export type StatusOutcome =
  { status: GraphProfileStatus } | { problem: { code: ProblemCode; detail: string } };

function outcomeOf(sub: SubResponse): StatusOutcome {
  if (sub.status >= 200 && sub.status < 300) {
    const status = profileStatusSchema.safeParse(sub.body);
    return status.success
      ? { status: status.data }
      : {
          problem: {
            code: 'graph_error',
            detail: `Microsoft Graph returned a status SDS Profiles cannot read: ${status.error.issues[0]!.message}`,
          },
        };
  }
  const mapped = graphProblem(subRequestError(sub));
  return {
    problem:
      mapped instanceof HttpError
        ? { code: mapped.code, detail: mapped.message }
        : { code: 'internal_error', detail: 'The status could not be read.' },
  };
}

/**
 * Every profile's status through Graph `$batch` (server/graph/batchRequests.ts): never one call
 * per profile. A status that cannot be read, throttled past the retries and the time budget
 * included, leaves a problem for that profile only.
 */
export async function batchProfileStatuses(
  graph: GraphApi,
  ids: readonly string[],
): Promise<Map<string, StatusOutcome>> {
  const answers = await batchRequests(graph, ids.map(statusRequest));
  return statusOutcomes(ids, answers);
}

/** The `$batch` request for one profile's status. */
export function statusRequest(id: string): BatchRequest {
  return {
    method: 'GET',
    url: `${profilePath(id)}/profileStatus`,
    headers: { Prefer: PREFER_UNKNOWN_ENUM_MEMBERS },
  };
}

/** Each id's outcome from its sub-response (`answers` in the order of `ids`). */
export function statusOutcomes(
  ids: readonly string[],
  answers: readonly SubResponse[],
): Map<string, StatusOutcome> {
  return new Map(ids.map((id, i) => [id, outcomeOf(answers[i]!)]));
}
