/**
 * The monitor (issue 14 §5), measured, not computed:
 *
 * - Graph requests per monitored tenant per hour with 8, 200 and 1,000 profiles: the tenant is
 *   seeded, real monitor cycles run in this process (the backend's own `runTenantCycle`, app-only
 *   tokens from the emulated Entra, against the stack's Graph), and the emulator's request log
 *   counts what each cycle asked for (a `$batch` counts once). Per hour = per cycle × the cycles
 *   of an hour at the default 300 s interval; the target per cycle is 1 + ⌈N/20⌉.
 * - Database growth per profile per year at the default interval: a year of looks, one every
 *   300 s, at profiles that sync every hour (now and then with more or fewer errors, a failed run
 *   and its recovery), judged by the monitor's rules and written through its store, on PGlite in a
 *   temporary DATA_DIR; pg_total_relation_size of the monitor's tables before and after.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { tenants } from '../emulator/directory';
import { ensureLocalCertificates } from '../emulator/tls';
import { stackPortsOf, emulatorServerEnv } from '../scripts/stack';
import { graphSettingsOf } from '../server/app';
import { createAppOnlyTokens } from '../server/auth/appOnly';
import { loadConfig } from '../server/config';
import { createHistory } from '../server/history';
import { openDatabase } from '../server/history/database';
import { createLogger } from '../server/logger';
import { runTenantCycle, snapshotRow } from '../server/monitor/cycle';
import { judge, type Observation, type StoredState } from '../server/monitor/rules';
import * as store from '../server/monitor/store';
import { graphHttpRequests, logSince, type BenchContext } from './context';
import type { Figure } from './report';
import { createProfileIdHints } from '../server/profileIdHints';

const SECTION = 'Monitor';
export const MONITORED_PROFILE_COUNTS = [8, 200, 1000] as const;
/** MONITOR_INTERVAL_SECONDS's default (server/config.ts). */
const DEFAULT_INTERVAL_SECONDS = 300;
const CYCLES_PER_HOUR = 3600 / DEFAULT_INTERVAL_SECONDS;
/** Cycles measured per profile count, after the first (the baseline, which costs the same). */
const MEASURED_CYCLES = 3;
const GRAPH_BATCH_LIMIT = 20;
const targetPerCycle = (count: number) => 1 + Math.ceil(count / GRAPH_BATCH_LIMIT);

const YEAR_PROFILES = 5;
const DAY_MS = 24 * 60 * 60 * 1000;
const YEAR_DAYS = 365;
/** MONITOR_ERROR_THRESHOLD's default. */
const ERROR_THRESHOLD = 50;

export type MonitorRaw = {
  requests: Record<string, { perCycle: number[]; tokenRequests: number }>;
  growth: { profiles: number; snapshots: number; alerts: number; bytes: number; bytesPerProfile: number };
};

export async function measureMonitor(ctx: BenchContext): Promise<{ figures: Figure[]; raw: MonitorRaw }> {
  const requests = await measureRequests(ctx);
  ctx.progress('monitor: a year of status history on PGlite');
  const growth = await measureGrowth();
  return {
    figures: [...requests.figures, growth.figure],
    raw: { requests: requests.raw, growth: growth.raw },
  };
}

