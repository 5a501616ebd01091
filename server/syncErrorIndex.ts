/**
 * The sync errors of a profile, read from Graph once and kept in this process as a compact index,
 * so that grouping, filtering, searching and paging 50,000 errors costs one walk of Graph's pages
 * instead of one per screen (docs/decisions/028-sync-error-triage-and-export.md).
 *
 * Every request still reads the profile's status as the caller first: that read proves the
 * caller may see the profile (another tenant's id is Graph's 404) and gives the version the index
 * is reused for (error count and last activity). A new run, a reset or an expired entry means a
 * new walk. Bounded: at most MAX_INDEXED_ERRORS errors across all profiles, least recently used
 * evicted first, and no entry older than INDEX_TTL_MS.
 */
import type { SyncError, SyncErrorGroup, SyncErrorsQuery } from '../contracts/api';
import type { GraphProfileStatus } from '../contracts/graph';
import { HttpError } from './errors';
import type { GraphApi } from './graph/client';
import { syncErrorPages } from './graph/syncErrorPages';
import { toSyncError } from './profileViews';

export const MAX_INDEXED_ERRORS = 250_000;
export const INDEX_TTL_MS = 5 * 60 * 1000;

type Row = SyncError & { groupIndex: number; haystack: string };

export type ErrorIndex = {
  version: string;
  indexedAt: number;
  /** Newest first. */
  rows: Row[];
  groups: SyncErrorGroup[];
};

function versionOf(status: GraphProfileStatus): string {
  return [
    status.errorCount ?? '',
    status.lastActivityDateTime ?? '',
    status.lastSynchronizationDateTime ?? '',
  ].join('|');
}

const newestFirst = (a: Row, b: Row) =>
  (b.recordedDateTime ?? '').localeCompare(a.recordedDateTime ?? '') || a.id.localeCompare(b.id);

async function build(
  session: () => Promise<GraphApi>,
  profileId: string,
  version: string,
): Promise<ErrorIndex> {
  const rows: Row[] = [];
  const groupsByKey = new Map<string, number>();
  const groups: SyncErrorGroup[] = [];
  for await (const page of syncErrorPages(session, profileId)) {
    for (const graphError of page.errors) {
      const error = toSyncError(graphError);
      const key = `${error.entryType}\u0000${error.errorCode}`;
      let groupIndex = groupsByKey.get(key);
      if (groupIndex === undefined) {
        groupIndex = groups.length;
        groupsByKey.set(key, groupIndex);
        groups.push({ entryType: error.entryType, errorCode: error.errorCode, count: 0, sampleMessage: '' });
      }
      groups[groupIndex]!.count++;
      const haystack = [error.reportableIdentifier, error.joiningValue, error.id].join('\n').toLowerCase();
      rows.push({ ...error, groupIndex, haystack });
      if (rows.length > MAX_INDEXED_ERRORS) {
        throw new HttpError(
          500,
          'internal_error',
          `This profile has more than ${MAX_INDEXED_ERRORS.toLocaleString('en-US')} sync errors, more than SDS Profiles groups at once. Export them as CSV (every error is in the file) and fix the largest group first.`,
        );
      }
    }
  }
  rows.sort(newestFirst);
  // Oldest to newest, so each group ends with its newest message.
  for (let i = rows.length - 1; i >= 0; i--)
    groups[rows[i]!.groupIndex]!.sampleMessage = rows[i]!.errorMessage;
  return { version, indexedAt: Date.now(), rows, groups };
}

export type SyncErrorIndex = {
  /** The profile's index for this status, built (one walk of Graph's pages) when there is none. */
  get(
    tenantId: string,
    profileId: string,
    status: GraphProfileStatus,
    session: () => Promise<GraphApi>,
  ): Promise<ErrorIndex>;
};

export function createSyncErrorIndex(
  limits: { maxErrors: number; ttlMs: number } = { maxErrors: MAX_INDEXED_ERRORS, ttlMs: INDEX_TTL_MS },
): SyncErrorIndex {
  // Maps iterate in insertion order: re-inserting on use keeps the least recently used first.
  const entries = new Map<string, ErrorIndex>();
  const building = new Map<string, Promise<ErrorIndex>>();
  let held = 0;

  function evict(key: string) {
    const entry = entries.get(key);
    if (!entry) return;
    held -= entry.rows.length;
    entries.delete(key);
  }

  return {
    async get(tenantId, profileId, status, session) {
      const key = `${tenantId}:${profileId}`;
      const version = versionOf(status);
      const entry = entries.get(key);
      if (entry && entry.version === version && Date.now() - entry.indexedAt < limits.ttlMs) {
        entries.delete(key);
        entries.set(key, entry);
        return entry;
      }
      const buildKey = `${key}:${version}`;
      let pending = building.get(buildKey);
      if (!pending) {
        pending = build(session, profileId, version).finally(() => building.delete(buildKey));
        building.set(buildKey, pending);
      }
      const built = await pending;
      if (entries.get(key) !== built) {
        evict(key);
        entries.set(key, built);
        held += built.rows.length;
        for (const oldest of entries.keys()) {
          if (held <= limits.maxErrors || oldest === key) break;
          evict(oldest);
        }
      }
      return built;
    },
  };
}

/** The errors of one page of a filtered view, and how many match in all. */
export function queryIndex(
  index: ErrorIndex,
  query: SyncErrorsQuery,
): { errors: SyncError[]; totalCount: number } {
  const needle = query.search?.trim().toLowerCase() ?? '';
  const byGroup = query.entryType !== undefined || query.errorCode !== undefined;
  const matches =
    !byGroup && needle === ''
      ? index.rows
      : index.rows.filter(
          (row) =>
            (!byGroup || matchesGroup(index, row, query)) && (needle === '' || row.haystack.includes(needle)),
        );
  const page = matches.slice(query.skip, query.skip + query.top);
  return { errors: page.map(withoutIndexFields), totalCount: matches.length };
}

function matchesGroup(index: ErrorIndex, row: Row, query: SyncErrorsQuery): boolean {
  const group = index.groups[row.groupIndex]!;
  return (
    (query.entryType === undefined || group.entryType === query.entryType) &&
    (query.errorCode === undefined || group.errorCode === query.errorCode)
  );
}

function withoutIndexFields(row: Row): SyncError {
  return {
    id: row.id,
    entryType: row.entryType,
    errorCode: row.errorCode,
    errorMessage: row.errorMessage,
    joiningValue: row.joiningValue,
    reportableIdentifier: row.reportableIdentifier,
    recordedDateTime: row.recordedDateTime,
  };
}

/** Groups most frequent first; ties by entry type and code, so the order is stable. */
export function sortedGroups(index: ErrorIndex): SyncErrorGroup[] {
  return [...index.groups].sort(
    (a, b) =>
      b.count - a.count || a.entryType.localeCompare(b.entryType) || a.errorCode.localeCompare(b.errorCode),
  );
}
