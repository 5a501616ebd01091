import { profileStatusSchema, type GraphProfileStatus } from '../../contracts/graph';
import type { GraphApi } from './client';
import { callGraph, unreadableGraphAnswer } from './errors';
import { profilePath } from './paths';

/** GET /education/synchronizationProfiles/{id}/profileStatus. */
export async function getProfileStatus(graph: GraphApi, id: string): Promise<GraphProfileStatus> {
  const answer = profileStatusSchema.safeParse(
    await callGraph('read', () => graph.request(`${profilePath(id)}/profileStatus`).get()),
  );
  if (!answer.success) throw unreadableGraphAnswer('a profile status', answer.error.issues[0]!.message);
  return answer.data;
}