async function measureRequests(ctx: BenchContext) {
  const tenantId = tenants.contoso.id;
  // The backend's own configuration against the stack, with the default interval.
  const config = loadConfig({
    ...emulatorServerEnv(stackPortsOf(ctx.stack.urls), ensureLocalCertificates()),
    MONITOR_INTERVAL_SECONDS: String(DEFAULT_INTERVAL_SECONDS),
  });
  const logger = createLogger('warn');
  const dataDir = mkdtempSync(path.join(tmpdir(), 'sds-bench-monitor-'));
  const history = createHistory({ kind: 'pglite', dataDir }, 'bench', logger);
  const appTokens = createAppOnlyTokens(
    {
      clientId: config.clientId,
      credential: config.clientCredential,
      authorityHost: config.authorityHost,
      tabEndpoint: config.tabEndpoint,
    },
    logger,
  );
  const settings = {
    graph: { ...graphSettingsOf(config), budgetMs: 120_000 },
    errorThreshold: config.monitor.errorThreshold,
    teamsAppId: config.monitor.teamsAppId,
  };
  const holder = 'bench';
  // As the backend's monitor does: each cycle guesses the tenant's ids from the one before.
  const deps = { history, appTokens, logger, profileIds: createProfileIdHints() };
  const figures: Figure[] = [];
  const raw: MonitorRaw['requests'] = {};
  try {
    await history.useDatabase((db) => store.acquireLease(db, holder, 60 * 60 * 1000));
    for (const count of MONITORED_PROFILE_COUNTS) {
      ctx.progress(`monitor: ${count} profiles`);
      await ctx.emulator.seed(count, tenantId);
      // The first look sets the baseline (and fetches the app-only token): not counted.
      await runTenantCycle(tenantId, holder, settings, deps);
      const perCycle: number[] = [];
      let tokenRequests = 0;
      const problems: string[] = [];
      for (let i = 0; i < MEASURED_CYCLES; i++) {
        const seq = await ctx.emulator.lastSeq();
        const outcome = await runTenantCycle(tenantId, holder, settings, deps);
        const log = await logSince(ctx, seq);
        const graph = graphHttpRequests(log);
        perCycle.push(graph.length);
        tokenRequests += log.filter((e) => e.service === 'entra').length;
        if (outcome.state !== 'monitoring') problems.push(`a cycle ended ${outcome.state}`);
        else if (outcome.profiles !== count) problems.push(`a cycle saw ${outcome.profiles} profiles`);
        if (graph.some((e) => e.status >= 400)) problems.push('Graph answered an error');
      }
      const mean = perCycle.reduce((a, b) => a + b, 0) / perCycle.length;
      const target = targetPerCycle(count);
      raw[String(count)] = { perCycle, tokenRequests };
      figures.push({
        section: SECTION,
        name: `Graph requests per tenant per hour, ${count.toLocaleString('en-US')} profiles`,
        value: mean * CYCLES_PER_HOUR,
        unit: '',
        digits: 0,
        target: { comparison: 'atMost', value: target * CYCLES_PER_HOUR, unit: '' },
        detail:
          `measured ${perCycle.join(', ')} per cycle over ${MEASURED_CYCLES} cycles (target 1 + ⌈${count}/20⌉ = ${target}) ` +
          `× ${CYCLES_PER_HOUR} cycles an hour at ${DEFAULT_INTERVAL_SECONDS} s; $batch counted once; ` +
          `${tokenRequests} Entra token requests in those cycles (app-only tokens are cached)`,
        ...(problems.length ? { error: [...new Set(problems)].join('; ') } : {}),
      });
    }
  } finally {
    await history.useDatabase((db) => store.releaseLease(db, holder)).catch(() => undefined);
    await history.close();
    rmSync(dataDir, { recursive: true, force: true });
    await ctx.emulator.reset();
  }
  return { figures, raw };
}

/** A small deterministic generator, so every run writes the same year. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/**
 * What the monitor sees of one profile, every 300 s for a year: a sync at the top of every hour,
 * in progress for one look; each run ends like the last one most of the time, with a different
 * error count (0–11, under the alert threshold) about one run in ten, and failed about one run in
 * a hundred (recovering next run): about a thousand status changes a year.
 */
