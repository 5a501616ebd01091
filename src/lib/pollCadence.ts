/**
 * How often the tab asks for fresh status. Graph's status changes slowly when nothing runs and
 * every poll costs a Graph call (throttled per workload), so: often while something moves, rarely
 * when all is idle, never while nobody looks.
 */
import type { ProfileState, SyncStatus } from '../../contracts/graph';

export const POLL_FOLLOW_MS = 2_000;
export const POLL_BUSY_MS = 5_000;
export const POLL_IDLE_MS = 60_000;

const busyStates: readonly ProfileState[] = ['provisioning', 'deleting'];
const busyStatuses: readonly SyncStatus[] = ['inProgress', 'extracting', 'validating'];

/** Whether a profile is doing something the admin is likely watching. */
export function isBusy(
  state: ProfileState | null | undefined,
  status: SyncStatus | null | undefined,
): boolean {
  return (
    (state !== null && state !== undefined && busyStates.includes(state)) ||
    (status !== null && status !== undefined && busyStatuses.includes(status))
  );
}

export type PollInputs = {
  /** Something is in progress or provisioning. */
  busy: boolean;
  /** The page is visible (document.visibilityState). */
  visible: boolean;
  /** The admin just saved and is waiting for provisioning to finish. */
  following?: boolean;
  /** The server asked us to wait (Retry-After), in seconds. */
  retryAfterSeconds?: number;
};

/** Milliseconds until the next poll, or null for "don't poll". */
export function nextPollDelay({ busy, visible, following, retryAfterSeconds }: PollInputs): number | null {
  if (!visible) return null;
  const base = following ? POLL_FOLLOW_MS : busy ? POLL_BUSY_MS : POLL_IDLE_MS;
  const wait = retryAfterSeconds && retryAfterSeconds > 0 ? retryAfterSeconds * 1000 : 0;
  return Math.max(base, wait);
}
