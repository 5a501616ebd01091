/**
 * Shared state on one Redis, for several backend instances behind a load balancer
 * (docs/decisions/015-shared-state-on-redis.md):
 *
 * - Locks: `SET key token NX PX lease` with a random owner token; renewed while the task runs;
 *   extended and checked right before the protected write; released only by its owner (a script
 *   that compares the token). Tasks of one instance queue locally first, so only one of them at a
 *   time asks Redis.
 * - The cache: plain keys with a TTL.
 * - The rate limit: rate-limit-redis, falling back to a count in this process while Redis is away.
 *
 * The client never queues commands while disconnected (they fail at once instead), so an outage
 * turns into quick answers: reads go on, writes answer 503, and it all recovers by reconnecting.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { MemoryStore, type Options, type Store } from 'express-rate-limit';
import { RedisStore } from 'rate-limit-redis';
import type { CheckResult } from '../health';
import { createKeyedLock } from '../keyedLock';
import type { Logger } from '../logger';
import {
  LeaseLost,
  LockBusy,
  SharedStateUnavailable,
  type Lease,
  type SharedCache,
  type SharedState,
} from './types';

export type RedisSharedStateSettings = {
  url: string;
  /** How long a lock is held without renewal: longer than the slowest Graph operation. */
  leaseMs: number;
  /** Prefix of every key, so that one Redis can serve other things too. */
  keyPrefix?: string;
};

/** Longest a single Redis command may take before it counts as unreachable. */
const COMMAND_TIMEOUT_MS = 1000;
/** Pause between attempts to take a busy lock (with jitter, so waiters do not ask in step). */
const LOCK_RETRY_MS = 40;

