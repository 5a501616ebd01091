import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type {
  ActionResult,
  ProfileAction,
  ProfileDetail,
  ProfileStatus,
  ProfileSummary,
} from '../../contracts/api';
import { providerKindOf } from '../../contracts/graph';
import { toApiError, type ApiError } from '../api/apiError';
import { useAppServices } from '../app/appServices';
import { getProfile, getStatus, runAction as postAction } from './profileApi';
import { isBusy, nextPollDelay } from '../lib/pollCadence';
import { touchNow } from '../lib/useNow';
import { usePageVisible } from '../lib/usePageVisible';
import { usePolling } from '../lib/usePolling';

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

export function useProfilePage(profileId: string) {
  const { api } = useAppServices();
  const visible = usePageVisible();
  const [detail, setDetail] = useState<DetailState>({ phase: 'loading' });
  const [status, setStatus] = useState<StatusState>({ phase: 'loading' });
  const [action, setAction] = useState<ActionState>({ phase: 'idle' });
  /** After a save or an action: poll quickly until the profile settles. */
  const [followSince, setFollowSince] = useState<number | null>(null);
  const following = followSince !== null;
  const follow = useCallback(() => setFollowSince(Date.now()), []);
  const [detailFetched, setDetailFetched] = useState<number | null>(null);
  const [statusFetched, setStatusFetched] = useState<number | null>(null);
  const [errorsEpoch, setErrorsEpoch] = useState(0);
  const statusEtag = useRef<string | null>(null);

  const loadDetail = useCallback(
    async (mode: 'initial' | 'background') => {
      if (mode === 'initial') setDetail({ phase: 'loading' });
      try {
        const next = await getProfile(api, profileId);
        setDetail({ phase: 'ready', detail: next, refreshError: null });
      } catch (error) {
        const apiError = toApiError(error);
        setDetail((previous) =>
          previous.phase === 'ready' && mode === 'background'
            ? { ...previous, refreshError: apiError }
            : { phase: 'error', error: apiError },
        );
      } finally {
        setDetailFetched(Date.now());
      }
    },
    [api, profileId],
  );

  const loadStatus = useCallback(
    async (mode: 'initial' | 'background') => {
      if (mode === 'initial') {
        statusEtag.current = null;
        setStatus({ phase: 'loading' });
      }
      try {
        const poll = await getStatus(api, profileId, statusEtag.current);
        if (poll.kind === 'modified') {
          statusEtag.current = poll.etag;
          setStatus({ phase: 'ready', status: poll.status, etag: poll.etag, refreshError: null });
        } else {
          setStatus((previous) =>
            previous.phase === 'ready' ? { ...previous, refreshError: null } : previous,
          );
        }
        touchNow();
      } catch (error) {
        const apiError = toApiError(error);
        setStatus((previous) =>
          previous.phase === 'ready' && mode === 'background'
            ? { ...previous, refreshError: apiError }
            : { phase: 'error', error: apiError },
        );
      } finally {
        setStatusFetched(Date.now());
      }
    },
    [api, profileId],
  );

  const reload = useCallback(() => {
    void loadDetail('initial');
    void loadStatus('initial');
  }, [loadDetail, loadStatus]);

  useEffect(() => reload(), [reload]);

  const profile = detail.phase === 'ready' ? detail.detail.profile : null;
  const current = status.phase === 'ready' ? status.status : null;
  const busy = isBusy(profile?.state, current?.status);

  // Following ends once fresh answers (fetched after the save or action) show a settled profile.
  useEffect(() => {
    if (followSince === null || !profile || busy) return;
    if ((detailFetched ?? 0) > followSince && (statusFetched ?? 0) > followSince) setFollowSince(null);
  }, [followSince, profile, busy, detailFetched, statusFetched]);

  const retryAfter =
    (status.phase === 'ready' ? status.refreshError?.retryAfterSeconds : null) ??
    (detail.phase === 'ready' ? detail.refreshError?.retryAfterSeconds : null) ??
    undefined;
  const statusDelay =
    status.phase === 'error'
      ? null
      : nextPollDelay({ busy, visible, following, retryAfterSeconds: retryAfter });
  usePolling(() => loadStatus('background'), statusDelay, statusFetched);
  // The profile itself only changes state while provisioning (after a save): follow it then.
  const detailDelay =
    profile && (profile.state === 'provisioning' || profile.state === 'deleting' || following)
      ? nextPollDelay({ busy: true, visible, following, retryAfterSeconds: retryAfter })
      : null;
  usePolling(() => loadDetail('background'), detailDelay, detailFetched);

  const summary = useMemo<ProfileSummary | null>(() => {
    if (!profile) return null;
    return {
      id: profile.id,
      displayName: profile.displayName,
      provider: providerKindOf(profile.dataProvider),
      state: profile.state,
      status: current,
      ...(status.phase === 'error'
        ? { statusProblem: { code: status.error.code ?? 'internal_error', detail: status.error.message } }
        : {}),
    };
  }, [profile, current, status]);

  const runAction = useCallback(
    (which: ProfileAction) => {
      setAction({ phase: 'running', action: which });
      postAction(api, profileId, which).then(
        (result) => {
          setAction({ phase: 'done', result });
          follow();
          if (which === 'reset') setErrorsEpoch((n) => n + 1);
          void loadStatus('background');
        },
        (error: unknown) => setAction({ phase: 'error', action: which, error: toApiError(error) }),
      );
    },
    [api, profileId, loadStatus, follow],
  );

  /** After a save: take the new version and follow provisioning. */
  const onSaved = useCallback(
    (saved: ProfileDetail | null) => {
      follow();
      if (saved) setDetail({ phase: 'ready', detail: saved, refreshError: null });
      else void loadDetail('background');
      void loadStatus('background');
    },
    [loadDetail, loadStatus, follow],
  );

  const refresh = useCallback(() => {
    void loadDetail(detail.phase === 'ready' ? 'background' : 'initial');
    void loadStatus(status.phase === 'ready' ? 'background' : 'initial');
    setErrorsEpoch((n) => n + 1);
  }, [detail.phase, loadDetail, loadStatus, status.phase]);

  return {
    detail,
    status,
    summary,
    action,
    dismissAction: () => setAction({ phase: 'idle' }),
    runAction,
    onSaved,
    refresh,
    reload,
    following,
    errorsKey: `${current?.errorCount ?? 'x'}:${errorsEpoch}`,
  };
}
