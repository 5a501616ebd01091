import type { Request, RequestHandler } from 'express';
import {
  fieldProblems,
  syncErrorGroupsSchema,
  syncErrorsPageSchema,
  syncErrorsQuerySchema,
} from '../../contracts/api';
import { authOf } from '../auth/requireAuth';
import { validationFailed } from '../errors';
import type { GraphSessions } from '../graph/forRequest';
import { getProfileStatus } from '../graph/getProfileStatus';
import { queryIndex, sortedGroups, type ErrorIndex, type SyncErrorIndex } from '../syncErrorIndex';
import { profileIdOf } from './params';

/**
 * The caller's view of the profile's error index: the status read as the caller (access and
 * version), then the index for that version, built from Graph's pages if needed.
 */
async function indexFor(req: Request, sessions: GraphSessions, index: SyncErrorIndex): Promise<ErrorIndex> {
  const id = profileIdOf(req);
  const status = await getProfileStatus(await sessions.forRequest(req), id);
  return index.get(authOf(req).tenantId, id, status, () => sessions.forRequest(req));
}

/**
 * GET /api/profiles/:id/errors?skip&top&entryType&errorCode&search: one page of the profile's
 * sync errors, newest first, filtered by group and searched by identifier.
 */
export function listSyncErrorsRoute(sessions: GraphSessions, index: SyncErrorIndex): RequestHandler {
  return async (req, res) => {
    profileIdOf(req);
    const query = syncErrorsQuerySchema.safeParse(req.query);
    if (!query.success) {
      throw validationFailed(
        'The query parameters are not valid: skip and top are whole numbers, entryType, errorCode and search are given at most once.',
        fieldProblems(query.error),
      );
    }
    const page = queryIndex(await indexFor(req, sessions, index), query.data);
    res.json(syncErrorsPageSchema.parse({ ...page, skip: query.data.skip, top: query.data.top }));
  };
}

/** GET /api/profiles/:id/errors/groups: the errors grouped by entry type and error code, with counts. */
export function listSyncErrorGroupsRoute(sessions: GraphSessions, index: SyncErrorIndex): RequestHandler {
  return async (req, res) => {
    const built = await indexFor(req, sessions, index);
    res.json(
      syncErrorGroupsSchema.parse({
        totalCount: built.rows.length,
        groups: sortedGroups(built),
        indexedAt: new Date(built.indexedAt).toISOString(),
      }),
    );
  };
}