const RELEASE_SCRIPT = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;
const EXTEND_SCRIPT = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0`;

/** The URL without its password, for logs and /api/health. */
export function describeRedisUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createRedisSharedState(settings: RedisSharedStateSettings, logger: Logger): SharedState {
  const where = describeRedisUrl(settings.url);
  const prefix = settings.keyPrefix ?? 'sds:';
  const log = logger.child({ sharedState: where });
  const redis = new Redis(settings.url, {
    // Fail at once while disconnected: a queued command would hold the request until Redis is back.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: COMMAND_TIMEOUT_MS,
    connectTimeout: 2000,
    // Reconnect forever, at most a second apart: recovery needs no restart.
    retryStrategy: (attempt) => Math.min(attempt * 100, 1000),
  });

  let reachable = false;
  let lastProblem = 'not connected yet';
  redis.on('ready', () => {
    if (!reachable) log.info('connected to Redis: state is shared with every instance');
    reachable = true;
  });
  redis.on('error', (error: Error) => {
    lastProblem = error.message;
    if (reachable) {
      log.warn(
        { err: error.message },
        'Redis unreachable: reads go on; saves and actions answer 503 until it is back',
      );
    }
    reachable = false;
  });
  redis.on('close', () => {
    lastProblem = 'the connection closed';
    if (reachable) {
      log.warn('Redis connection closed: reads go on; saves and actions answer 503 until it is back');
    }
    reachable = false;
  });

  /** Runs one Redis call; any failure becomes SharedStateUnavailable naming what was tried. */
  async function call<T>(what: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw new SharedStateUnavailable(
        `${what} at ${where} failed (${String((error as Error).message ?? error)})`,
        {
          cause: error,
        },
      );
    }
  }

  const local = createKeyedLock();

  async function acquire(key: string, token: string, deadline: number, waitMs: number): Promise<void> {
    for (;;) {
      const answer = await call('taking a lock', () => redis.set(key, token, 'PX', settings.leaseMs, 'NX'));
      if (answer === 'OK') return;
      const left = deadline - Date.now();
      if (left <= 0) throw new LockBusy(key, waitMs);
      await sleep(Math.min(left, LOCK_RETRY_MS / 2 + Math.random() * LOCK_RETRY_MS));
    }
  }

  async function extend(key: string, token: string): Promise<boolean> {
    const answer = await call('renewing a lock', () =>
      redis.eval(EXTEND_SCRIPT, 1, key, token, String(settings.leaseMs)),
    );
    return answer === 1;
  }

  const locks: SharedState['locks'] = {
    withLock(name, { waitMs }, task) {
      const key = `${prefix}lock:${name}`;
      const deadline = Date.now() + waitMs;
      return local(
        key,
        async () => {
          const token = randomBytes(16).toString('base64url');
          await acquire(key, token, deadline, waitMs);
          let lost = false;
          const renewal = setInterval(() => {
            extend(key, token).then(
              (held) => {
                if (!held && !lost) log.error({ lock: name }, 'lost a lock while its task ran');
                lost ||= !held;
              },
              (error: unknown) => log.warn({ lock: name, err: String(error) }, 'could not renew a lock'),
            );
          }, settings.leaseMs / 3);
          renewal.unref();
          const lease: Lease = {
            async confirm() {
              if (lost || !(await extend(key, token))) {
                lost = true;
                throw new LeaseLost(key);
              }
            },
          };
          try {
            return await task(lease);
          } finally {
            clearInterval(renewal);
            // Only the owner's token deletes the key; when Redis is away the lease runs out instead.
            await call('releasing a lock', () => redis.eval(RELEASE_SCRIPT, 1, key, token)).catch(
              (error: unknown) =>
                log.warn(
                  { lock: name, err: String(error) },
                  'could not release a lock; its lease will run out',
                ),
            );
          }
        },
        waitMs,
      );
    },
  };

  const cache: SharedCache = {
    async get(name) {
      return call('reading the cache', () => redis.get(`${prefix}cache:${name}`));
    },
    async set(name, value, ttlMs) {
      await call('writing the cache', () =>
        redis.set(`${prefix}cache:${name}`, value, 'PX', Math.max(1, Math.round(ttlMs))),
      );
    },
  };

  return {
    kind: 'redis',
    description: `Redis at ${where} (shared by every instance)`,
    locks,
    cache,
    rateLimitStore: () =>
      new FallbackStore(
        new RedisStore({
          prefix: `${prefix}rl:`,
          sendCommand: (command: string, ...args: string[]) => redis.call(command, ...args) as Promise<never>,
        }),
        new MemoryStore(),
        (error) =>
          log.warn({ err: String(error) }, 'rate limit counted in this instance while Redis is away'),
      ),
    async check(): Promise<CheckResult> {
      try {
        await call('PING', () => redis.ping());
        return { ok: true, detail: `Redis at ${where}` };
      } catch {
        return {
          ok: false,
          detail: `Redis at ${where} unreachable (${lastProblem}): saves and actions wait for it`,
        };
      }
    },
    ready(timeoutMs) {
      if (redis.status === 'ready') return Promise.resolve(true);
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          redis.off('ready', onReady);
          resolve(false);
        }, timeoutMs);
        const onReady = () => {
          clearTimeout(timer);
          resolve(true);
        };
        redis.once('ready', onReady);
      });
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

/**
 * The shared count while Redis answers, this instance's own count while it does not: the limit
 * keeps holding (per instance) through an outage instead of failing every request or none.
 */
class FallbackStore implements Store {
  readonly #shared: RedisStore;
  readonly #local: MemoryStore;
  readonly #onError: (error: unknown) => void;
  #options: Options | undefined;
  /** rate-limit-redis loads its scripts in init(); after a failure they are loaded again. */
  #needsInit = true;
  #failing = false;
  readonly localKeys = false;

  constructor(shared: RedisStore, local: MemoryStore, onError: (error: unknown) => void) {
    this.#shared = shared;
    this.#local = local;
    this.#onError = onError;
  }

  init(options: Options): void {
    this.#options = options;
    this.#local.init(options);
  }

  async #sharedCall<T>(run: () => Promise<T>): Promise<T> {
    if (this.#needsInit) {
      await this.#shared.init(this.#options!);
      this.#needsInit = false;
    }
    try {
      const result = await run();
      this.#failing = false;
      return result;
    } catch (error) {
      this.#needsInit = true;
      throw error;
    }
  }

  async increment(key: string) {
    try {
      return await this.#sharedCall(() => this.#shared.increment(key));
    } catch (error) {
      if (!this.#failing) this.#onError(error);
      this.#failing = true;
      this.#needsInit = true;
      return this.#local.increment(key);
    }
  }

  async decrement(key: string) {
    await this.#sharedCall(() => this.#shared.decrement(key)).catch(() => this.#local.decrement(key));
  }

  async resetKey(key: string) {
    await Promise.all([
      this.#sharedCall(() => this.#shared.resetKey(key)).catch(() => undefined),
      this.#local.resetKey(key),
    ]);
  }

  shutdown(): void {
    this.#local.shutdown();
  }
}
