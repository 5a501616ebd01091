import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import type { ProfileList, ProfileSummary } from '../../contracts/firstLoad';
import type { ApiError } from '../api/apiError';
import { isBusy } from '../lib/pollCadence';
import { useAppServices } from '../services/appServices';
import { pollEvery, profilesQuery } from '../services/serverState';
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

function anyBusy(profiles: readonly ProfileSummary[] | undefined): boolean {
  return (profiles ?? []).some((p) => isBusy(p.state, p.status?.status));
}

/** The cadence depends on the answer (anything busy polls faster), so it is read from the query. */
function cadence(query: { state: { data?: ProfileList; error: ApiError | null } }): number | false {
  return pollEvery({ busy: anyBusy(query.state.data?.profiles) })(query);
}

export function useDashboard() {
  const { api, host } = useAppServices();
  const [filter, setFilter] = useState<ProfileFilter>(noFilter);
  const [manual, setManual] = useState(false);
  const query = useQuery({
    ...profilesQuery(api),
    refetchInterval: cadence,
    // A tab shown again refetches at once only when its cadence has passed.
    staleTime: (q) => cadence(q) || 0,
  });

  const state: DashboardState = query.data
    ? {
        phase: 'ready',
        profiles: query.data.profiles,
        updatedAt: new Date(query.dataUpdatedAt).toISOString(),
        refreshError: query.isRefetchError ? query.error : null,
      }
    : query.error && !query.isFetching
      ? { phase: 'error', error: query.error }
      : { phase: 'loading' };

  const profiles = useMemo(() => query.data?.profiles ?? [], [query.data]);
  const busy = anyBusy(profiles);
  const sorted = useMemo(() => sortProfiles(profiles, host.locale), [profiles, host.locale]);
  const showFilters = profiles.length > FILTER_THRESHOLD;
  const shown = useMemo(
    () => (showFilters ? filterProfiles(sorted, filter) : sorted),
    [sorted, filter, showFilters],
  );
  const counts = useMemo(() => countByAttention(profiles), [profiles]);

  const refresh = () => {
    setManual(true);
    void query.refetch().finally(() => setManual(false));
  };

  return {
    state,
    refreshing: manual && query.isFetching,
    refresh,
    shown,
    counts,
    total: profiles.length,
    showFilters,
    filter,
    setFilter,
    busy,
  };
}
