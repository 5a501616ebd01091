/**
 * The monitor's schedule (docs/decisions/027): every instance ticks, one holds the lease in the
 * database and runs the cycles. The lease lasts two thirds of an interval and every tick (a third
 * of an interval) renews it, so when its holder dies another instance takes over within one
 * interval; the last cycle's start is stored with the lease, so a new holder waits out the rest of
 * the interval instead of running a second cycle at once. Alert state lives in the database too,
 * so neither a takeover nor a restart sends anything twice.
 *
 * Each tenant of ALLOWED_TENANT_IDS gets one cycle at a time: ticks never overlap in a process,
 * so a cycle still running when the next is due (Graph throttling it, say) delays it, never
 * doubles it.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from '../logger';
import type { History } from '../history';
import type { AppOnlyTokens } from '../auth/appOnly';
import { runTenantCycle, type CycleOutcome, type CycleSettings } from './cycle';
import * as store from './store';
import { createProfileIdHints } from '../profileIdHints';

const DAY_MS = 24 * 60 * 60 * 1000;

export type MonitorSettings = CycleSettings & {
  intervalSeconds: number;
  tenantIds: readonly string[];
  retentionDays: number;
};

export type Monitor = {
  intervalSeconds: number;
  /** This instance's id in the lease. */
  holder: string;
  start(): void;
  /** Runs one tick now (tests); answers the cycles it ran, or null when another instance leads. */
  tick(): Promise<CycleOutcome[] | null>;
  stop(): Promise<void>;
};

export function createMonitor(
  settings: MonitorSettings,
  deps: { history: History; appTokens: AppOnlyTokens; logger: Logger },
): Monitor {
  const holder = `${process.pid}-${randomUUID()}`;
  // Each tenant's ids from its last cycle: the next cycle asks for their statuses beside the list.
  const cycleDeps = { ...deps, profileIds: createProfileIdHints() };
  const intervalMs = settings.intervalSeconds * 1000;
  const tickMs = Math.max(500, Math.floor(intervalMs / 3));
  const leaseMs = Math.max(tickMs * 2, Math.floor((intervalMs * 2) / 3));
  const log = deps.logger.child({ monitor: true });
  let timer: NodeJS.Timeout | undefined;
  let ticking: Promise<CycleOutcome[] | null> | undefined;
  let lastPurge = 0;
  let leading = false;

  async function purge() {
    if (Date.now() - lastPurge < DAY_MS) return;
    lastPurge = Date.now();
    const removed = await deps.history.useDatabase((db) =>
      store.purgeBefore(db, new Date(Date.now() - settings.retentionDays * DAY_MS)),
    );
    if (removed > 0)
      log.info({ removed, retentionDays: settings.retentionDays }, 'monitor: purged old status history');
  }

  async function runTick(): Promise<CycleOutcome[] | null> {
    const lease = await deps.history.useDatabase((db) => store.acquireLease(db, holder, leaseMs));
    if (lease.held !== leading) {
      leading = lease.held;
      log.info(
        { holder },
        leading ? 'monitor: this instance runs the monitor' : 'monitor: another instance runs it',
      );
    }
    if (!lease.held) return null;
    const due =
      lease.lastCycleAt === null ||
      lease.now.getTime() - new Date(lease.lastCycleAt).getTime() >= intervalMs - 250;
    if (!due) return [];
    if (!(await deps.history.useDatabase((db) => store.startCycle(db, holder)))) return null;
    await purge().catch((error: unknown) => log.warn({ err: error }, 'monitor: purge failed'));
    const outcomes = await Promise.all(
      settings.tenantIds.map((tenantId) =>
        runTenantCycle(tenantId, holder, settings, cycleDeps).catch((error: unknown): CycleOutcome => {
          log.warn({ err: error, tenantId }, 'monitor: the cycle failed');
          return { tenantId, state: 'unavailable', detail: (error as Error).message };
        }),
      ),
    );
    log.debug({ outcomes }, 'monitor: cycle done');
    return outcomes;
  }

  function tick(): Promise<CycleOutcome[] | null> {
    // One tick at a time in this process; a tick never overlaps a slow one.
    ticking ??= runTick()
      .catch((error: unknown) => {
        log.warn({ err: error }, 'monitor: tick failed (database unreachable?); trying again next tick');
        return null;
      })
      .finally(() => {
        ticking = undefined;
      });
    return ticking;
  }

  return {
    intervalSeconds: settings.intervalSeconds,
    holder,
    start() {
      if (settings.intervalSeconds === 0) {
        log.info('monitor: off (MONITOR_INTERVAL_SECONDS=0)');
        return;
      }
      if (settings.teamsAppId === null)
        log.warn('monitor: TEAMS_APP_ID is not set, so alerts are recorded but not sent');
      void tick();
      timer = setInterval(() => void tick(), tickMs);
      timer.unref();
    },
    tick,
    async stop() {
      clearInterval(timer);
      timer = undefined;
      // The tick in progress holds every cycle still running.
      await ticking;
      if (leading) {
        // A graceful stop hands the lease over at once instead of after it runs out.
        await deps.history.useDatabase((db) => store.releaseLease(db, holder)).catch(() => undefined);
      }
    },
  };
}
