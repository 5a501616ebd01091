/**
 * The simulated life of a synchronization profile, computed from the emulator clock.
 *
 * Nothing here runs on a timer: a profile stores a `Timeline` (when it was provisioned, when its
 * current stretch of sync runs began, whether it is paused…) and every read asks `snapshot(t, now)`.
 * Moving the clock with `POST /_emulator/clock` therefore moves every profile at once, and tests
 * never sleep. Transitions (pause, resume, reset, start, update, delete) are pure functions that
 * fold the running stretch into history and start a new one.
 *
 * A run goes extracting → validating → inProgress → success | error, then waits for the next run
 * (one per `periodSeconds`). graph-sds-api.md §5.2 and §10 describe the states; the durations are ours.
 */
import type { ProfileState, SyncStatus } from '../../contracts/graph';

/** How long a created or updated profile stays `provisioning` (the brief: "a few seconds"). */
export const PROVISIONING_SECONDS = 5;
/** How long a deleted profile stays visible in state `deleting` before it is gone. */
export const DELETING_SECONDS = 5;
/** How long an upload requested through uploadUrl counts as "still being processed" (409 meanwhile). */
export const UPLOAD_PROCESSING_SECONDS = 30;

const SECOND = 1000;
const HOUR = 3600 * SECOND;

export type HaltedStatus = 'validationError' | 'quarantined';
/** How a run ends: a halting outcome stops the stretch after its first run (until reset or start). */
export type RunOutcome = 'success' | 'error' | HaltedStatus;

const isHalting = (outcome: RunOutcome): outcome is HaltedStatus =>
  outcome === 'quarantined' || outcome === 'validationError';

/**
 * The phases of a run asked for through the control API's next-run (seconds): short, so that a
 * demo or a test sees the outcome within one monitor interval rather than after two minutes.
 */
export const NEXT_RUN_PHASES = { extractingSeconds: 2, validatingSeconds: 2, inProgressSeconds: 6 } as const;
export const NEXT_RUN_SECONDS =
  NEXT_RUN_PHASES.extractingSeconds + NEXT_RUN_PHASES.validatingSeconds + NEXT_RUN_PHASES.inProgressSeconds;

export type RunPlan = {
  /** A run starts every `periodSeconds` while the profile syncs. */
  periodSeconds: number;
  extractingSeconds: number;
  validatingSeconds: number;
  inProgressSeconds: number;
  outcome: RunOutcome;
  /** Records read per run ("Processed N in the last hour"). */
  recordsPerRun: number;
  /** Records changed per run ("Updated M in the last hour"). */
  updatesPerRun: number;
  /** Sync errors recorded by each run that ends in `error`. */
  errorsPerRun: number;
};

export const DEFAULT_RUN_PLAN: RunPlan = {
  periodSeconds: 3600,
  extractingSeconds: 20,
  validatingSeconds: 20,
  inProgressSeconds: 80,
  outcome: 'success',
  recordsPerRun: 1200,
  updatesPerRun: 24,
  errorsPerRun: 0,
};

export type FinishedRun = { endedAt: number; records: number; updates: number };

/** Times are epoch milliseconds on the emulator clock. */
export type Timeline = {
  /** Before this instant the profile is `provisioning`. */
  provisionedAt: number;
  deletingSince: number | null;
  /** Whether the profile syncs at all: API providers from creation, CSV profiles once `start` succeeded. */
  syncEnabled: boolean;
  /** When the current stretch of runs began; null while nothing runs. */
  runningSince: number | null;
  pausedAt: number | null;
  /** A status that stops runs until the profile is reset (or, for validationError, started again). */
  halted: HaltedStatus | null;
  /** What earlier stretches left behind. */
  lastSynchronization: number | null;
  lastActivity: number | null;
  recentRuns: FinishedRun[];
  plan: RunPlan;
};

export type RunPhase = 'extracting' | 'validating' | 'inProgress' | 'finished';

export type Snapshot = {
  state: ProfileState;
  /** Before evolvable-enum substitution: may be `extracting` or `validating`. */
  status: SyncStatus;
  lastSynchronizationDateTime: number | null;
  lastActivityDateTime: number | null;
  processedLastHour: number;
  updatedLastHour: number;
};

type Position = {
  index: number;
  startedAt: number;
  offset: number;
  phase: RunPhase;
  phaseStartedAt: number;
  /** Runs of this stretch that have finished. */
  completed: number;
};

function durations(plan: RunPlan) {
  const extracting = plan.extractingSeconds * SECOND;
  const validating = plan.validatingSeconds * SECOND;
  const inProgress = plan.inProgressSeconds * SECOND;
  return {
    period: plan.periodSeconds * SECOND,
    extracting,
    validating,
    inProgress,
    run: extracting + validating + inProgress,
  };
}

