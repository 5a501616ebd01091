import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { SyncErrorsPage } from '../../contracts/api';
import type { ApiError } from '../api/apiError';
import { useAppServices } from '../services/appServices';
import { syncErrorsQuery } from '../services/profileState';

export type SyncErrorsState =
  | { phase: 'loading'; previous: SyncErrorsPage | null }
  | { phase: 'ready'; page: SyncErrorsPage }
  | { phase: 'error'; error: ApiError };

/**
 * One page of a profile's sync errors. The status's error count is part of the page's key, so
 * new errors (or a reset) load the page again.
 */
export function useSyncErrors(profileId: string, errorCount: number | null) {
  const { api, host } = useAppServices();
  const pageSize = host.density === 'touch' ? 10 : 25;
  const [skip, setSkip] = useState(0);
  const query = useQuery(syncErrorsQuery(api, profileId, { skip, top: pageSize, errorCount }));

  const answer = query.data;
  // A reset can shrink the list under the current page: step back to the last page.
  if (answer && !query.isPlaceholderData && answer.errors.length === 0 && answer.totalCount > 0 && skip > 0) {
    setSkip(Math.max(0, Math.floor((answer.totalCount - 1) / pageSize) * pageSize));
  }

  const state: SyncErrorsState =
    answer && !query.isPlaceholderData && !query.isFetching
      ? { phase: 'ready', page: answer }
      : query.error && !query.isFetching
        ? { phase: 'error', error: query.error }
        : { phase: 'loading', previous: answer ?? null };
  const page = state.phase === 'ready' ? state.page : state.phase === 'loading' ? state.previous : null;
  const total = page?.totalCount ?? 0;
  const { refetch } = query;
  return {
    state,
    page,
    skip,
    pageSize,
    hasPrevious: skip > 0,
    hasNext: skip + pageSize < total,
    previous: () => setSkip(Math.max(0, skip - pageSize)),
    next: () => setSkip(skip + pageSize),
    retry: () => void refetch(),
  };
}
