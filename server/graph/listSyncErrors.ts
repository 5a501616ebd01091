import { z } from 'zod';
import { syncErrorSchema, type GraphSyncError } from '../../contracts/graph';
import type { GraphApi } from './client';
import { callGraph, unreadableGraphAnswer } from './errors';
import { profilePath } from './paths';

const pageSchema = z.object({
  value: z.array(syncErrorSchema),
  '@odata.count': z.number().int().nonnegative().optional(),
});

/** GET /education/synchronizationProfiles/{id}/errors with $top, $skip and $count. */
export async function listSyncErrors(
  graph: GraphApi,
  id: string,
  page: { skip: number; top: number },
): Promise<{ errors: GraphSyncError[]; totalCount: number }> {
  const answer = pageSchema.safeParse(
    await callGraph('read', () =>
      graph
        .request(`${profilePath(id)}/errors`)
        .top(page.top)
        .skip(page.skip)
        .count(true)
        .get(),
    ),
  );
  if (!answer.success) throw unreadableGraphAnswer('a sync error page', answer.error.issues[0]!.message);
  const { value, '@odata.count': count } = answer.data;
  // Without @odata.count, what this page shows is all that is known.
  return { errors: value, totalCount: count ?? page.skip + value.length };
}
