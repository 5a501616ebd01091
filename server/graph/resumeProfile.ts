import type { GraphApi } from './client';
import { callGraph } from './errors';
import { profilePath } from './paths';

/** POST /education/synchronizationProfiles/{id}/resume. Resumes a paused synchronization (graph-sds-api.md §2.7). */
export async function resumeProfile(graph: GraphApi, id: string): Promise<void> {
  await callGraph('write', () => graph.request(`${profilePath(id)}/resume`).post(undefined));
}
