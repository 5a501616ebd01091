import type { RequestHandler } from 'express';
import { profileListSchema, type ProfileSummary } from '../../contracts/api';
import { providerKindOf } from '../../contracts/graph';
import { batchProfileStatuses } from '../graph/batchProfileStatuses';
import type { GraphSessions } from '../graph/forRequest';
import { listProfiles } from '../graph/listProfiles';
import { toProfileStatus } from '../profileViews';

/** GET /api/profiles: every profile with its status; a status Graph could not give is marked, not fatal. */
export function listProfilesRoute(sessions: GraphSessions): RequestHandler {
  return async (req, res) => {
    const graph = await sessions.forRequest(req);
    const listed = await listProfiles(graph);
    const statuses = await batchProfileStatuses(
      graph,
      listed.map((p) => p.id),
    );
    const profiles = listed.map((listing): ProfileSummary => {
      const outcome = statuses.get(listing.id);
      const summary = {
        id: listing.id,
        displayName: listing.displayName,
        provider: providerKindOf(listing.dataProvider),
        state: listing.state ?? 'unknownFutureValue',
      };
      if (outcome && 'status' in outcome) return { ...summary, status: toProfileStatus(outcome.status) };
      return {
        ...summary,
        status: null,
        statusProblem: outcome?.problem ?? {
          code: 'graph_error',
          detail: 'Microsoft Graph did not report a status.',
        },
      };
    });
    res.json(profileListSchema.parse({ profiles }));
  };
}