function* yearOfLooks(
  seed: number,
  start: number,
): Generator<{ at: Date; observation: Observation & { statusMessage: string } }> {
  const random = prng(seed);
  let errorCount = 3;
  let status = 'success';
  let lastSynchronization = new Date(start);
  const looks = (YEAR_DAYS * DAY_MS) / (DEFAULT_INTERVAL_SECONDS * 1000);
  for (let i = 0; i < looks; i++) {
    const at = new Date(start + i * DEFAULT_INTERVAL_SECONDS * 1000);
    const running = i % CYCLES_PER_HOUR === 0;
    if (i % CYCLES_PER_HOUR === 1) {
      const roll = random();
      status = roll < 0.01 ? 'error' : 'success';
      if (roll >= 0.01 && roll < 0.11) errorCount = Math.floor(random() * 12);
      if (status === 'success') lastSynchronization = at;
    }
    const processed = 400 + Math.floor(random() * 200);
    yield {
      at,
      observation: {
        profileName: `Profile ${seed}`,
        profileState: 'provisioned',
        status: running ? 'inProgress' : status,
        errorCount,
        lastSynchronization,
        statusMessage: `Processed ${processed} in the last hour.\r\nUpdated ${Math.floor(processed / 10)} in the last hour.`,
      },
    };
  }
}

const MONITOR_TABLES = ['status_snapshots', 'alert_events', 'monitored_profiles'] as const;

async function measureGrowth(): Promise<{ figure: Figure; raw: MonitorRaw['growth'] }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'sds-bench-monitor-year-'));
  const database = await openDatabase({ kind: 'pglite', dataDir: dir }, 'bench');
  const db = database.db;
  const tenantId = tenants.contoso.id;
  const size = async () => {
    await sql`VACUUM ANALYZE`.execute(db);
    let bytes = 0;
    for (const table of MONITOR_TABLES) {
      const row = await sql<{ bytes: string | number }>`
        SELECT pg_total_relation_size(${table}::regclass) AS bytes`.execute(db);
      bytes += Number(row.rows[0]!.bytes);
    }
    return bytes;
  };
  try {
    const before = await size();
    const start = Date.now() - YEAR_DAYS * DAY_MS;
    let snapshots = 0;
    let alerts = 0;
    for (let p = 0; p < YEAR_PROFILES; p++) {
      const profileId = `b0000000-0000-4000-8000-${String(p).padStart(12, '0')}`;
      let state: StoredState | undefined;
      let pending: store.SnapshotRow[] = [];
      const events: { kind: 'failed' | 'errors' | 'stale' | 'recovered'; detail: string }[] = [];
      const flush = async () => {
        await db.transaction().execute(async (trx) => {
          await store.addSnapshots(trx, pending);
          await store.addEvents(
            trx,
            events.splice(0).map((event) => ({ tenantId, profileId, profileName: `Profile ${p}`, ...event })),
          );
          if (state)
            await store.saveStates(trx, tenantId, [{ profileId, profileName: `Profile ${p}`, state }]);
        });
        snapshots += pending.length;
        pending = [];
      };
      for (const { at, observation } of yearOfLooks(p + 1, start)) {
        const judgement = judge(observation, state, at, ERROR_THRESHOLD);
        state = judgement.state;
        if (judgement.event) {
          events.push(judgement.event);
          alerts++;
        }
        if (judgement.snapshot) {
          pending.push(snapshotRow(tenantId, profileId, at, judgement.snapshot, observation));
        }
        if (pending.length >= 500) await flush();
      }
      await flush();
    }
    const bytes = (await size()) - before;
    const raw = {
      profiles: YEAR_PROFILES,
      snapshots,
      alerts,
      bytes,
      bytesPerProfile: bytes / YEAR_PROFILES,
    };
    return {
      raw,
      figure: {
        section: SECTION,
        name: 'database growth per profile per year',
        value: raw.bytesPerProfile / 1024,
        unit: 'KiB',
        digits: 0,
        detail:
          `PGlite, ${MONITOR_TABLES.join(' + ')} (pg_total_relation_size, after VACUUM); ` +
          `${YEAR_PROFILES} profiles × a year of looks every ${DEFAULT_INTERVAL_SECONDS} s, hourly syncs: ` +
          `${Math.round(snapshots / YEAR_PROFILES)} snapshots and ${Math.round(alerts / YEAR_PROFILES)} alerts per profile`,
      },
    };
  } finally {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
