/**
 * What the backend's instances share, as three small interfaces (locks, a cache, a rate-limit
 * store) with two implementations: this process only (memory.ts, the default for `npm start` and
 * a single instance) and Redis (redis.ts, when REDIS_URL is set). The app gets one SharedState by
 * injection; routes and the token exchange never know which one they have
 * (docs/decisions/015-shared-state-on-redis.md).
 */
import type { Store } from 'express-rate-limit';
import type { CheckResult } from '../health';

/** The holder's handle on a lock while its task runs. */
export type Lease = {
  /**
   * Extends the lease to its full length and proves it is still ours: call it right before the
   * write the lock protects. Throws LeaseLost when it is not, SharedStateUnavailable when the
   * store cannot say.
   */
  confirm(): Promise<void>;
};

export type Locks = {
  /**
   * Runs `task` while holding the lock on `key`, against every instance sharing this state.
   * Throws LockBusy when the lock is not had within `waitMs`, and SharedStateUnavailable when the
   * store cannot be reached (never runs the task without the lock).
   */
  withLock<T>(key: string, options: { waitMs: number }, task: (lease: Lease) => Promise<T>): Promise<T>;
};

export type SharedCache = {
  /** The value, or null when there is none (or it expired). */
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
};

export type SharedStateKind = 'memory' | 'redis';

export type SharedState = {
  kind: SharedStateKind;
  /** For the start-up line: where the state lives (no secrets). */
  description: string;
  locks: Locks;
  cache: SharedCache;
  /** A store for express-rate-limit whose counts every instance shares. */
  rateLimitStore(): Store;
  /** For /api/health: can the state be reached right now? */
  check(): Promise<CheckResult>;
  /** Resolves true once the store answers, or false after `timeoutMs`. */
  ready(timeoutMs: number): Promise<boolean>;
  close(): Promise<void>;
};

/** Another holder kept the lock for longer than the caller was willing to wait. */
export class LockBusy extends Error {
  constructor(key: string, waitedMs: number) {
    super(`The lock on ${key} was held by someone else for all of ${waitedMs} ms.`);
    this.name = 'LockBusy';
  }
}

/** The lease ran out and the lock may be someone else's now. */
export class LeaseLost extends Error {
  constructor(key: string) {
    super(`The lease on ${key} ran out before the task finished.`);
    this.name = 'LeaseLost';
  }
}

/** The shared store did not answer. */
export class SharedStateUnavailable extends Error {
  constructor(what: string, options?: { cause?: unknown }) {
    super(`Shared state is unreachable: ${what}.`, options);
    this.name = 'SharedStateUnavailable';
  }
}
