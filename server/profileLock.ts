/**
 * One change of a profile at a time, across every instance sharing state: a save (re-read,
 * compare ETags, PUT) and an action (pause, resume, reset, start) hold the profile's lock, so a
 * second save always re-reads after the first one's PUT and gets its 412. Graph has no ETag to
 * fall back on (docs/decisions/013-no-lost-updates.md, 015-shared-state-on-redis.md).
 *
 * Fails closed: when the lock store cannot be reached, nothing is written.
 */
import { HttpError, retryAfterHeader } from './errors';
import { LeaseLost, LockBusy, SharedStateUnavailable, type Lease, type Locks } from './sharedState/types';

/** What the tab is told to wait after a 503 here: a save takes about one Graph round trip. */
const BUSY_RETRY_AFTER_SECONDS = 3;
const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

export type ProfileLock = <T>(
  tenantId: string,
  profileId: string,
  task: (lease: Lease) => Promise<T>,
) => Promise<T>;

export function createProfileLock(locks: Locks, settings: { waitMs: number }): ProfileLock {
  return async (tenantId, profileId, task) => {
    try {
      return await locks.withLock(`profile:${tenantId}:${profileId}`, settings, task);
    } catch (error) {
      throw lockProblem(error);
    }
  };
}

function lockProblem(error: unknown): unknown {
  if (error instanceof LockBusy) {
    return new HttpError(
      503,
      'save_in_progress',
      'Another save of this profile is in progress (or a pause, resume, reset or start). Nothing was changed; try again in a few seconds.',
      { headers: retryAfterHeader(BUSY_RETRY_AFTER_SECONDS), cause: error },
    );
  }
  if (error instanceof LeaseLost || error instanceof SharedStateUnavailable) {
    return new HttpError(
      503,
      'shared_state_unavailable',
      'SDS Profiles cannot reach the store its servers share (Redis), and changing a profile without its lock could undo another admin’s change. Nothing was changed; try again in a few seconds.',
      { headers: retryAfterHeader(UNAVAILABLE_RETRY_AFTER_SECONDS), cause: error },
    );
  }
  return error;
}
