/** `GET …/{id}/errors` and `…/errors/{errorId}` (graph-sds-api.md §2.12, §2.13). */
import { notFound } from '../errors';
import { nextLink, page, parseQuery, type QueryRules } from '../odata';
import { renderSyncError } from '../representation';
import type { GraphResponse, HandlerContext } from '../request';
import { syncErrorsOf } from '../store';
import type { SyncErrorRecord } from '../sync-errors';
import { findProfile } from './profiles';

const rules: QueryRules = {
  options: ['$top', '$skip', '$count', '$filter', '$orderby'],
  filterable: { entryType: undefined, errorCode: undefined },
  orderable: ['recordedDateTime', 'entryType', 'errorCode'],
};

const sortKey: Record<string, (e: SyncErrorRecord) => string | number> = {
  recordedDateTime: (e) => e.recordedAt,
  entryType: (e) => e.entryType.toLowerCase(),
  errorCode: (e) => e.errorCode.toLowerCase(),
};

export function listSyncErrors(hc: HandlerContext): GraphResponse {
  const query = parseQuery(hc.query, rules);
  const profile = findProfile(hc);
  let errors = syncErrorsOf(profile, hc.now);
  for (const clause of query.filter) {
    const field = clause.field as 'entryType' | 'errorCode';
    errors = errors.filter((e) => e[field].toLowerCase() === clause.value.toLowerCase());
  }
  if (query.orderBy) {
    const key = sortKey[query.orderBy.field]!;
    const direction = query.orderBy.descending ? -1 : 1;
    errors = [...errors].sort((a, b) => {
      const [x, y] = [key(a), key(b)];
      return direction * (x < y ? -1 : x > y ? 1 : 0);
    });
  }
  const result = page(errors, query);
  const resource = `${hc.baseUrl}/education/synchronizationProfiles/${profile.id}/errors`;
  return {
    status: 200,
    body: {
      '@odata.context': `${hc.baseUrl}/$metadata#education/synchronizationProfiles('${profile.id}')/errors`,
      // The documented example carries the count without $count=true; so do we, always.
      '@odata.count': result.total,
      ...(result.nextSkip !== undefined
        ? { '@odata.nextLink': nextLink(resource, hc.request.search, result.nextSkip) }
        : {}),
      value: result.items.map(renderSyncError),
    },
  };
}

export function getSyncError(hc: HandlerContext): GraphResponse {
  parseQuery(hc.query, { options: [] });
  const profile = findProfile(hc);
  const wanted = hc.params.errorId!.toLowerCase();
  const error = syncErrorsOf(profile, hc.now).find((e) => e.id.toLowerCase() === wanted);
  if (!error) {
    throw notFound(
      `The synchronization error '${hc.params.errorId}' was not found on profile '${profile.id}'.`,
    );
  }
  return {
    status: 200,
    body: {
      '@odata.context': `${hc.baseUrl}/$metadata#education/synchronizationProfiles('${profile.id}')/errors/$entity`,
      ...renderSyncError(error),
    },
  };
}
