import { describe, expect, it } from 'vitest';
import { judge, type Observation, type StoredState } from '../../server/monitor/rules';
import { parseStatusMessage } from '../../server/monitor/statusMessage';

const now = new Date('2026-12-01T12:00:00Z');
const hours = (h: number) => new Date(now.getTime() - h * 3600_000);

const seen = (overrides: Partial<Observation> = {}): Observation => ({
  profileName: 'Contoso High',
  profileState: 'provisioned',
  status: 'success',
  errorCount: 0,
  lastSynchronization: hours(1),
  ...overrides,
});

const stored = (overrides: Partial<StoredState> = {}): StoredState => ({
  fingerprint: 'success|0',
  lastSnapshotAt: hours(2),
  health: 'healthy',
  healthSince: hours(48),
  alert: null,
  alertSince: null,
  ...overrides,
});

describe('judge', () => {
  it('takes the first look as the baseline: a failing profile is failing, announced, not alerted', () => {
    const j = judge(seen({ status: 'error', errorCount: 3 }), undefined, now, 50);
    expect(j.event).toBeNull();
    expect(j.snapshot).toBe('change');
    expect(j.state).toMatchObject({ health: 'failing', alert: 'failed' });
  });

  it('alerts once when a healthy profile fails, then stays silent', () => {
    const first = judge(seen({ status: 'quarantined', errorCount: 2 }), stored(), now, 50);
    expect(first.event).toEqual({ kind: 'failed', detail: 'it was quarantined (2 errors)' });
    const again = judge(seen({ status: 'quarantined', errorCount: 2 }), first.state, now, 50);
    expect(again.event).toBeNull();
    expect(again.snapshot).toBeNull();
  });

  it('alerts when errors rise past the threshold, and a failure after that is news', () => {
    const errors = judge(seen({ errorCount: 51 }), stored(), now, 50);
    expect(errors.event?.kind).toBe('errors');
    const failed = judge(seen({ status: 'error', errorCount: 60 }), errors.state, now, 50);
    expect(failed.event?.kind).toBe('failed');
  });

  it('alerts a provisioned, unpaused profile without a success for 24 hours, never a paused one', () => {
    expect(judge(seen({ lastSynchronization: hours(25) }), stored(), now, 50).event?.kind).toBe('stale');
    expect(
      judge(seen({ status: 'paused', lastSynchronization: hours(25) }), stored(), now, 50).event,
    ).toBeNull();
  });

  it('sends one recovery notice when an alerted profile is healthy again', () => {
    const recovered = judge(
      seen(),
      stored({ health: 'failing', alert: 'failed', fingerprint: 'error|3' }),
      now,
      50,
    );
    expect(recovered.event).toEqual({ kind: 'recovered', detail: 'it is syncing again' });
    expect(recovered.state).toMatchObject({ health: 'healthy', alert: null, healthSince: now });
  });

  it('keeps the settled status while a run is in progress, and writes a heartbeat after a day', () => {
    expect(judge(seen({ status: 'extracting' }), stored(), now, 50).snapshot).toBeNull();
    expect(judge(seen(), stored({ lastSnapshotAt: hours(24) }), now, 50).snapshot).toBe('heartbeat');
  });
});

describe('parseStatusMessage', () => {
  it('reads the documented form, CRLF and all', () => {
    expect(parseStatusMessage('Processed 1200 in the last hour.\r\nUpdated 24 in the last hour.')).toEqual({
      kind: 'figures',
      processedLastHour: 1200,
      updatedLastHour: 24,
    });
  });

  it('keeps anything else as text, and nothing as nothing', () => {
    expect(parseStatusMessage('Sync paused by admin')).toEqual({
      kind: 'text',
      text: 'Sync paused by admin',
    });
    expect(parseStatusMessage('Processed -1 in the last hour.')).toMatchObject({ kind: 'text' });
    expect(parseStatusMessage(null)).toEqual({ kind: 'none' });
    expect(parseStatusMessage('  ')).toEqual({ kind: 'none' });
  });
});
