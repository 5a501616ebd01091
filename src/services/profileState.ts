/**
 * A profile's server state: its settings, status and sync errors as queries, and the save and
 * the sync actions as mutations that put the server's answer into the cache (see ./serverState).
 *
 * Reads and their order: a read of a profile that started before a save (or a 412) wrote the cache
 * and answers after it is older than what the cache holds, and is dropped (`keepNewerWrite`); the
 * save also cancels reads of the profile that are still in flight when it starts.
 */
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { QueryClient, QueryKey } from '@tanstack/react-query';
import type {
  ActionResult,
  ProfileAction,
  ProfileDetail,
  ProfileStatus,
  ProfileUpdate,
} from '../../contracts/api';
import { runAction } from '../api/actions';
import type { ApiClient } from '../api/apiClient';
import { toApiError, type ApiError } from '../api/apiError';
import { currentFromConflict, getProfile, getStatus, updateProfile } from '../api/profiles';
import { touchNow } from '../lib/useNow';
import { queryKeys, readBeforeMount } from './serverState';

/** Keeps what a save wrote into the cache when a read that started before the write answers after it. */
function keepNewerWrite<T>(client: QueryClient, key: QueryKey, startedAt: number, fresh: T): T {
  const state = client.getQueryState<T>(key);
  return state?.data !== undefined && state.dataUpdatedAt >= startedAt ? state.data : fresh;
}

export function profileQuery(api: ApiClient, id: string) {
  return queryOptions({
    queryKey: queryKeys.profile(id),
    queryFn: async ({ signal, client, queryKey }) => {
      const startedAt = Date.now();
      const fresh = await getProfile(api, id, signal);
      return keepNewerWrite(client, queryKey, startedAt, fresh);
    },
    ...readBeforeMount,
  });
}

export type StatusData = { status: ProfileStatus; etag: string | null };

/** The status, read conditionally (If-None-Match): a 304 keeps the cached answer, nothing to send or parse. */
export function statusQuery(api: ApiClient, id: string) {
  return queryOptions({
    queryKey: queryKeys.status(id),
    queryFn: async ({ signal, client, queryKey }): Promise<StatusData> => {
      const previous = client.getQueryData<StatusData>(queryKey);
      let poll = await getStatus(api, id, previous?.etag ?? null, signal);
      // A 304 to a tab that holds no answer (cache cleared meanwhile): ask unconditionally.
      if (poll.kind === 'notModified' && !previous) poll = await getStatus(api, id, null, signal);
      touchNow();
      if (poll.kind === 'notModified') return previous!;
      return { status: poll.status, etag: poll.etag };
    },
    ...readBeforeMount,
  });
}

export type SaveOutcome =
  { kind: 'saved'; detail: ProfileDetail } | { kind: 'conflict'; current: ProfileDetail };

/**
 * Saving a profile (PUT with If-Match). Reads of the profile still in flight are cancelled
 * first; a 202 puts the new version into the cache, a 412 the version that is on the server now,
 * so the whole page learns of it without a callback. Other failures reject with the ApiError.
 */
export function useSaveProfile(api: ApiClient, id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationKey: ['save', id],
    onMutate: async () => {
      await client.cancelQueries({ queryKey: queryKeys.profile(id), exact: true });
    },
    mutationFn: async ({ update, etag }: { update: ProfileUpdate; etag: string }): Promise<SaveOutcome> => {
      try {
        const detail = await updateProfile(api, id, update, etag);
        client.setQueryData(queryKeys.profile(id), detail);
        return { kind: 'saved', detail };
      } catch (caught) {
        const error = toApiError(caught);
        if (error.code !== 'precondition_failed') throw error;
        const current = currentFromConflict(error);
        client.setQueryData(queryKeys.profile(id), current);
        return { kind: 'conflict', current };
      }
    },
    onSettled: () => {
      // The status moves (provisioning) and the dashboard shows the name: both are stale now.
      void client.invalidateQueries({ queryKey: queryKeys.status(id) });
      void client.invalidateQueries({ queryKey: queryKeys.profiles });
    },
  });
}

/** Pause, resume, reset, start: the status (and after a reset, the errors) are stale afterwards. */
export function useRunAction(api: ApiClient, id: string) {
  const client = useQueryClient();
  return useMutation<ActionResult, ApiError, ProfileAction>({
    mutationKey: ['action', id],
    mutationFn: (action) => runAction(api, id, action),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: queryKeys.status(id) });
      void client.invalidateQueries({ queryKey: queryKeys.profiles });
      void client.invalidateQueries({ queryKey: queryKeys.syncErrorsOf(id) });
    },
  });
}
