import type { GraphApi } from './client';
import { callGraph } from './errors';
import { profilePath } from './paths';

/** POST /education/synchronizationProfiles/{id}/reset. Clears recorded errors and restarts synchronization; nothing is deleted from the directory (graph-sds-api.md §2.8). */
export async function resetProfile(graph: GraphApi, id: string): Promise<void> {
  await callGraph('write', () => graph.request(`${profilePath(id)}/reset`).post(undefined));
}
