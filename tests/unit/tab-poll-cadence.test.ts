import { describe, expect, it } from 'vitest';
import { isBusy, nextPollDelay, POLL_BUSY_MS, POLL_FOLLOW_MS, POLL_IDLE_MS } from '../../src/lib/pollCadence';

describe('isBusy', () => {
  it('is true while provisioning, deleting or syncing', () => {
    expect(isBusy('provisioning', 'success')).toBe(true);
    expect(isBusy('deleting', null)).toBe(true);
    expect(isBusy('provisioned', 'inProgress')).toBe(true);
    expect(isBusy('provisioned', 'extracting')).toBe(true);
    expect(isBusy('provisioned', 'validating')).toBe(true);
  });

  it('is false when settled, paused or failed', () => {
    expect(isBusy('provisioned', 'success')).toBe(false);
    expect(isBusy('provisioned', 'paused')).toBe(false);
    expect(isBusy('provisioningFailed', 'error')).toBe(false);
    expect(isBusy(null, null)).toBe(false);
  });
});

describe('nextPollDelay', () => {
  it('polls often while something moves, rarely when idle, faster after a save', () => {
    expect(nextPollDelay({ busy: true, visible: true })).toBe(POLL_BUSY_MS);
    expect(nextPollDelay({ busy: false, visible: true })).toBe(POLL_IDLE_MS);
    expect(nextPollDelay({ busy: false, visible: true, following: true })).toBe(POLL_FOLLOW_MS);
    expect(POLL_FOLLOW_MS).toBeLessThan(POLL_BUSY_MS);
    expect(POLL_BUSY_MS).toBeLessThan(POLL_IDLE_MS);
  });

  it('does not poll a hidden tab', () => {
    expect(nextPollDelay({ busy: true, visible: false, following: true })).toBeNull();
  });

  it('waits at least as long as the server asked', () => {
    expect(nextPollDelay({ busy: true, visible: true, retryAfterSeconds: 30 })).toBe(30_000);
    expect(nextPollDelay({ busy: false, visible: true, retryAfterSeconds: 2 })).toBe(POLL_IDLE_MS);
  });
});
