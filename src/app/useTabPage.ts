import { useQuery } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import type { Me } from '../../contracts/firstLoad';
import type { ApiError } from '../api/apiError';
import { useAppServices } from '../services/appServices';
import { useLeaveGuard } from '../services/LeaveGuard';
import { meQuery } from '../services/serverState';
import { tabRouteFor } from '../teams/hostInfo';

export type MeState = { phase: 'loading' } | { phase: 'ready'; me: Me } | { phase: 'error'; error: ApiError };

/** Which page the tab shows: the dashboard, a profile opened from it, or a pinned profile. */
export type TabView = { kind: 'dashboard' } | { kind: 'profile'; profileId: string; pinned: boolean };

export function useTabPage() {
  const { api, host } = useAppServices();
  const { confirmLeave } = useLeaveGuard();
  const query = useQuery(meQuery(api));
  const [view, setView] = useState<TabView>(() => {
    const route = tabRouteFor(host);
    return route.kind === 'dashboard'
      ? { kind: 'dashboard' }
      : { kind: 'profile', profileId: route.profileId, pinned: route.kind === 'pinnedProfile' };
  });

  const me: MeState = query.data
    ? { phase: 'ready', me: query.data }
    : query.error && !query.isFetching
      ? { phase: 'error', error: query.error }
      : { phase: 'loading' };
  const { refetch } = query;
  const loadMe = useCallback(() => void refetch(), [refetch]);

  const openProfile = useCallback(
    (profileId: string) => confirmLeave(() => setView({ kind: 'profile', profileId, pinned: false })),
    [confirmLeave],
  );
  const backToDashboard = useCallback(
    () => confirmLeave(() => setView({ kind: 'dashboard' })),
    [confirmLeave],
  );

  return { me, view, loadMe, openProfile, backToDashboard };
}
