import { describe, expect, it } from 'vitest';
import {
  durationWords,
  formatAbsolute,
  formatCalendarDate,
  formatRelative,
  parseTime,
  safeLocale,
} from '../../src/lib/relativeTime';

const now = Date.parse('2026-09-02T12:00:00Z');
const ago = (seconds: number) => new Date(now - seconds * 1000).toISOString();

describe('formatRelative', () => {
  it.each([
    [10, 'just now'],
    [50, '1 minute ago'],
    [5 * 60, '5 minutes ago'],
    [44 * 60, '44 minutes ago'],
    [50 * 60, '1 hour ago'],
    [3 * 3600, '3 hours ago'],
    [30 * 3600, 'yesterday'],
    [3 * 86_400, '3 days ago'],
    [40 * 86_400, 'last month'],
    [400 * 86_400, 'last year'],
  ])('%i seconds ago reads "%s"', (seconds, expected) => {
    expect(formatRelative(ago(seconds), now, 'en-US')).toBe(expected);
  });

  it('reads a time slightly in the future (clock skew) as just now', () => {
    expect(formatRelative(ago(-120), now, 'en-US')).toBe('just now');
  });

  it('returns null for missing or unparsable times', () => {
    expect(formatRelative(null, now)).toBeNull();
    expect(formatRelative('not a date', now)).toBeNull();
  });

  it("speaks the admin's language", () => {
    expect(formatRelative(ago(3 * 3600), now, 'de-de')).toBe('vor 3 Stunden');
  });
});

describe('locales and absolute times', () => {
  it('accepts what Teams sends and falls back to en-US', () => {
    expect(safeLocale('en-gb')).toBe('en-GB');
    expect(safeLocale('fr_FR')).toBe('fr-FR');
    expect(safeLocale('')).toBe('en-US');
    expect(safeLocale('not a locale!')).toBe('en-US');
  });

  it('formats an absolute time with date and time', () => {
    const text = formatAbsolute('2026-09-02T14:05:12Z', 'en-US', 'UTC');
    expect(text).toContain('September 2, 2026');
    expect(text).toContain('2:05:12');
  });

  it('formats calendar dates without shifting them across time zones', () => {
    expect(formatCalendarDate('2027-03-01', 'en-US')).toBe('Mar 1, 2027');
    expect(formatCalendarDate('', 'en-US')).toBeNull();
  });

  it('parses ISO times and rejects garbage', () => {
    expect(parseTime('2026-09-02T12:00:00Z')).toBe(now);
    expect(parseTime('yesterday')).toBeNull();
  });
});

describe('short absolute times', () => {
  it('fits a table cell', () => {
    expect(formatAbsolute('2026-09-02T14:05:12Z', 'en-US', 'UTC', 'short')).toBe('Sep 2, 2026, 2:05 PM');
  });
});

describe('durationWords ("healthy for …")', () => {
  it('says the largest whole unit, at least one minute, in the admin’s language', () => {
    expect(durationWords(10_000, 'en-US')).toBe('1 minute');
    expect(durationWords(59 * 60_000, 'en-US')).toBe('59 minutes');
    expect(durationWords(5 * 3_600_000 + 59 * 60_000, 'en-US')).toBe('5 hours');
    expect(durationWords(3 * 86_400_000, 'en-US')).toBe('3 days');
    expect(durationWords(2 * 86_400_000, 'es-ES')).toBe('2 días');
    // The same formatter serves the next call: what it says does not change.
    expect(durationWords(2 * 86_400_000, 'es-ES')).toBe('2 días');
    // French puts a no-break space between the number and its unit.
    expect(durationWords(3_600_000, 'fr-FR')).toMatch(/^1\sheure$/);
  });
});
