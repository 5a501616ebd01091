import { useCallback, useEffect, useState } from 'react';
import type { Me } from '../../contracts/api';
import { toApiError, type ApiError } from '../api/apiError';
import { tabRouteFor } from '../teams/hostInfo';
import { useAppServices } from './appServices';
import { useLeaveGuard } from './LeaveGuard';

export type MeState = { phase: 'loading' } | { phase: 'ready'; me: Me } | { phase: 'error'; error: ApiError };

/** Which page the tab shows: the dashboard, a profile opened from it, or a pinned profile. */
export type TabView = { kind: 'dashboard' } | { kind: 'profile'; profileId: string; pinned: boolean };

export function useTabPage() {
  const { api, host } = useAppServices();
  const { confirmLeave } = useLeaveGuard();
  const [me, setMe] = useState<MeState>({ phase: 'loading' });
  const [view, setView] = useState<TabView>(() => {
    const route = tabRouteFor(host);
    return route.kind === 'pinnedProfile'
      ? { kind: 'profile', profileId: route.profileId, pinned: true }
      : { kind: 'dashboard' };
  });

  const loadMe = useCallback(() => {
    setMe({ phase: 'loading' });
    api.me().then(
      (value) => setMe({ phase: 'ready', me: value }),
      (error: unknown) => setMe({ phase: 'error', error: toApiError(error) }),
    );
  }, [api]);

  useEffect(() => loadMe(), [loadMe]);

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
