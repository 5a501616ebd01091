import { parseGraphProfile, type GraphProfile } from '../../contracts/graph';
import type { GraphApi } from './client';
import { callGraph, unreadableGraphAnswer, type GraphIntent } from './errors';
import { profilePath } from './paths';

/** Parses any Graph profile answer, naming what did not fit. */
export function readGraphProfile(json: unknown): GraphProfile {
  try {
    return parseGraphProfile(json);
  } catch (error) {
    const issue =
      error &&
      typeof error === 'object' &&
      'issues' in error &&
      Array.isArray(error.issues) &&
      error.issues[0]
        ? `${(error.issues[0] as { path: PropertyKey[] }).path.map(String).join('.')} ${(error.issues[0] as { message: string }).message}`
        : String(error);
    throw unreadableGraphAnswer('a profile', issue);
  }
}

/** GET /education/synchronizationProfiles/{id}. */
export async function getProfile(
  graph: GraphApi,
  id: string,
  intent: GraphIntent = 'read',
): Promise<GraphProfile> {
  return readGraphProfile(await callGraph(intent, () => graph.request(profilePath(id)).get()));
}
