import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ProfileSummary } from '../../contracts/api';
import { toApiError, type ApiError } from '../api/apiError';
import { useAppServices } from '../app/appServices';
import { isBusy, nextPollDelay } from '../lib/pollCadence';
import { touchNow } from '../lib/useNow';
import { usePageVisible } from '../lib/usePageVisible';
import { usePolling } from '../lib/usePolling';
import {
  countByAttention,
  filterProfiles,
  FILTER_THRESHOLD,
  noFilter,
  sortProfiles,
  type ProfileFilter,
} from './profileOrder';

export type DashboardState =
  | { phase: 'loading' }
  | { phase: 'error'; error: ApiError }
  | {
      phase: 'ready';
      profiles: ProfileSummary[];
      updatedAt: string;
      /** A background refresh failed; the last good list stays on screen. */
      refreshError: ApiError | null;
    };

export function useDashboard() {
  const { api, host } = useAppServices();
  const visible = usePageVisible();
  const [state, setState] = useState<DashboardState>({ phase: 'loading' });
  const [refreshing, setRefreshing] = useState(false);
  const [lastFetched, setLastFetched] = useState<number | null>(null);
  const [filter, setFilter] = useState<ProfileFilter>(noFilter);
  const inFlight = useRef(false);

  const load = useCallback(
    async (mode: 'initial' | 'background' | 'manual') => {
      if (inFlight.current) return;
      inFlight.current = true;
      if (mode === 'initial') setState({ phase: 'loading' });
      if (mode === 'manual') setRefreshing(true);
      try {
        const list = await api.listProfiles();
        setState({
          phase: 'ready',
          profiles: list.profiles,
          updatedAt: new Date().toISOString(),
          refreshError: null,
        });
        touchNow();
      } catch (error) {
        const apiError = toApiError(error);
        setState((previous) =>
          previous.phase === 'ready' && mode !== 'initial'
            ? { ...previous, refreshError: apiError }
            : { phase: 'error', error: apiError },
        );
      } finally {
        inFlight.current = false;
        setRefreshing(false);
        setLastFetched(Date.now());
      }
    },
    [api],
  );

  useEffect(() => {
    void load('initial');
  }, [load]);

  const profiles = useMemo(() => (state.phase === 'ready' ? state.profiles : []), [state]);
  const busy = profiles.some((p) => isBusy(p.state, p.status?.status));
  const lastError =
    state.phase === 'ready' ? state.refreshError : state.phase === 'error' ? state.error : null;
  const delay =
    state.phase === 'ready'
      ? nextPollDelay({ busy, visible, retryAfterSeconds: lastError?.retryAfterSeconds ?? undefined })
      : null;
  usePolling(() => load('background'), delay, lastFetched);

  const sorted = useMemo(() => sortProfiles(profiles, host.locale), [profiles, host.locale]);
  const showFilters = profiles.length > FILTER_THRESHOLD;
  const shown = useMemo(
    () => (showFilters ? filterProfiles(sorted, filter) : sorted),
    [sorted, filter, showFilters],
  );
  const counts = useMemo(() => countByAttention(profiles), [profiles]);

  return {
    state,
    refreshing,
    refresh: () => void load(state.phase === 'ready' ? 'manual' : 'initial'),
    shown,
    counts,
    total: profiles.length,
    showFilters,
    filter,
    setFilter,
    busy,
  };
}
