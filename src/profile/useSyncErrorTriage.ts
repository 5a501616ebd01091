import { keepPreviousData, queryOptions, useQueries, useQuery } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useDeferredValue, useRef, useState } from 'react';
import type { SyncError, SyncErrorGroup } from '../../contracts/api';
import type { ApiClient } from '../api/apiClient';
import type { ApiError } from '../api/apiError';
import { getSyncErrorGroups, getSyncErrorPage, type SyncErrorFilter } from '../api/syncErrors';
import { useAppServices } from '../services/appServices';
import { queryKeys } from '../services/serverState';

/** Rows per request as the list scrolls: a screenful is 10 to 20. */
export const SYNC_ERROR_PAGE_SIZE = 100;
/** A row's height before it is measured (identifier, a message, one line of details). */
const ESTIMATED_ROW_PX = 96;

export type GroupKey = { entryType: string; errorCode: string };

function groupsQuery(api: ApiClient, id: string, errorCount: number | null) {
  return queryOptions({
    queryKey: queryKeys.syncErrorGroups(id, errorCount),
    queryFn: ({ signal }) => getSyncErrorGroups(api, id, signal),
    placeholderData: keepPreviousData,
  });
}

function pageQuery(
  api: ApiClient,
  id: string,
  view: SyncErrorFilter & { errorCount: number | null },
  page: number,
) {
  const { errorCount: _version, ...filter } = view;
  return queryOptions({
    queryKey: queryKeys.syncErrorPage(id, view, page),
    queryFn: ({ signal }) =>
      getSyncErrorPage(
        api,
        id,
        { ...filter, skip: page * SYNC_ERROR_PAGE_SIZE, top: SYNC_ERROR_PAGE_SIZE },
        signal,
      ),
  });
}

export type TriageState =
  | { phase: 'loading' }
  | { phase: 'error'; error: ApiError }
  | { phase: 'ready'; totalCount: number; groups: SyncErrorGroup[] };

/**
 * The triage view of a profile's errors: the groups (from the backend's index), the group chosen
 * and the search, and a virtualized list whose rows load a page at a time around what is on
 * screen, so 50,000 errors are never all in the tab. The status's error count is part of every
 * key: new errors or a reset load everything again.
 */
export function useSyncErrorTriage(profileId: string, errorCount: number | null) {
  const { api } = useAppServices();
  const [group, setGroup] = useState<GroupKey | null>(null);
  const [searchText, setSearchText] = useState('');
  // Typing stays responsive: the list follows the search a render later.
  const search = useDeferredValue(searchText.trim());
  const groups = useQuery(groupsQuery(api, profileId, errorCount));

  const view = { ...(group ?? {}), ...(search ? { search } : {}), errorCount };
  const first = useQuery({ ...pageQuery(api, profileId, view, 0), placeholderData: keepPreviousData });
  const count = first.data?.totalCount ?? 0;

  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ESTIMATED_ROW_PX,
    overscan: 6,
  });
  const items = virtualizer.getVirtualItems();
  const pageNumbers = [...new Set(items.map((item) => Math.floor(item.index / SYNC_ERROR_PAGE_SIZE)))].filter(
    (n) => n > 0,
  );
  const pages = useQueries({ queries: pageNumbers.map((n) => pageQuery(api, profileId, view, n)) });
  const loaded = new Map<number, SyncError[]>();
  if (first.data) loaded.set(0, first.data.errors);
  pageNumbers.forEach((n, i) => {
    const data = pages[i]?.data;
    if (data) loaded.set(n, data.errors);
  });

  const state: TriageState = groups.data
    ? { phase: 'ready', totalCount: groups.data.totalCount, groups: groups.data.groups }
    : groups.error
      ? { phase: 'error', error: groups.error }
      : { phase: 'loading' };
  const listError = first.error ?? pages.find((p) => p.error)?.error ?? null;

  return {
    state,
    group,
    /** Choosing the chosen group again shows all errors. */
    chooseGroup: (next: GroupKey | null) => {
      setGroup(
        next && group && next.entryType === group.entryType && next.errorCode === group.errorCode
          ? null
          : next,
      );
      virtualizer.scrollToIndex(0);
    },
    searchText,
    setSearchText: (text: string) => {
      setSearchText(text);
      virtualizer.scrollToIndex(0);
    },
    search,
    list: {
      phase: first.data ? ('ready' as const) : listError ? ('error' as const) : ('loading' as const),
      count,
      updating: first.isPlaceholderData || first.isFetching,
      error: listError,
      scrollRef,
      virtualizer,
      items,
      rowAt: (index: number): SyncError | undefined =>
        loaded.get(Math.floor(index / SYNC_ERROR_PAGE_SIZE))?.[index % SYNC_ERROR_PAGE_SIZE],
    },
    retry: () => {
      void groups.refetch();
      void first.refetch();
    },
  };
}
