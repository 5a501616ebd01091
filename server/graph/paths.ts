/** Graph beta paths of the SDS profile family (graph-sds-api.md §0). */
export const PROFILES_PATH = '/education/synchronizationProfiles';

export function profilePath(id: string): string {
  return `${PROFILES_PATH}/${encodeURIComponent(id)}`;
}
