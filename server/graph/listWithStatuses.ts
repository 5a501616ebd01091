/**
 * The dashboard's read: every profile and its status, in as few Graph round trips as it can.
 * A status needs the profile's id, which only the list gives, so read one after the other that
 * is two round trips of Graph's latency before the first card. The ids this tenant's last list
 * gave are the likely answer, so their statuses go in the same `$batch` as the list itself (the
 * batches of 20 leave together): one round trip when nothing was added or removed. A profile
 * added since costs one more batch for its status; a status of a profile gone since is dropped
 * unread. The hint only saves time: what is shown is what the list, read with this admin's
 * token, says.
 *
 * Graph requests stay within 1 + ⌈N/20⌉: N + 1 sub-requests in ⌈(N + 1)/20⌉ batches, and one
 * batch more for profiles added since the hint.
 */
import {
  batchProfileStatuses,
  statusOutcomes,
  statusRequest,
  type StatusOutcome,
} from './batchProfileStatuses';
import { batchRequests, subRequestError } from './batchRequests';
import type { GraphApi } from './client';
import { graphProblem } from './errors';
import { FIRST_LIST_PAGE, listProfiles, type ProfileListing } from './listProfiles';
import type { ProfileIdHints } from '../profileIdHints';

export type ProfilesWithStatuses = {
  profiles: ProfileListing[];
  statuses: Map<string, StatusOutcome>;
};

/**
 * `known` is where this instance keeps each tenant's ids (server/profileIdHints.ts): read for
 * the guess, then updated with what the list gave. Without it, the list comes first.
 */
export async function listProfilesWithStatuses(
  graph: GraphApi,
  known: { hints: ProfileIdHints; tenantId: string } | null,
): Promise<ProfilesWithStatuses> {
  const result = await readWithGuess(graph, known?.hints.get(known.tenantId) ?? []);
  known?.hints.set(
    known.tenantId,
    result.profiles.map((p) => p.id),
  );
  return result;
}

async function readWithGuess(graph: GraphApi, expectedIds: readonly string[]): Promise<ProfilesWithStatuses> {
  if (expectedIds.length === 0) {
    const profiles = await listProfiles(graph);
    return {
      profiles,
      statuses: await batchProfileStatuses(
        graph,
        profiles.map((p) => p.id),
      ),
    };
  }
  const [list, ...answers] = await batchRequests(graph, [
    { method: 'GET', url: FIRST_LIST_PAGE },
    ...expectedIds.map(statusRequest),
  ]);
  // The list failed as it would alone (throttled past the retries, no consent, Graph down).
  if (list!.status < 200 || list!.status >= 300) throw graphProblem(subRequestError(list!), 'read');
  const profiles = await listProfiles(graph, list!.body);
  const statuses = statusOutcomes(expectedIds, answers);
  const missing = profiles.map((p) => p.id).filter((id) => !statuses.has(id));
  if (missing.length > 0) {
    for (const [id, outcome] of await batchProfileStatuses(graph, missing)) statuses.set(id, outcome);
  }
  const listed = new Set(profiles.map((p) => p.id));
  for (const id of statuses.keys()) if (!listed.has(id)) statuses.delete(id);
  return { profiles, statuses };
}
