/**
 * Shared state that lives in this process: today's behaviour, right for `npm start` and for a
 * single instance. Locks queue saves of a profile one after another; the rate limit and the cache
 * count for this instance only.
 */
import { MemoryStore } from 'express-rate-limit';
import { createKeyedLock } from '../keyedLock';
import type { Lease, SharedCache, SharedState } from './types';

const CACHE_MAX_ENTRIES = 10_000;

/** A lock in one process cannot be taken away from its holder. */
const heldLease: Lease = { confirm: async () => undefined };

export function createMemoryCache(maxEntries = CACHE_MAX_ENTRIES): SharedCache {
  const entries = new Map<string, { value: string; expiresAt: number }>();
  return {
    async get(key) {
      const entry = entries.get(key);
      if (!entry) return null;
      if (entry.expiresAt > Date.now()) return entry.value;
      entries.delete(key);
      return null;
    },
    async set(key, value, ttlMs) {
      entries.delete(key);
      if (entries.size >= maxEntries) {
        // Maps iterate in insertion order: the first key is the oldest entry.
        entries.delete(entries.keys().next().value!);
      }
      entries.set(key, { value, expiresAt: Date.now() + ttlMs });
    },
  };
}

export function createMemorySharedState(): SharedState {
  const queue = createKeyedLock();
  return {
    kind: 'memory',
    description: 'in memory (this instance only; set REDIS_URL to run several)',
    locks: {
      withLock: (key, { waitMs }, task) => queue(key, () => task(heldLease), waitMs),
    },
    cache: createMemoryCache(),
    rateLimitStore: () => new MemoryStore(),
    check: async () => ({ ok: true, detail: 'in memory: this instance only' }),
    ready: async () => true,
    close: async () => undefined,
  };
}
