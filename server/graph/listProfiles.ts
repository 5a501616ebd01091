import type { EducationSynchronizationProfile } from '@microsoft/microsoft-graph-types-beta';
import { z } from 'zod';
import { normalizeODataTypes, profileReadSchema } from '../../contracts/graph';
import type { GraphApi } from './client';
import { callGraph, unreadableGraphAnswer } from './errors';
import { PROFILES_PATH } from './paths';

export type ProfileListing = z.infer<typeof profileReadSchema>;

/** Stops a Graph that keeps answering with nextLinks from holding the request forever. */
const MAX_PAGES = 100;

/**
 * The page size asked for with `$top` (documented for this list, graph-sds-api.md §2.1): without it
 * Graph pages by 20, and every page is one more Graph request in the dashboard's budget. 999 is
 * the largest `$top` Microsoft Graph collections commonly accept; Graph may still page smaller,
 * so the nextLinks are followed all the same.
 */
export const LIST_PAGE_SIZE = 999;

const pageSchema = z.object({
  value: z.array(z.unknown()),
  '@odata.nextLink': z.string().optional(),
});

/** The first page's request: relative to Graph's version, for a direct call or a `$batch`. */
export const FIRST_LIST_PAGE = `${PROFILES_PATH}?$top=${LIST_PAGE_SIZE}`;

/**
 * GET /education/synchronizationProfiles?$top=…, following @odata.nextLink to the end.
 * `firstPage` is the first page's body when it was already asked for (inside a `$batch`).
 */
export async function listProfiles(graph: GraphApi, firstPage?: unknown): Promise<ProfileListing[]> {
  const profiles: ProfileListing[] = [];
  let next: string | undefined = FIRST_LIST_PAGE;
  for (let page = 0; next !== undefined; page++) {
    if (page === MAX_PAGES) throw unreadableGraphAnswer('a profile list', `more than ${MAX_PAGES} pages`);
    const path: string = next;
    const body =
      page === 0 && firstPage !== undefined
        ? firstPage
        : await callGraph('read', () => graph.request(path).get());
    const answer = pageSchema.safeParse(body);
    if (!answer.success) throw unreadableGraphAnswer('a profile list', answer.error.issues[0]!.message);
    for (const item of answer.data.value as EducationSynchronizationProfile[]) {
      const profile = profileReadSchema.safeParse(normalizeODataTypes(item));
      if (!profile.success) {
        const issue = profile.error.issues[0]!;
        throw unreadableGraphAnswer(
          `profile ${item.id ?? '(no id)'}`,
          `${issue.path.join('.')} ${issue.message}`,
        );
      }
      profiles.push(profile.data);
    }
    next = answer.data['@odata.nextLink'];
    // The token goes wherever the link points: only ever to the Graph we were configured with.
    if (next !== undefined && !graph.isGraphLink(next)) {
      throw unreadableGraphAnswer('a profile list', `a next page link outside Microsoft Graph (${next})`);
    }
  }
  return profiles;
}
