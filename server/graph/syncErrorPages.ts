import { z } from 'zod';
import { syncErrorSchema, type GraphSyncError } from '../../contracts/graph';
import type { GraphApi } from './client';
import { callGraph, unreadableGraphAnswer } from './errors';
import { profilePath } from './paths';

/**
 * The page size asked for with `$top` (documented for the errors list, graph-sds-api.md §2.12).
 * Graph may page smaller; the nextLinks are followed all the same.
 */
export const ERRORS_PAGE_SIZE = 999;
/** Stops a Graph that keeps answering with nextLinks: 500 pages of 999 is far beyond any profile. */
const MAX_PAGES = 500;

const pageSchema = z.object({
  value: z.array(syncErrorSchema),
  '@odata.count': z.number().int().nonnegative().optional(),
  '@odata.nextLink': z.string().optional(),
});

export type SyncErrorPage = { errors: GraphSyncError[]; totalCount: number | undefined };

/**
 * Every page of GET /education/synchronizationProfiles/{id}/errors, following @odata.nextLink.
 * `session` gives the Graph client for each page: a walk of 50,000 errors outlasts one request's
 * time budget, so each page gets a budget of its own (the token is the caller's, cached).
 */
export async function* syncErrorPages(
  session: () => Promise<GraphApi>,
  id: string,
): AsyncGenerator<SyncErrorPage> {
  let next: string | undefined = `${profilePath(id)}/errors?$top=${ERRORS_PAGE_SIZE}&$count=true`;
  for (let page = 0; next !== undefined; page++) {
    if (page === MAX_PAGES) throw unreadableGraphAnswer('the sync errors', `more than ${MAX_PAGES} pages`);
    const graph = await session();
    const path: string = next;
    const answer = pageSchema.safeParse(await callGraph('read', () => graph.request(path).get()));
    if (!answer.success) throw unreadableGraphAnswer('a sync error page', answer.error.issues[0]!.message);
    next = answer.data['@odata.nextLink'];
    // The token goes wherever the link points: only ever to the Graph we were configured with.
    if (next !== undefined && !graph.isGraphLink(next)) {
      throw unreadableGraphAnswer('a sync error page', `a next page link outside Microsoft Graph (${next})`);
    }
    yield { errors: answer.data.value, totalCount: answer.data['@odata.count'] };
  }
}
