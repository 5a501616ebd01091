import { describe, expect, it } from 'vitest';
import { seededRandom, seedFrom } from '../../emulator/graph/prng';

const draw = (seed: number | string, n: number) => {
  const random = seededRandom(seed);
  return Array.from({ length: n }, () => random());
};

describe('seeded PRNG', () => {
  it('repeats the same sequence for the same seed', () => {
    expect(draw(42, 50)).toEqual(draw(42, 50));
    expect(draw('retry-test', 50)).toEqual(draw('retry-test', 50));
  });

  it('gives a different sequence for a different seed', () => {
    expect(draw(42, 20)).not.toEqual(draw(43, 20));
    expect(draw('a', 20)).not.toEqual(draw('b', 20));
  });

  it('stays in [0, 1) and spreads evenly enough for dice', () => {
    const values = draw(7, 10_000);
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    const buckets = Array.from({ length: 10 }, () => 0);
    for (const v of values) buckets[Math.floor(v * 10)]!++;
    for (const count of buckets) expect(count).toBeGreaterThan(850);
  });

  it('turns strings and out-of-range numbers into 32-bit seeds', () => {
    expect(seedFrom('seed')).toBe(seedFrom('seed'));
    expect(seedFrom('seed')).not.toBe(seedFrom('seeds'));
    expect(seedFrom(2 ** 32 + 5)).toBe(5);
    expect(seedFrom(-1)).toBe(2 ** 32 - 1);
  });
});
