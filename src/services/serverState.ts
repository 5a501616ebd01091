/**
 * The tab's server state: one TanStack Query cache for every read, keyed by what it reads, and
 * mutations that put the server's answer into it. A view never keeps its own copy of server data,
 * so when a save answers 202 (the new version) or 412 (the version someone else saved), every view
 * of that profile — the header, the status card, the editor — shows the same version at once.
 *
 * This module holds what the dashboard's first load needs (the client, the keys, the cadence, `me`
 * and the list); a profile's reads and its mutations are in ./profileState, loaded with the
 * profile page (they parse with the full contract schemas).
 */
import { QueryClient, queryOptions } from '@tanstack/react-query';
import type { ApiClient } from '../api/apiClient';
import type { ApiError } from '../api/apiError';
import { getMe, listProfiles } from '../api/firstLoad';
import type { SyncErrorFilter } from '../api/syncErrors';
import { nextPollDelay } from '../lib/pollCadence';
import { touchNow } from '../lib/useNow';

declare module '@tanstack/react-query' {
  interface Register {
    // Every query function and mutation here fails with an ApiError (api/apiClient.ts).
    defaultError: ApiError;
  }
}

export const queryKeys = {
  me: ['me'] as const,
  profiles: ['profiles'] as const,
  profile: (id: string) => ['profile', id] as const,
  status: (id: string) => ['profile', id, 'status'] as const,
  /** `errorCount` is part of the groups' identity: new errors (or a reset) make them other groups. */
  syncErrorGroups: (id: string, errorCount: number | null) =>
    ['profile', id, 'syncErrors', 'groups', errorCount] as const,
  /** One page (`page` × SYNC_ERROR_PAGE_SIZE) of a filtered list of sync errors. */
  syncErrorPage: (id: string, view: SyncErrorFilter & { errorCount: number | null }, page: number) =>
    ['profile', id, 'syncErrors', 'page', view, page] as const,
  /** Every page of a profile's sync errors (to invalidate them together). */
  syncErrorsOf: (id: string) => ['profile', id, 'syncErrors'] as const,
  /** A profile's change history, refetched whenever the profile's version (`etag`) changes. */
  profileHistory: (id: string, etag: string) => ['profile', id, 'history', etag] as const,
  /** The tenant's recent changes, by filter. */
  history: (filters: { person?: string; profile?: string }) => ['history', filters] as const,
  /** A profile's status history as the monitor recorded it. */
  statusHistory: (id: string) => ['profile', id, 'statusHistory'] as const,
  /** The monitor's state with every profile's health. */
  monitor: ['monitor'] as const,
  /** A pinned tab's channel alert setting (team, channel and tab entity ids). */
  alertSubscription: (tab: { teamId: string; channelId: string; tabEntityId: string } | null) =>
    ['alertSubscription', tab] as const,
  /** Every filter's recent changes. */
  tenantHistory: ['history'] as const,
};

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // The backend already retries Graph within its budget; a failure here is worth showing.
        retry: false,
        // Teams keeps hidden tabs alive: nothing polls while hidden (TanStack's default), and a
        // tab that becomes visible again refetches what is stale by its cadence (staleTime below).
        refetchIntervalInBackground: false,
        refetchOnWindowFocus: (query) => !declined(query),
      },
    },
  });
}

type ReadState = { state: { error: ApiError | null } };

/**
 * Whether the read failed because Teams gave no token for it — most often the admin cancelled
 * a verification prompt. Such a read is not repeated unasked (no poll, no refetch on focus or on
 * mount), or the prompt would come straight back: the view's Retry asks again.
 */
function declined(query: ReadState): boolean {
  return query.state.error?.kind === 'auth';
}

/**
 * The reads app/tabStart.ts sends before the first page mounts: a failure then is the page's
 * to show with its Retry, not to send again as the page mounts.
 */
export const readBeforeMount = { retryOnMount: false } as const;

/** A fixed `refetchInterval`, paused after a declined read. */
export function refreshEvery(ms: number) {
  return (query: ReadState): number | false => (declined(query) ? false : ms);
}

/**
 * The cadence rules of lib/pollCadence.ts as a `refetchInterval`: `busy` and `following` come
 * from the view, a server's Retry-After from the query's last error. Hidden tabs don't poll.
 */
export function pollEvery(inputs: { busy: boolean; following?: boolean }) {
  return (query: ReadState): number | false =>
    !declined(query) &&
    (nextPollDelay({
      ...inputs,
      // Hidden tabs are TanStack Query's to pause (refetchIntervalInBackground: false): it resumes
      // the interval when the tab shows again, which a `false` computed while hidden would not.
      visible: true,
      retryAfterSeconds: query.state.error?.retryAfterSeconds ?? undefined,
    }) ??
      false);
}

export function meQuery(api: ApiClient) {
  return queryOptions({
    queryKey: queryKeys.me,
    queryFn: ({ signal }) => getMe(api, signal),
    // Who is signed in does not change while the tab is open.
    staleTime: Number.POSITIVE_INFINITY,
    ...readBeforeMount,
  });
}

export function profilesQuery(api: ApiClient) {
  return queryOptions({
    queryKey: queryKeys.profiles,
    queryFn: async ({ signal }) => {
      const list = await listProfiles(api, signal);
      touchNow();
      return list;
    },
    ...readBeforeMount,
  });
}
