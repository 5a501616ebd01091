/**
 * Settling records a stopped server left pending, from the profile as Graph shows it now. There is
 * no app-only Graph access to read profiles with at start-up (the app acts only on behalf of its
 * users), so the next signed-in read of the profile settles them: a save (holding the profile's
 * lock, so every pending record of it is stale) or a read (records older than any change could
 * still be running). ADR 024.
 */
import type { Request } from 'express';
import type { Profile } from '../../contracts/api';
import { authOf } from '../auth/requireAuth';
import type { History } from '.';

export type Reconcile = (
  req: Request,
  profileId: string,
  current: Profile,
  /** 'now': every pending record of the profile (the caller holds its lock); 'stale': older ones. */
  which: 'now' | 'stale',
) => Promise<void>;

export function createReconciler(history: History, staleAfterMs: number): Reconcile {
  return async (req, profileId, current, which) => {
    const startedBefore = new Date(Date.now() - (which === 'now' ? 0 : staleAfterMs));
    try {
      const settled = await history.use((store) =>
        store.reconcile(authOf(req).tenantId, profileId, current, startedBefore),
      );
      if (settled > 0) req.log.warn({ profileId, settled }, 'settled change-history records left pending');
    } catch (error) {
      req.log.warn({ err: error }, 'could not settle pending change-history records');
    }
  };
}
