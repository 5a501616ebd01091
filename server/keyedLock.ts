/**
 * Runs tasks for the same key one after another, in this process. Two saves of the same profile
 * are serialised, so the second sees the first's change and gets a 412. A task that does not get
 * its turn within `waitMs` gives up with LockBusy and leaves the queue behind it intact.
 */
import { LockBusy } from './sharedState/types';

export type KeyedLock = <T>(key: string, task: () => Promise<T>, waitMs?: number) => Promise<T>;

export function createKeyedLock(): KeyedLock {
  /** The promise the next task for a key waits for: it never rejects. */
  const tails = new Map<string, Promise<void>>();
  return async (key, task, waitMs = Number.POSITIVE_INFINITY) => {
    const previous = tails.get(key) ?? Promise.resolve();
    let done!: () => void;
    const mine = new Promise<void>((resolve) => (done = resolve));
    const tail = previous.then(() => mine);
    tails.set(key, tail);
    try {
      if (!(await within(previous, waitMs))) throw new LockBusy(key, waitMs);
      return await task();
    } finally {
      // Giving up early is safe: whoever queued behind us still waits for `previous` first.
      done();
      if (tails.get(key) === tail) tails.delete(key);
    }
  };
}

/** True when `turn` settles within `ms`. */
function within(turn: Promise<void>, ms: number): Promise<boolean> {
  if (!Number.isFinite(ms)) return turn.then(() => true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    void turn.then(() => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}
