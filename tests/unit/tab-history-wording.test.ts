import { describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../contracts/api';
import { changedWhat, entrySentence, outcomeNote } from '../../src/components/historyWording';

const entry = (over: Partial<HistoryEntry>): HistoryEntry => ({
  id: '1',
  profileId: 'p',
  profileName: 'Northwind',
  operation: 'save',
  outcome: 'succeeded',
  actor: { objectId: 'o', displayName: 'Megan Bowen', userPrincipalName: 'admin@contoso.edu' },
  startedAt: '2026-12-01T10:00:00Z',
  completedAt: '2026-12-01T10:00:01Z',
  httpStatus: 202,
  problemCode: null,
  detail: null,
  requestId: 'r',
  graphRequestId: null,
  before: null,
  after: null,
  changes: [],
  ...over,
});

const grade = {
  key: 'student.optional',
  section: 'Students',
  label: 'optional properties',
  kind: 'set' as const,
  added: ['Grade'],
  removed: [],
  text: 'Students · optional properties: added Grade',
};
const sku = {
  key: 'licenses.student',
  section: 'Licenses',
  label: 'students SKU',
  kind: 'value' as const,
  before: 'A3',
  after: 'A5',
  text: 'Licenses · students SKU: A3 → A5',
};

describe('history wording', () => {
  it('names the person and what changed, as the issue words it', () => {
    expect(entrySentence(entry({ changes: [grade, sku] }))).toBe(
      'Megan Bowen changed Students · optional properties (+Grade) and Licenses · students SKU',
    );
  });

  it('says "tried to" for refused attempts and why', () => {
    const refused = entry({ outcome: 'conflict', httpStatus: 412, changes: [sku] });
    expect(entrySentence(refused)).toBe('Megan Bowen tried to change Licenses · students SKU');
    expect(outcomeNote(refused)).toMatch(/someone else had changed the profile first/);
    expect(outcomeNote(entry({ outcome: 'failed', httpStatus: 403 }))).toBe('Refused: not allowed');
    expect(outcomeNote(entry({}))).toBeNull();
  });

  it('names actions and, in Recent changes, the profile', () => {
    expect(entrySentence(entry({ operation: 'pause' }), true)).toBe(
      'Megan Bowen paused the sync in “Northwind”',
    );
  });

  it('counts what it does not name', () => {
    expect(changedWhat([grade, sku, grade, sku, grade])).toMatch(/ and 2 more$/);
  });
});
