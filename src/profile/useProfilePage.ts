/**
 * One profile's page: its settings and its status from the query cache, the sync actions as
 * mutations, and "following" — after a save or an action the page polls quickly until fresh
 * answers show the profile settled.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';
import type {
  ActionResult,
  ProfileAction,
  ProfileDetail,
  ProfileStatus,
  ProfileSummary,
} from '../../contracts/api';
import { providerKindOf } from '../../contracts/graph';
import type { ApiError } from '../api/apiError';
import { isBusy } from '../lib/pollCadence';
import { useAppServices } from '../services/appServices';
import { profileQuery, statusQuery, useRunAction, type StatusData } from '../services/profileState';
import { pollEvery, queryKeys } from '../services/serverState';

export type DetailState =
  | { phase: 'loading' }
  | { phase: 'ready'; detail: ProfileDetail; refreshError: ApiError | null }
  | { phase: 'error'; error: ApiError };

export type StatusState =
  | { phase: 'loading' }
  | { phase: 'ready'; status: ProfileStatus; etag: string | null; refreshError: ApiError | null }
  | { phase: 'error'; error: ApiError };

export type ActionState =
  | { phase: 'idle' }
  | { phase: 'running'; action: ProfileAction }
  | { phase: 'done'; result: ActionResult }
  | { phase: 'error'; action: ProfileAction; error: ApiError };

/** Following ends at the latest after this long, whatever Graph says. */
const FOLLOW_AT_MOST_MS = 5 * 60_000;

export function useProfilePage(profileId: string) {
  const { api } = useAppServices();
  /** After a save or an action: poll quickly until the profile settles. */
  const [followSince, setFollowSince] = useState<number | null>(null);
  const follow = useCallback(() => setFollowSince(Date.now()), []);

  const client = useQueryClient();
  // Following is read from the cache whenever the cadence is computed: it lasts until answers
  // fetched after it began show a settled profile.
  const isFollowing = (): boolean => {
    if (followSince === null || Date.now() - followSince > FOLLOW_AT_MOST_MS) return false;
    const read = client.getQueryState<ProfileDetail>(queryKeys.profile(profileId));
    const polled = client.getQueryState<StatusData>(queryKeys.status(profileId));
    const fresh = (read?.dataUpdatedAt ?? 0) > followSince && (polled?.dataUpdatedAt ?? 0) > followSince;
    return !fresh || isBusy(read?.data?.profile.state, polled?.data?.status.status);
  };

  const detailResult = useQuery({
    ...profileQuery(api, profileId),
    // The profile itself only changes state while provisioning (after a save): follow it then.
    refetchInterval: (q) => {
      const state = q.state.data?.profile.state;
      const following = isFollowing();
      return state === 'provisioning' || state === 'deleting' || following
        ? pollEvery({ busy: true, following })(q)
        : false;
    },
  });
  const statusResult = useQuery({
    ...statusQuery(api, profileId),
    refetchInterval: (q) =>
      pollEvery({
        busy: isBusy(detailResult.data?.profile.state, q.state.data?.status.status),
        following: isFollowing(),
      })(q),
  });
  const profile = detailResult.data?.profile ?? null;
  const current = statusResult.data?.status ?? null;
  // Reading both update times keeps this render current after answers that change nothing (304).
  const following = detailResult.dataUpdatedAt + statusResult.dataUpdatedAt > 0 && isFollowing();
  if (followSince !== null && !following) setFollowSince(null);

  const detail: DetailState = detailResult.data
    ? {
        phase: 'ready',
        detail: detailResult.data,
        refreshError: detailResult.isRefetchError ? detailResult.error : null,
      }
    : detailResult.error && !detailResult.isFetching
      ? { phase: 'error', error: detailResult.error }
      : { phase: 'loading' };
  const status: StatusState = statusResult.data
    ? {
        phase: 'ready',
        status: statusResult.data.status,
        etag: statusResult.data.etag,
        refreshError: statusResult.isRefetchError ? statusResult.error : null,
      }
    : statusResult.error && !statusResult.isFetching
      ? { phase: 'error', error: statusResult.error }
      : { phase: 'loading' };

  const statusError = status.phase === 'error' ? status.error : null;
  const summary = useMemo<ProfileSummary | null>(() => {
    if (!profile) return null;
    return {
      id: profile.id,
      displayName: profile.displayName,
      provider: providerKindOf(profile.dataProvider),
      state: profile.state,
      status: current,
      ...(statusError
        ? { statusProblem: { code: statusError.code ?? 'internal_error', detail: statusError.message } }
        : {}),
    };
  }, [profile, current, statusError]);

  const actions = useRunAction(api, profileId);
  const action: ActionState = actions.isPending
    ? { phase: 'running', action: actions.variables }
    : actions.isSuccess
      ? { phase: 'done', result: actions.data }
      : actions.isError
        ? { phase: 'error', action: actions.variables, error: actions.error }
        : { phase: 'idle' };
  const { mutate } = actions;
  const runAction = useCallback(
    (which: ProfileAction) => mutate(which, { onSuccess: follow }),
    [mutate, follow],
  );

  const { refetch: refetchDetail } = detailResult;
  const { refetch: refetchStatus } = statusResult;
  const refresh = useCallback(() => {
    void refetchDetail();
    void refetchStatus();
    void client.invalidateQueries({ queryKey: queryKeys.syncErrorsOf(profileId) });
  }, [refetchDetail, refetchStatus, client, profileId]);

  return {
    detail,
    status,
    summary,
    action,
    dismissAction: actions.reset,
    runAction,
    /** After a save (the new version is in the cache already): follow provisioning. */
    onSaved: follow,
    refresh,
    reload: refresh,
    following,
  };
}
