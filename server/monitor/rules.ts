/**
 * What one look at a profile means (docs/decisions/027): is it healthy or failing, does its
 * status history need a snapshot, and does an alert open or close. Pure: the cycle feeds it what
 * it stored last time and what Graph says now, and stores what comes out, in one transaction.
 *
 * Alerts, one per transition:
 * - `failed`: the status became error, quarantined, validationError or extractionError;
 * - `errors`: the error count rose past the threshold;
 * - `stale`: a provisioned, unpaused profile has had no successful sync for 24 hours.
 * A `failed` alert replaces an open `errors` or `stale` one (it is worse news); otherwise an open
 * alert stays open, silent, until the profile is back to healthy, which sends one recovery notice.
 * The first look at a profile only sets the baseline: what holds then is taken as announced.
 */
import type { AlertKind, ProfileHealth } from '../../contracts/monitor';

export const FAILING_STATUSES: ReadonlySet<string> = new Set([
  'error',
  'quarantined',
  'validationError',
  'extractionError',
]);
/** A run under way: the outcome is not known yet, so nothing is judged by it. */
const RUNNING_STATUSES: ReadonlySet<string> = new Set(['inProgress', 'extracting', 'validating']);

export const STALE_AFTER_MS = 24 * 60 * 60 * 1000;
export const HEARTBEAT_EVERY_MS = 24 * 60 * 60 * 1000;

export type Observation = {
  profileName: string;
  profileState: string | null;
  status: string | null;
  errorCount: number;
  lastSynchronization: Date | null;
};

export type StoredState = {
  fingerprint: string;
  lastSnapshotAt: Date;
  health: ProfileHealth;
  healthSince: Date;
  alert: AlertKind | null;
  alertSince: Date | null;
};

export type AlertEvent = { kind: AlertKind | 'recovered'; detail: string };

export type Judgement = {
  state: StoredState;
  snapshot: 'change' | 'heartbeat' | null;
  event: AlertEvent | null;
};

const statusWords: Record<string, string> = {
  error: 'its last sync failed',
  quarantined: 'it was quarantined',
  validationError: 'its data failed validation',
  extractionError: 'its data could not be read from the source',
};

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * The status a snapshot records: a running sync keeps the last settled status, so a profile
 * that runs every hour does not write two snapshots an hour.
 */
function settledFingerprint(o: Observation, previous: string | undefined): string {
  const settled = o.status !== null && RUNNING_STATUSES.has(o.status) && previous !== undefined;
  const status = settled ? previous.split('|')[0]! : (o.status ?? 'unknown');
  return `${status}|${o.errorCount}`;
}

export function judge(
  o: Observation,
  previous: StoredState | undefined,
  now: Date,
  errorThreshold: number,
): Judgement {
  const fingerprint = settledFingerprint(o, previous?.fingerprint);
  const status = o.status ?? '';
  const paused = status === 'paused';
  const failing = FAILING_STATUSES.has(status);
  // A profile that never synced has no last success to be stale against (its status says why).
  const lastGood = o.lastSynchronization;
  const stale =
    o.profileState === 'provisioned' &&
    !paused &&
    !failing &&
    lastGood !== null &&
    now.getTime() - lastGood.getTime() >= STALE_AFTER_MS;
  const tooManyErrors = o.errorCount > errorThreshold;

  let health: ProfileHealth = previous?.health ?? 'unknown';
  if (failing || stale) health = 'failing';
  else if (status === 'success' && !tooManyErrors) health = 'healthy';
  const healthSince = previous && previous.health === health ? previous.healthSince : now;

  let alert = previous?.alert ?? null;
  let alertSince = previous?.alertSince ?? null;
  let event: AlertEvent | null = null;
  if (previous === undefined) {
    // The first look is the baseline: what was already broken before the monitor watched is
    // shown on the cards and counts as announced (its recovery is news), never as a new alert.
    alert = failing ? 'failed' : tooManyErrors && !paused ? 'errors' : stale ? 'stale' : null;
    alertSince = alert ? now : null;
  } else if (failing && alert !== 'failed') {
    event = {
      kind: 'failed',
      detail: `${statusWords[status] ?? 'it stopped syncing'}${o.errorCount > 0 ? ` (${plural(o.errorCount, 'error')})` : ''}`,
    };
  } else if (alert === null && tooManyErrors && !paused) {
    event = { kind: 'errors', detail: `${plural(o.errorCount, 'error')}, more than ${errorThreshold}` };
  } else if (alert === null && stale) {
    event = { kind: 'stale', detail: 'no successful sync for 24 hours' };
  } else if (alert !== null && health === 'healthy') {
    event = { kind: 'recovered', detail: 'it is syncing again' };
  }
  if (event) {
    alert = event.kind === 'recovered' ? null : event.kind;
    alertSince = event.kind === 'recovered' ? null : now;
  }

  const changed = previous === undefined || previous.fingerprint !== fingerprint;
  const heartbeatDue =
    previous !== undefined && now.getTime() - previous.lastSnapshotAt.getTime() >= HEARTBEAT_EVERY_MS;
  const snapshot = changed ? 'change' : heartbeatDue ? 'heartbeat' : null;
  return {
    state: {
      fingerprint,
      lastSnapshotAt: snapshot ? now : previous!.lastSnapshotAt,
      health,
      healthSince,
      alert,
      alertSince,
    },
    snapshot,
    event,
  };
}
