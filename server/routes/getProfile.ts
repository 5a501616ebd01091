import type { RequestHandler } from 'express';
import { profileDetailSchema } from '../../contracts/api';
import type { GraphSessions } from '../graph/forRequest';
import { getProfile } from '../graph/getProfile';
import { toProfileDetail } from '../profileViews';
import type { Reconcile } from '../history/reconcile';
import { profileIdOf } from './params';

/**
 * GET /api/profiles/:id: the profile without secrets, and a strong ETag for the editor's If-Match.
 * Change-history records a stopped server left pending are settled from it, without holding up
 * (or failing) the read.
 */
export function getProfileRoute(sessions: GraphSessions, reconcile: Reconcile): RequestHandler {
  return async (req, res) => {
    const id = profileIdOf(req);
    const graph = await sessions.forRequest(req);
    const detail = profileDetailSchema.parse(toProfileDetail(await getProfile(graph, id)));
    void reconcile(req, id, detail.profile, 'stale');
    res.setHeader('ETag', detail.etag);
    res.json(detail);
  };
}
