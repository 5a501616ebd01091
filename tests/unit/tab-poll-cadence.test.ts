import { describe, expect, it } from 'vitest';
import { ApiError, errorFromResponse } from '../../src/api/apiError';
import { isBusy, nextPollDelay, POLL_BUSY_MS, POLL_FOLLOW_MS, POLL_IDLE_MS } from '../../src/lib/pollCadence';
import { pollEvery, refreshEvery } from '../../src/services/serverState';

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

describe('polling a query', () => {
  const read = (error: ApiError | null) => ({ state: { error } });

  it('keeps the cadence through failures, waiting as long as the server asked', () => {
    expect(pollEvery({ busy: true })(read(null))).toBe(POLL_BUSY_MS);
    expect(pollEvery({ busy: false })(read(new ApiError('network', 'offline')))).toBe(POLL_IDLE_MS);
    const throttled = errorFromResponse(
      429,
      { type: 'about:blank', title: 'Throttled', status: 429, code: 'graph_throttled', detail: 'Wait.' },
      {
        requestId: null,
        retryAfter: '90',
      },
    );
    expect(pollEvery({ busy: true })(read(throttled))).toBe(90_000);
    expect(refreshEvery(60_000)(read(new ApiError('network', 'offline')))).toBe(60_000);
  });

  it('stops after a read Teams gave no token for (a cancelled prompt would come straight back)', () => {
    const declined = new ApiError('auth', 'CancelledByUser');
    expect(pollEvery({ busy: true, following: true })(read(declined))).toBe(false);
    expect(refreshEvery(60_000)(read(declined))).toBe(false);
  });
});
