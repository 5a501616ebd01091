import { useCallback, useEffect, useState } from 'react';
import type { SyncErrorsPage } from '../../contracts/api';
import { toApiError, type ApiError } from '../api/apiError';
import { useAppServices } from '../app/appServices';
import { getSyncErrors } from './profileApi';

export type SyncErrorsState =
  | { phase: 'loading'; previous: SyncErrorsPage | null }
  | { phase: 'ready'; page: SyncErrorsPage }
  | { phase: 'error'; error: ApiError };

/** One page of a profile's sync errors; reloads when `refreshKey` changes (new errors, a reset). */
export function useSyncErrors(profileId: string, refreshKey: string) {
  const { api, host } = useAppServices();
  const pageSize = host.density === 'touch' ? 10 : 25;
  const [skip, setSkip] = useState(0);
  const [state, setState] = useState<SyncErrorsState>({ phase: 'loading', previous: null });

  const load = useCallback(
    (nextSkip: number) => {
      setState((previous) => ({
        phase: 'loading',
        previous: previous.phase === 'ready' ? previous.page : null,
      }));
      getSyncErrors(api, profileId, nextSkip, pageSize).then(
        (page) => {
          // A reset can shrink the list under the current page: step back to the last page.
          if (page.errors.length === 0 && page.totalCount > 0 && nextSkip > 0) {
            const lastPage = Math.max(0, Math.floor((page.totalCount - 1) / pageSize) * pageSize);
            setSkip(lastPage);
            return;
          }
          setState({ phase: 'ready', page });
        },
        (error: unknown) => setState({ phase: 'error', error: toApiError(error) }),
      );
    },
    [api, profileId, pageSize],
  );

  useEffect(() => load(skip), [load, skip, refreshKey]);

  const page = state.phase === 'ready' ? state.page : state.phase === 'loading' ? state.previous : null;
  const total = page?.totalCount ?? 0;
  return {
    state,
    page,
    skip,
    pageSize,
    hasPrevious: skip > 0,
    hasNext: skip + pageSize < total,
    previous: () => setSkip(Math.max(0, skip - pageSize)),
    next: () => setSkip(skip + pageSize),
    retry: () => load(skip),
  };
}
