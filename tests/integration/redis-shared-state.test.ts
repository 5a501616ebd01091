/**
 * The Redis implementation of shared state against a real redis-server (started here on a free
 * port, persistence off): the lock's owner token, its renewal and its confirmation before a write,
 * and failing closed when Redis cannot be reached. Two SharedState objects on one Redis are two
 * instances of the backend.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../server/logger';
import { createRedisSharedState } from '../../server/sharedState/redis';
import {
  LeaseLost,
  LockBusy,
  SharedStateUnavailable,
  type SharedState,
} from '../../server/sharedState/types';
import { freePort } from '../support/localServer';
import { startRedisServer, type RedisServer } from '../support/redisServer';

const LEASE_MS = 1000;
const logger = createLogger('silent');
let redis: RedisServer;
let inspector: Redis;
const states: SharedState[] = [];

function instance(url = redis.url): SharedState {
  const state = createRedisSharedState({ url, leaseMs: LEASE_MS }, logger);
  states.push(state);
  return state;
}

beforeAll(async () => {
  redis = await startRedisServer();
  inspector = new Redis(redis.url);
});

afterAll(async () => {
  await Promise.all(states.map((state) => state.close()));
  inspector?.disconnect();
  await redis?.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the lock on Redis', () => {
  it('keeps another instance out for as long as the task runs, renewing its lease, then lets it in', async () => {
    const [a, b] = [instance(), instance()];
    await Promise.all([a.ready(5000), b.ready(5000)]);
    let inside = false;
    const holder = a.locks.withLock('renewal', { waitMs: 100 }, async () => {
      inside = true;
      await sleep(LEASE_MS * 2.5);
      inside = false;
    });
    await sleep(50);
    await expect(
      b.locks.withLock('renewal', { waitMs: LEASE_MS * 1.5 }, async () => inside),
    ).rejects.toBeInstanceOf(LockBusy);
    // Waiting long enough gets it, right after the holder let go.
    expect(await b.locks.withLock('renewal', { waitMs: LEASE_MS * 3 }, async () => inside)).toBe(false);
    await holder;
    expect(await inspector.exists('sds:lock:renewal')).toBe(0);
  });

  it('never deletes a lock it no longer owns, and says so before the write', async () => {
    const a = instance();
    await a.ready(5000);
    const outcome = a.locks.withLock('taken-over', { waitMs: 100 }, async (lease) => {
      await lease.confirm();
      // The lease ran out (a stalled process) and another instance took the lock.
      await inspector.set('sds:lock:taken-over', 'someone-else', 'PX', 10_000);
      await lease.confirm();
      return 'wrote';
    });
    await expect(outcome).rejects.toBeInstanceOf(LeaseLost);
    expect(await inspector.get('sds:lock:taken-over')).toBe('someone-else');
  });

  it('gives one random owner token per hold', async () => {
    const a = instance();
    await a.ready(5000);
    const tokens = new Set<string | null>();
    for (let i = 0; i < 3; i++) {
      await a.locks.withLock('tokens', { waitMs: 100 }, async () => {
        tokens.add(await inspector.get('sds:lock:tokens'));
      });
    }
    expect(tokens.size).toBe(3);
    for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });
});

describe('without a reachable Redis', () => {
  it('fails closed at once: no task runs without the lock, the cache and health say so', async () => {
    const nowhere = instance(`redis://127.0.0.1:${await freePort()}`);
    let ran = false;
    // A busy lock would be waited for this long (past the test's timeout); an outage is answered at once.
    await expect(
      nowhere.locks.withLock('closed', { waitMs: 60_000 }, async () => {
        ran = true;
      }),
    ).rejects.toBeInstanceOf(SharedStateUnavailable);
    expect(ran).toBe(false);
    await expect(nowhere.cache.get('anything')).rejects.toBeInstanceOf(SharedStateUnavailable);
    const health = await nowhere.check();
    expect(health.ok).toBe(false);
    expect(health.detail).toMatch(/^Redis at redis:\/\/127\.0\.0\.1:\d+ unreachable/);
  });

  it('never shows the access key of the URL', async () => {
    const keyed = instance(`redis://:very-secret-key@127.0.0.1:${await freePort()}`);
    expect(keyed.description).not.toContain('very-secret-key');
    expect((await keyed.check()).detail).not.toContain('very-secret-key');
  });
});
