import type { GraphApi } from './client';
import { callGraph } from './errors';
import { profilePath } from './paths';

/** POST /education/synchronizationProfiles/{id}/pause. Pauses an ongoing synchronization (graph-sds-api.md §2.6). */
export async function pauseProfile(graph: GraphApi, id: string): Promise<void> {
  await callGraph('write', () => graph.request(`${profilePath(id)}/pause`).post(undefined));
}