/** Throws when a plan cannot work (a run longer than its period); demo and seed data are checked. */
export function checkPlan(plan: RunPlan): RunPlan {
  const d = durations(plan);
  if (d.period <= 0 || d.run <= 0 || d.run > d.period) {
    throw new Error(`run plan: a run (${d.run / SECOND} s) must fit in its period (${plan.periodSeconds} s)`);
  }
  return plan;
}

function position(plan: RunPlan, since: number, now: number): Position | null {
  if (now < since) return null;
  const d = durations(plan);
  const index = Math.floor((now - since) / d.period);
  const startedAt = since + index * d.period;
  const offset = now - startedAt;
  let phase: RunPhase;
  let phaseStartedAt: number;
  if (offset < d.extracting) {
    phase = 'extracting';
    phaseStartedAt = startedAt;
  } else if (offset < d.extracting + d.validating) {
    phase = 'validating';
    phaseStartedAt = startedAt + d.extracting;
  } else if (offset < d.run) {
    phase = 'inProgress';
    phaseStartedAt = startedAt + d.extracting + d.validating;
  } else {
    phase = 'finished';
    phaseStartedAt = startedAt + d.run;
  }
  return {
    index,
    startedAt,
    offset,
    phase,
    phaseStartedAt,
    completed: index + (phase === 'finished' ? 1 : 0),
  };
}

function runEnd(plan: RunPlan, since: number, index: number): number {
  const d = durations(plan);
  return since + index * d.period + d.run;
}

/** Where the current stretch is; a run that halts (quarantine, validation error) is its last. */
function stretchPosition(t: Timeline, now: number): Position | null {
  if (t.runningSince === null) return null;
  const at = position(t.plan, t.runningSince, now);
  if (!at || at.index === 0 || !isHalting(t.plan.outcome)) return at;
  return {
    index: 0,
    startedAt: t.runningSince,
    offset: now - t.runningSince,
    phase: 'finished',
    phaseStartedAt: runEnd(t.plan, t.runningSince, 0),
    completed: 1,
  };
}

/** The profile as it is at `now`. */
export function snapshot(t: Timeline, now: number): Snapshot {
  const state: ProfileState =
    t.deletingSince !== null ? 'deleting' : now < t.provisionedAt ? 'provisioning' : 'provisioned';

  let lastSynchronization = t.lastSynchronization;
  let lastActivity = t.lastActivity;
  let processed = 0;
  let updated = 0;
  const windowStart = now - HOUR;
  for (const run of t.recentRuns) {
    if (run.endedAt > windowStart && run.endedAt <= now) {
      processed += run.records;
      updated += run.updates;
    }
  }

  const at = stretchPosition(t, now);
  if (at && t.runningSince !== null) {
    const since = t.runningSince;
    if (at.completed > 0 && t.plan.outcome === 'success') {
      lastSynchronization = runEnd(t.plan, since, at.completed - 1);
    }
    lastActivity = Math.max(lastActivity ?? 0, at.phaseStartedAt);
    for (let j = at.completed - 1; j >= 0 && runEnd(t.plan, since, j) > windowStart; j--) {
      processed += t.plan.recordsPerRun;
      updated += t.plan.updatesPerRun;
    }
    if (at.phase === 'inProgress') {
      const d = durations(t.plan);
      const share = (at.offset - d.extracting - d.validating) / d.inProgress;
      processed += Math.floor(t.plan.recordsPerRun * share);
      updated += Math.floor(t.plan.updatesPerRun * share);
    }
  }

  let status: SyncStatus;
  if (state === 'provisioning') status = 'inProgress';
  else if (t.pausedAt !== null) status = 'paused';
  else if (t.halted !== null) status = t.halted;
  else if (!at) status = 'inProgress';
  else status = at.phase === 'finished' ? t.plan.outcome : at.phase;

  return {
    state,
    status,
    lastSynchronizationDateTime: lastSynchronization,
    lastActivityDateTime: lastActivity,
    processedLastHour: processed,
    updatedLastHour: updated,
  };
}

/** `Processed N in the last hour.\r\nUpdated M in the last hour.` (the documented form, CRLF included). */
export function statusMessage(s: Snapshot): string {
  return `Processed ${s.processedLastHour} in the last hour.\r\nUpdated ${s.updatedLastHour} in the last hour.`;
}

export type ErrorRun = { since: number; index: number; endedAt: number };

/**
 * The finished runs of the current stretch that recorded errors (a plan of `error`, or a halting or
 * even successful run asked for with an error count), newest `limit` of them: each one
 * recorded `plan.errorsPerRun` sync errors, which is how an error profile's list grows over time.
 */
