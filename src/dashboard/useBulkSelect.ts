import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { BulkAction, BulkActionResult, ProfileSummary } from '../../contracts/api';
import type { ApiError } from '../api/apiError';
import { runBulkAction } from '../api/bulkActions';
import { useAppServices } from '../services/appServices';
import { queryKeys } from '../services/serverState';

export type BulkDialog =
  | { phase: 'closed' }
  | { phase: 'confirm'; action: BulkAction; profiles: ProfileSummary[] }
  | { phase: 'running'; action: BulkAction; profiles: ProfileSummary[] }
  | { phase: 'result'; action: BulkAction; profiles: ProfileSummary[]; result: BulkActionResult }
  | { phase: 'error'; action: BulkAction; profiles: ProfileSummary[]; error: ApiError };

/**
 * The selection of profiles (by id, so a refresh of the list keeps it) and the bulk action's
 * dialog: confirm → running → result (per profile, done or refused) or error. The list is read
 * again once an action ran, so every card shows its new status.
 */
export function useBulkSelect(shown: readonly ProfileSummary[]) {
  const { api } = useAppServices();
  const client = useQueryClient();
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [dialog, setDialog] = useState<BulkDialog>({ phase: 'closed' });
  const chosen = shown.filter((p) => selected.has(p.id));

  const mutation = useMutation<
    BulkActionResult,
    ApiError,
    { action: BulkAction; profiles: ProfileSummary[] }
  >({
    mutationFn: ({ action, profiles }) =>
      runBulkAction(
        api,
        action,
        profiles.map((p) => p.id),
      ),
    onSuccess: (result, { action, profiles }) => setDialog({ phase: 'result', action, profiles, result }),
    onError: (error, { action, profiles }) => setDialog({ phase: 'error', action, profiles, error }),
    onSettled: () => void client.invalidateQueries({ queryKey: queryKeys.profiles }),
  });

  const allShown = shown.length > 0 && chosen.length === shown.length;
  return {
    selected,
    chosen,
    allState: allShown ? (true as const) : chosen.length > 0 ? ('mixed' as const) : (false as const),
    toggle: (id: string, on: boolean) =>
      setSelected((previous) => {
        const next = new Set(previous);
        if (on) next.add(id);
        else next.delete(id);
        return next;
      }),
    toggleAll: () => setSelected(allShown ? new Set() : new Set(shown.map((p) => p.id))),
    dialog,
    ask: (action: BulkAction) => setDialog({ phase: 'confirm', action, profiles: chosen }),
    confirm: () => {
      if (dialog.phase !== 'confirm') return;
      setDialog({ ...dialog, phase: 'running' });
      mutation.mutate({ action: dialog.action, profiles: dialog.profiles });
    },
    close: () => {
      if (dialog.phase !== 'running') setDialog({ phase: 'closed' });
    },
  };
}
