import { describe, expect, it } from 'vitest';
import { createProfileIdHints, MAX_HINTED_IDS } from '../../server/profileIdHints';

describe('profile id hints', () => {
  it('guesses nothing for a tenant never listed, and what its last list gave after', () => {
    const hints = createProfileIdHints();
    expect(hints.get('t1')).toEqual([]);
    hints.set('t1', ['a', 'b']);
    hints.set('t1', ['b', 'c']);
    expect(hints.get('t1')).toEqual(['b', 'c']);
    expect(hints.get('t2')).toEqual([]);
  });

  it('keeps at most MAX_HINTED_IDS ids a tenant and forgets the tenant listed least recently', () => {
    const hints = createProfileIdHints(2);
    hints.set(
      't1',
      Array.from({ length: 1_000 }, (_, i) => `id-${i}`),
    );
    expect(hints.get('t1')).toHaveLength(MAX_HINTED_IDS);
    hints.set('t2', ['x']);
    hints.set('t1', ['a']);
    hints.set('t3', ['y']);
    expect(hints.get('t2')).toEqual([]);
    expect(hints.get('t1')).toEqual(['a']);
    expect(hints.get('t3')).toEqual(['y']);
  });
});