export function errorRuns(t: Timeline, now: number, limit: number): ErrorRun[] {
  if (t.runningSince === null || t.plan.errorsPerRun === 0) return [];
  const at = stretchPosition(t, now);
  if (!at) return [];
  const runs: ErrorRun[] = [];
  for (let j = Math.max(0, at.completed - limit); j < at.completed; j++) {
    runs.push({ since: t.runningSince, index: j, endedAt: runEnd(t.plan, t.runningSince, j) });
  }
  return runs;
}

/** Folds the running stretch into history and stops it (every transition starts from here). */
export function settle(t: Timeline, now: number): Timeline {
  if (t.runningSince === null) return t;
  const s = snapshot(t, now);
  const at = stretchPosition(t, now);
  const recentRuns = t.recentRuns.filter((r) => r.endedAt > now - HOUR);
  if (at) {
    for (let j = at.completed - 1; j >= 0; j--) {
      const endedAt = runEnd(t.plan, t.runningSince, j);
      if (endedAt <= now - HOUR) break;
      recentRuns.push({ endedAt, records: t.plan.recordsPerRun, updates: t.plan.updatesPerRun });
    }
  }
  const halted = at && at.completed > 0 && isHalting(t.plan.outcome) ? t.plan.outcome : t.halted;
  return {
    ...t,
    halted,
    runningSince: null,
    lastSynchronization: s.lastSynchronizationDateTime,
    lastActivity: s.lastActivityDateTime,
    recentRuns,
  };
}

export function pause(t: Timeline, now: number): Timeline {
  if (t.pausedAt !== null) return t;
  return { ...settle(t, now), pausedAt: now, lastActivity: now };
}

/** Back to running: a new run starts now (unless the profile is halted or never started). */
export function resume(t: Timeline, now: number): Timeline {
  if (t.pausedAt === null) return t;
  const runs = t.syncEnabled && t.halted === null;
  return { ...t, pausedAt: null, runningSince: runs ? now : null, lastActivity: now };
}

/** Clears the halt and pause and restarts synchronization now (the caller clears the errors). */
export function reset(t: Timeline, now: number): Timeline {
  const settled = settle(t, now);
  return {
    ...settled,
    halted: null,
    pausedAt: null,
    runningSince: t.syncEnabled ? now : null,
    lastActivity: now,
  };
}

/**
 * The control API's next-run: a run starts now and ends as asked, with `errorsPerRun` sync errors;
 * later runs (one per period) end the same way, except that a halting outcome stops after one.
 * Earlier errors are the caller's to clear. Only a profile that syncs and is not paused runs.
 */
export function nextRun(t: Timeline, now: number, outcome: RunOutcome, errorsPerRun: number): Timeline {
  const settled = settle(t, now);
  return {
    ...settled,
    halted: null,
    runningSince: now,
    lastActivity: now,
    plan: checkPlan({ ...settled.plan, ...NEXT_RUN_PHASES, outcome, errorsPerRun }),
  };
}

/** A CSV profile's files passed verification: synchronization starts now. */
export function start(t: Timeline, now: number): Timeline {
  return {
    ...settle(t, now),
    syncEnabled: true,
    halted: null,
    pausedAt: null,
    runningSince: now,
    lastActivity: now,
  };
}

/** A CSV profile's files failed verification: it stops in `validationError` until started again. */
export function failVerification(t: Timeline, now: number): Timeline {
  return { ...settle(t, now), halted: 'validationError', lastActivity: now };
}

/** After an update the profile provisions again; runs resume once it is provisioned. */
export function reprovision(t: Timeline, now: number, syncEnabled: boolean): Timeline {
  const settled = settle(t, now);
  const provisionedAt = now + PROVISIONING_SECONDS * SECOND;
  const runs = syncEnabled && settled.pausedAt === null && settled.halted === null;
  return { ...settled, provisionedAt, syncEnabled, runningSince: runs ? provisionedAt : null };
}

export function markDeleting(t: Timeline, now: number): Timeline {
  if (t.deletingSince !== null) return t;
  return { ...settle(t, now), deletingSince: now };
}

export function isGone(t: Timeline, now: number): boolean {
  return t.deletingSince !== null && now >= t.deletingSince + DELETING_SECONDS * SECOND;
}

/** A new profile's timeline: provisioning now, syncing once provisioned if its provider syncs by itself. */
export function newTimeline(now: number, syncEnabled: boolean, plan: RunPlan = DEFAULT_RUN_PLAN): Timeline {
  const provisionedAt = now + PROVISIONING_SECONDS * SECOND;
  return {
    provisionedAt,
    deletingSince: null,
    syncEnabled,
    runningSince: syncEnabled ? provisionedAt : null,
    pausedAt: null,
    halted: null,
    lastSynchronization: null,
    lastActivity: null,
    recentRuns: [],
    plan: checkPlan(plan),
  };
}
