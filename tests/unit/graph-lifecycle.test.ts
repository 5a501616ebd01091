/**
 * The simulated sync lifecycle is pure: a timeline and an instant give a snapshot. These tests
 * walk a profile through its life by moving `now`, as `POST /_emulator/clock` does.
 */
import { describe, expect, it } from 'vitest';
import * as lifecycle from '../../emulator/graph/lifecycle';
import type { RunPlan, Timeline } from '../../emulator/graph/lifecycle';

const T0 = Date.UTC(2026, 10, 22, 8, 0, 0);
const s = (seconds: number) => T0 + seconds * 1000;

const plan: RunPlan = {
  periodSeconds: 600,
  extractingSeconds: 10,
  validatingSeconds: 20,
  inProgressSeconds: 60,
  outcome: 'success',
  recordsPerRun: 300,
  updatesPerRun: 12,
  errorsPerRun: 0,
};

function at(t: Timeline, seconds: number) {
  return lifecycle.snapshot(t, s(seconds));
}

describe('a new profile', () => {
  it('provisions for PROVISIONING_SECONDS, then runs extracting → validating → inProgress → success', () => {
    const t = lifecycle.newTimeline(T0, true, plan);
    const p = lifecycle.PROVISIONING_SECONDS;
    expect(at(t, 0)).toMatchObject({ state: 'provisioning', status: 'inProgress' });
    expect(at(t, p - 1).state).toBe('provisioning');
    expect(at(t, p)).toMatchObject({ state: 'provisioned', status: 'extracting' });
    expect(at(t, p + 10).status).toBe('validating');
    expect(at(t, p + 30).status).toBe('inProgress');
    expect(at(t, p + 90).status).toBe('success');
    expect(at(t, p + 600).status).toBe('extracting');
  });

  it('moves lastSynchronization and lastActivity as runs finish', () => {
    const t = lifecycle.newTimeline(T0, true, plan);
    const p = lifecycle.PROVISIONING_SECONDS;
    expect(at(t, p + 50).lastSynchronizationDateTime).toBeNull();
    expect(at(t, p + 50).lastActivityDateTime).toBe(s(p + 30));
    expect(at(t, p + 100).lastSynchronizationDateTime).toBe(s(p + 90));
    expect(at(t, p + 700).lastSynchronizationDateTime).toBe(s(p + 690));
  });

  it('counts records processed in the last hour, partly through a run included', () => {
    const t = lifecycle.newTimeline(T0, true, plan);
    const p = lifecycle.PROVISIONING_SECONDS;
    expect(at(t, p + 60)).toMatchObject({ processedLastHour: 150, updatedLastHour: 6 });
    expect(at(t, p + 100)).toMatchObject({ processedLastHour: 300, updatedLastHour: 12 });
    // Six runs a hour: after the seventh finished, the first has left the window.
    expect(at(t, p + 6 * 600 + 95).processedLastHour).toBe(6 * 300);
    expect(lifecycle.statusMessage(at(t, p + 100))).toBe(
      'Processed 300 in the last hour.\r\nUpdated 12 in the last hour.',
    );
  });

  it('waits in inProgress with nothing processed while a CSV profile has not been started', () => {
    const t = lifecycle.newTimeline(T0, false, plan);
    expect(at(t, 3600)).toMatchObject({ state: 'provisioned', status: 'inProgress', processedLastHour: 0 });
  });
});

describe('transitions', () => {
  const running = () => lifecycle.newTimeline(T0, true, plan);

  it('pause freezes the profile in paused; resume starts a new run at once', () => {
    const paused = lifecycle.pause(running(), s(200));
    expect(at(paused, 5000)).toMatchObject({ status: 'paused', lastSynchronizationDateTime: s(95) });
    const resumed = lifecycle.resume(paused, s(6000));
    expect(at(resumed, 6000).status).toBe('extracting');
    expect(at(resumed, 6100).status).toBe('success');
    expect(at(resumed, 6100).lastSynchronizationDateTime).toBe(s(6090));
  });

  it('resume of a profile that is not paused changes nothing', () => {
    const t = running();
    expect(lifecycle.resume(t, s(100))).toBe(t);
  });

  it('reset clears a halt and a pause and restarts now', () => {
    const halted: Timeline = { ...running(), halted: 'quarantined' };
    expect(at(halted, 1000).status).toBe('quarantined');
    const reset = lifecycle.reset(lifecycle.pause(halted, s(1000)), s(2000));
    expect(at(reset, 2000).status).toBe('extracting');
  });

  it('start turns a waiting CSV profile into a running one; failed verification halts it', () => {
    const waiting = lifecycle.newTimeline(T0, false, plan);
    expect(at(lifecycle.start(waiting, s(100)), 100).status).toBe('extracting');
    expect(at(lifecycle.failVerification(waiting, s(100)), 200).status).toBe('validationError');
  });

  it('an update provisions again and resumes runs once provisioned', () => {
    const updated = lifecycle.reprovision(running(), s(1000), true);
    expect(at(updated, 1000)).toMatchObject({ state: 'provisioning', status: 'inProgress' });
    expect(at(updated, 1000 + lifecycle.PROVISIONING_SECONDS)).toMatchObject({
      state: 'provisioned',
      status: 'extracting',
    });
    // History survives the update.
    expect(at(updated, 1000).lastSynchronizationDateTime).toBe(s(695));
  });

  it('a deleted profile shows deleting, then is gone', () => {
    const deleting = lifecycle.markDeleting(running(), s(100));
    expect(at(deleting, 101).state).toBe('deleting');
    expect(lifecycle.isGone(deleting, s(100 + lifecycle.DELETING_SECONDS - 1))).toBe(false);
    expect(lifecycle.isGone(deleting, s(100 + lifecycle.DELETING_SECONDS))).toBe(true);
  });
});

describe('error runs', () => {
  const failing: RunPlan = { ...plan, outcome: 'error', errorsPerRun: 2 };

  it('ends runs in error and lists one entry per finished run', () => {
    const t = lifecycle.newTimeline(T0, true, failing);
    const p = lifecycle.PROVISIONING_SECONDS;
    expect(at(t, p + 100).status).toBe('error');
    expect(lifecycle.errorRuns(t, s(p + 50), 100)).toHaveLength(0);
    expect(lifecycle.errorRuns(t, s(p + 100), 100)).toHaveLength(1);
    expect(lifecycle.errorRuns(t, s(p + 1300), 100).map((r) => r.endedAt)).toEqual([
      s(p + 90),
      s(p + 690),
      s(p + 1290),
    ]);
    // Runs that end in error do not count as successful synchronizations.
    expect(at(t, p + 1300).lastSynchronizationDateTime).toBeNull();
  });

  it('keeps only the newest runs when asked for a limit', () => {
    const t = lifecycle.newTimeline(T0, true, failing);
    // 100 runs have finished by then (indexes 0..99); the newest five are 95..99.
    const runs = lifecycle.errorRuns(t, s(100 * 600), 5);
    expect(runs.map((r) => r.index)).toEqual([95, 96, 97, 98, 99]);
  });
});

it('refuses a plan whose run does not fit in its period', () => {
  expect(() => lifecycle.checkPlan({ ...plan, periodSeconds: 60 })).toThrow(/must fit in its period/);
});
