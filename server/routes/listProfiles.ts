import type { RequestHandler } from 'express';
import { profileListSchema, type ProfileSummary } from '../../contracts/api';
import { providerKindOf } from '../../contracts/graph';
import { authOf } from '../auth/requireAuth';
import type { GraphSessions } from '../graph/forRequest';
import { listProfilesWithStatuses } from '../graph/listWithStatuses';
import type { ProfileIdHints } from '../profileIdHints';
import { toProfileStatus } from '../profileViews';

/**
 * GET /api/profiles: every profile with its status; a status Graph could not give is marked, not
 * fatal. `hints` remembers each tenant's ids so that the next list comes with its statuses.
 */
export function listProfilesRoute(sessions: GraphSessions, hints: ProfileIdHints): RequestHandler {
  return async (req, res) => {
    const graph = await sessions.forRequest(req);
    const { profiles: listed, statuses } = await listProfilesWithStatuses(graph, {
      hints,
      tenantId: authOf(req).tenantId,
    });
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
