import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { BulkAction, BulkActionResult, ProfileSummary } from '../../contracts/api';
import type { ApiError } from '../api/apiError';
import { runBulkAction } from '../api/bulkActions';
import { useAppServices } from '../services/appServices';
import { queryKeys } from '../services/serverState';

type Asked = { action: BulkAction; profiles: ProfileSummary[] };

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
  // The action asked for; whether it runs, ran or failed is the mutation's own state.
  const [asked, setAsked] = useState<Asked | null>(null);
  const chosen = shown.filter((p) => selected.has(p.id));

  const mutation = useMutation<BulkActionResult, ApiError, Asked>({
    mutationFn: ({ action, profiles }) =>
      runBulkAction(
        api,
        action,
        profiles.map((p) => p.id),
      ),
    onSettled: () => void client.invalidateQueries({ queryKey: queryKeys.profiles }),
  });

  const dialog: BulkDialog =
    asked === null
      ? { phase: 'closed' }
      : mutation.isPending
        ? { phase: 'running', ...asked }
        : mutation.isSuccess
          ? { phase: 'result', ...asked, result: mutation.data }
          : mutation.isError
            ? { phase: 'error', ...asked, error: mutation.error }
            : { phase: 'confirm', ...asked };

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
    ask: (action: BulkAction) => {
      mutation.reset();
      setAsked({ action, profiles: chosen });
    },
    confirm: () => {
      if (dialog.phase === 'confirm') mutation.mutate(asked!);
    },
    close: () => {
      if (dialog.phase === 'running') return;
      setAsked(null);
      mutation.reset();
    },
  };
}
