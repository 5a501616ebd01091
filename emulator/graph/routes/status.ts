/** `GET …/{id}/profileStatus` (graph-sds-api.md §2.11). */
import { parseQuery } from '../odata';
import { renderStatus, statusProperties, type StatusProperty } from '../representation';
import type { GraphResponse, HandlerContext } from '../request';
import { findProfile } from './profiles';

export function getProfileStatus(hc: HandlerContext): GraphResponse {
  const query = parseQuery(hc.query, { options: ['$select'], selectable: statusProperties });
  const profile = findProfile(hc);
  const select = query.select
    ? statusProperties.filter((p) => p === 'id' || query.select!.includes(p))
    : undefined;
  return {
    status: 200,
    body: {
      // The status page's example form: the key as a path segment, not in parentheses (seeds/000).
      '@odata.context': `${hc.baseUrl}/$metadata#education/synchronizationProfiles/${profile.id}/profileStatus/$entity`,
      ...renderStatus(profile, hc.now, hc.includeUnknownEnumMembers, select as StatusProperty[] | undefined),
    },
  };
}
