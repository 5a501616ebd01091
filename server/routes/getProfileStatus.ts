import type { RequestHandler } from 'express';
import { profileStatusSchema } from '../../contracts/api';
import { ifNoneMatchHits, strongEtag } from '../etag';
import type { GraphSessions } from '../graph/forRequest';
import { getProfileStatus } from '../graph/getProfileStatus';
import { toProfileStatus } from '../profileViews';
import { profileIdOf } from './params';

/** GET /api/profiles/:id/status: cheap to poll, with If-None-Match → 304 when nothing changed. */
export function getProfileStatusRoute(sessions: GraphSessions): RequestHandler {
  return async (req, res) => {
    const id = profileIdOf(req);
    const graph = await sessions.forRequest(req);
    const status = profileStatusSchema.parse(toProfileStatus(await getProfileStatus(graph, id)));
    const etag = strongEtag(status);
    res.setHeader('ETag', etag);
    if (ifNoneMatchHits(req.get('if-none-match'), etag)) {
      res.status(304).end();
      return;
    }
    res.json(status);
  };
}
