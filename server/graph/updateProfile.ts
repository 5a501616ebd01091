import type { GraphProfile, ProfileWrite } from '../../contracts/graph';
import type { GraphApi } from './client';
import { callGraph } from './errors';
import { readGraphProfile } from './getProfile';
import { PROFILES_PATH } from './paths';

/**
 * The documented update: PUT on the collection with the profile's id in the body
 * (graph-sds-api.md §2.4). Graph answers 202 with the profile; null when it sent no body.
 */
export async function updateProfile(
  graph: GraphApi,
  id: string,
  body: ProfileWrite,
): Promise<GraphProfile | null> {
  const answer: unknown = await callGraph('write', () => graph.request(PROFILES_PATH).put({ ...body, id }));
  return answer && typeof answer === 'object' && 'id' in answer ? readGraphProfile(answer) : null;
}
