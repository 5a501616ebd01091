/**
 * A seeded pseudo-random generator for fault injection. Dev Proxy's dice are not seedable; ours
 * must be, so that a test that sees a failure sees the same failure on every run.
 */

/** Returns numbers in [0, 1). */
export type Random = () => number;

/** A 32-bit seed from a number or a string (FNV-1a), so `seed: "retry-test"` works too. */
export function seedFrom(seed: number | string): number {
  if (typeof seed === 'number') return Math.trunc(seed) >>> 0;
  let hash = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    hash ^= seed.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Mulberry32: small, fast and well distributed enough for dice; not for anything secret. */
export function seededRandom(seed: number | string): Random {
  let state = seedFrom(seed);
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
