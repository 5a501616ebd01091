import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { realisticMix } from '../../emulator/graph/error-sets';
import { syncError } from '../../emulator/graph/sync-errors';
import {
  attachmentDisposition,
  csvRecord,
  neutralised,
  parseCsv,
  safeFileNamePart,
  unneutralised,
} from '../../server/csv';
import { createTranslator } from '../../src/i18n/i18n';
import { triageNs } from '../../src/i18n/namespaces/triage';
import { guidanceFor, knownErrorCodes } from '../../src/profile/errorGuidance';

describe('CSV', () => {
  it('neutralises every cell a spreadsheet would run as a formula, reversibly', () => {
    for (const cell of ['=1+1', '+1', '-2', '@SUM(A1)', '\tx', '\rx', "'quoted"]) {
      expect(neutralised(cell)).toBe(`'${cell}`);
      expect(unneutralised(neutralised(cell))).toBe(cell);
    }
    expect(neutralised('plain')).toBe('plain');
  });

  it('round-trips any text through a record (RFC 4180 quoting, CRLF, quotes, commas)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme' }), { minLength: 1, maxLength: 6 }), (cells) => {
        const [back] = parseCsv(csvRecord(cells));
        expect(back!.map(unneutralised)).toEqual(cells);
      }),
    );
  });

  it('names the file in ASCII and in UTF-8 (RFC 6266 / 8187), without path, control or bidi characters', () => {
    const name = `Sync errors - ${safeFileNamePart('Fall/2026 – "Ñandú"\u202e\u0007 roster')} - 2026-12-01.csv`;
    expect(name).toBe('Sync errors - Fall 2026 – Ñandú roster - 2026-12-01.csv');
    expect(attachmentDisposition(name)).toBe(
      `attachment; filename="Sync errors - Fall 2026 _ Nandu roster - 2026-12-01.csv"; filename*=UTF-8''Sync%20errors%20-%20Fall%202026%20%E2%80%93%20%C3%91and%C3%BA%20roster%20-%202026-12-01.csv`,
    );
    expect(safeFileNamePart('...')).toBe('profile');
    expect([...safeFileNamePart('x'.repeat(500))]).toHaveLength(80);
  });
});

describe('guidance per error code', () => {
  const t = createTranslator('en-US', triageNs);

  it('has what it means and what to do for every code the emulator produces and Microsoft lists', () => {
    const emulated = new Set([
      ...realisticMix.map((k) => k.errorCode),
      ...Array.from({ length: 16 }, (_, i) => syncError('school.edu', i, '0', 0).errorCode),
    ]);
    for (const code of emulated) expect(knownErrorCodes).toContain(code);
    for (const code of knownErrorCodes) {
      const guidance = guidanceFor(t, code);
      expect(guidance.known).toBe(true);
      for (const text of [guidance.title, guidance.meaning, guidance.fix])
        expect(text).not.toMatch(/^guidance\./);
    }
  });

  it('gives an unknown code the generic next step', () => {
    const guidance = guidanceFor(t, 'SomethingNew');
    expect(guidance.known).toBe(false);
    expect(guidance.fix).toMatch(/Microsoft support/);
  });
});
