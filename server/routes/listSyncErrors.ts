import type { RequestHandler } from 'express';
import { fieldProblems, syncErrorsPageSchema, syncErrorsQuerySchema } from '../../contracts/api';
import { validationFailed } from '../errors';
import type { GraphSessions } from '../graph/forRequest';
import { listSyncErrors } from '../graph/listSyncErrors';
import { toSyncError } from '../profileViews';
import { profileIdOf } from './params';

/** GET /api/profiles/:id/errors?skip&top: one page of the profile's synchronization errors. */
export function listSyncErrorsRoute(sessions: GraphSessions): RequestHandler {
  return async (req, res) => {
    const id = profileIdOf(req);
    const query = syncErrorsQuerySchema.safeParse(req.query);
    if (!query.success) {
      throw validationFailed('The skip and top query parameters are not valid.', fieldProblems(query.error));
    }
    const graph = await sessions.forRequest(req);
    const page = await listSyncErrors(graph, id, query.data);
    res.json(
      syncErrorsPageSchema.parse({
        errors: page.errors.map(toSyncError),
        totalCount: page.totalCount,
        skip: query.data.skip,
        top: query.data.top,
      }),
    );
  };
}
