/**
 * The monitor's tables (migration 2, server/history/migrations.ts) beside the change history, in
 * the same database: status snapshots, each profile's last judgement and open alert, alerts still
 * to deliver, the pinned tabs that want them, each tenant's monitoring state, and the lease.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { AlertSubscription, AlertTab, StatusSnapshot } from '../../contracts/monitor';
import type { Tables } from '../history/database';
import type { StoredState } from './rules';

type Db = Kysely<Tables> | Transaction<Tables>;

export const LEASE_NAME = 'monitor';

/**
 * Takes or renews the monitor's lease for `ttlMs` (the database's clock decides, so instances
 * need not agree on time). Answers whether `holder` has it, and when the last cycle started.
 */
export async function acquireLease(
  db: Db,
  holder: string,
  ttlMs: number,
): Promise<{ held: boolean; lastCycleAt: Date | null; now: Date }> {
  const expires = sql<Date>`now() + make_interval(secs => ${ttlMs / 1000})`;
  const row = await db
    .insertInto('monitor_lease')
    .values({ name: LEASE_NAME, holder, expires_at: expires })
    .onConflict((oc) =>
      oc
        .column('name')
        .doUpdateSet({ holder, expires_at: expires })
        .where((eb) =>
          eb.or([
            eb('monitor_lease.holder', '=', holder),
            eb('monitor_lease.expires_at', '<', sql<Date>`now()`),
          ]),
        ),
    )
    .returning(['holder', 'last_cycle_at', sql<Date>`now()`.as('now')])
    .executeTakeFirst();
  if (row) return { held: row.holder === holder, lastCycleAt: row.last_cycle_at, now: new Date(row.now) };
  const current = await db
    .selectFrom('monitor_lease')
    .select(['last_cycle_at', sql<Date>`now()`.as('now')])
    .where('name', '=', LEASE_NAME)
    .executeTakeFirst();
  return {
    held: false,
    lastCycleAt: current?.last_cycle_at ?? null,
    now: new Date(current?.now ?? Date.now()),
  };
}

/** Marks a cycle as started, if `holder` still holds the lease (answers whether it did). */
export async function startCycle(db: Db, holder: string): Promise<boolean> {
  const result = await db
    .updateTable('monitor_lease')
    .set({ last_cycle_at: sql<Date>`now()` })
    .where('name', '=', LEASE_NAME)
    .where('holder', '=', holder)
    .where('expires_at', '>', sql<Date>`now()`)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Inside a transaction: locks the lease row and answers whether `holder` still has it (fencing). */
export async function stillHolds(trx: Transaction<Tables>, holder: string): Promise<boolean> {
  const row = await trx
    .selectFrom('monitor_lease')
    .select(['holder', 'expires_at'])
    .where('name', '=', LEASE_NAME)
    .forUpdate()
    .executeTakeFirst();
  return row?.holder === holder;
}

export async function releaseLease(db: Db, holder: string): Promise<void> {
  await db.deleteFrom('monitor_lease').where('name', '=', LEASE_NAME).where('holder', '=', holder).execute();
}

export async function storedStates(
  db: Db,
  tenantId: string,
): Promise<Map<string, StoredState & { profileName: string }>> {
  const rows = await db
    .selectFrom('monitored_profiles')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .execute();
  return new Map(
    rows.map((r) => [
      r.profile_id,
      {
        profileName: r.profile_name,
        fingerprint: r.fingerprint,
        lastSnapshotAt: new Date(r.last_snapshot_at),
        health: r.health,
        healthSince: new Date(r.health_since),
        alert: r.alert,
        alertSince: r.alert_since ? new Date(r.alert_since) : null,
      },
    ]),
  );
}

/** Rows a statement may hold, well under PostgreSQL's 65,535 bind parameters. */
const ROWS_PER_STATEMENT = 1000;

function chunksOf<T>(rows: readonly T[]): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT)
    chunks.push(rows.slice(i, i + ROWS_PER_STATEMENT));
  return chunks;
}

export type JudgedProfile = { profileId: string; profileName: string; state: StoredState };

/** Every profile's judgement of a cycle, in one statement per thousand profiles. */
export async function saveStates(db: Db, tenantId: string, states: readonly JudgedProfile[]): Promise<void> {
  for (const chunk of chunksOf(states)) {
    await db
      .insertInto('monitored_profiles')
      .values(
        chunk.map(({ profileId, profileName, state }) => ({
          tenant_id: tenantId,
          profile_id: profileId,
          profile_name: profileName,
          fingerprint: state.fingerprint,
          last_snapshot_at: state.lastSnapshotAt,
          health: state.health,
          health_since: state.healthSince,
          alert: state.alert,
          alert_since: state.alertSince,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'profile_id']).doUpdateSet((eb) => ({
          profile_name: eb.ref('excluded.profile_name'),
          fingerprint: eb.ref('excluded.fingerprint'),
          last_snapshot_at: eb.ref('excluded.last_snapshot_at'),
          health: eb.ref('excluded.health'),
          health_since: eb.ref('excluded.health_since'),
          alert: eb.ref('excluded.alert'),
          alert_since: eb.ref('excluded.alert_since'),
        })),
      )
      .execute();
  }
}

export async function forgetProfiles(db: Db, tenantId: string, keep: string[]): Promise<void> {
  let query = db.deleteFrom('monitored_profiles').where('tenant_id', '=', tenantId);
  if (keep.length > 0) query = query.where('profile_id', 'not in', keep);
  await query.execute();
}

export type SnapshotRow = {
  tenantId: string;
  profileId: string;
  observedAt: Date;
  kind: 'change' | 'heartbeat';
  status: string | null;
  errorCount: number | null;
  processedLastHour: number | null;
  updatedLastHour: number | null;
  statusText: string | null;
  lastSynchronization: Date | null;
};

export async function addSnapshots(db: Db, rows: readonly SnapshotRow[]): Promise<void> {
  for (const chunk of chunksOf(rows)) {
    await db
      .insertInto('status_snapshots')
      .values(
        chunk.map((r) => ({
          tenant_id: r.tenantId,
          profile_id: r.profileId,
          observed_at: r.observedAt,
          kind: r.kind,
          status: r.status,
          error_count: r.errorCount,
          processed_last_hour: r.processedLastHour,
          updated_last_hour: r.updatedLastHour,
          status_text: r.statusText,
          last_synchronization: r.lastSynchronization,
        })),
      )
      .execute();
  }
}

/** The snapshots since `from`, oldest first, with the last one before it (where the chart starts). */
export async function snapshotsSince(
  db: Db,
  tenantId: string,
  profileId: string,
  from: Date,
): Promise<StatusSnapshot[]> {
  const columns = [
    'observed_at',
    'kind',
    'status',
    'error_count',
    'processed_last_hour',
    'updated_last_hour',
    'status_text',
    'last_synchronization',
  ] as const;
  const [before, within] = await Promise.all([
    db
      .selectFrom('status_snapshots')
      .select(columns)
      .where('tenant_id', '=', tenantId)
      .where('profile_id', '=', profileId)
      .where('observed_at', '<', from)
      .orderBy('observed_at', 'desc')
      .limit(1)
      .execute(),
    db
      .selectFrom('status_snapshots')
      .select(columns)
      .where('tenant_id', '=', tenantId)
      .where('profile_id', '=', profileId)
      .where('observed_at', '>=', from)
      .orderBy('observed_at', 'asc')
      .limit(5000)
      .execute(),
  ]);
  return [...before, ...within].map((r) => ({
    observedAt: new Date(r.observed_at).toISOString(),
    kind: r.kind,
    status: r.status,
    errorCount: r.error_count,
    processedLastHour: r.processed_last_hour,
    updatedLastHour: r.updated_last_hour,
    statusText: r.status_text,
    lastSynchronizationDateTime: r.last_synchronization
      ? new Date(r.last_synchronization).toISOString()
      : null,
  }));
}

export type NewAlertEvent = {
  tenantId: string;
  profileId: string;
  profileName: string;
  kind: 'failed' | 'errors' | 'stale' | 'recovered';
  detail: string;
};

export async function addEvents(db: Db, events: readonly NewAlertEvent[]): Promise<void> {
  for (const chunk of chunksOf(events)) {
    await db
      .insertInto('alert_events')
      .values(
        chunk.map((event) => ({
          tenant_id: event.tenantId,
          profile_id: event.profileId,
          profile_name: event.profileName,
          kind: event.kind,
          detail: event.detail,
        })),
      )
      .execute();
  }
}

export async function undeliveredEvents(db: Db, tenantId: string) {
  const rows = await db
    .selectFrom('alert_events')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('delivered_at', 'is', null)
    .orderBy('id', 'asc')
    .limit(200)
    .execute();
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

/** Closes the alerts `ids` (sent, or settled without sending: `lastError` says why). */
export async function markDelivered(db: Db, ids: readonly number[], lastError: string | null): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('alert_events')
    .set({ delivered_at: sql<Date>`now()`, last_error: lastError })
    .where(
      'id',
      'in',
      ids.map((id) => String(id)),
    )
    .execute();
}

export async function markAttempt(db: Db, id: number, error: string): Promise<number> {
  const row = await db
    .updateTable('alert_events')
    .set((eb) => ({ attempts: eb('attempts', '+', 1), last_error: error.slice(0, 500) }))
    .where('id', '=', String(id))
    .returning('attempts')
    .executeTakeFirst();
  return row?.attempts ?? 0;
}

export async function subscriptionsFor(db: Db, tenantId: string) {
  return db
    .selectFrom('alert_subscriptions')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('enabled', '=', true)
    .execute();
}

export async function findSubscription(
  db: Db,
  tenantId: string,
  tab: AlertTab,
): Promise<AlertSubscription | null> {
  const row = await db
    .selectFrom('alert_subscriptions')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('team_id', '=', tab.teamId.toLowerCase())
    .where('channel_id', '=', tab.channelId)
    .where('tab_entity_id', '=', tab.tabEntityId.toLowerCase())
    .executeTakeFirst();
  return row ? subscriptionOf(row) : null;
}

function subscriptionOf(row: {
  team_id: string;
  channel_id: string;
  tab_entity_id: string;
  enabled: boolean;
  profile_id: string | null;
}): AlertSubscription {
  return {
    teamId: row.team_id,
    channelId: row.channel_id,
    tabEntityId: row.tab_entity_id,
    enabled: row.enabled,
    profileId: row.profile_id,
  };
}

export async function saveSubscription(
  db: Db,
  tenantId: string,
  subscription: AlertSubscription,
  updatedBy: string,
): Promise<AlertSubscription> {
  const values = {
    enabled: subscription.enabled,
    profile_id: subscription.profileId?.toLowerCase() ?? null,
    updated_by: updatedBy,
    updated_at: new Date(),
  };
  const row = await db
    .insertInto('alert_subscriptions')
    .values({
      tenant_id: tenantId,
      team_id: subscription.teamId.toLowerCase(),
      channel_id: subscription.channelId,
      tab_entity_id: subscription.tabEntityId.toLowerCase(),
      ...values,
    })
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'team_id', 'channel_id', 'tab_entity_id']).doUpdateSet(values),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
  // The setting as stored (ids lower-cased), in the same statement that stores it.
  return subscriptionOf(row);
}

export async function saveTenantState(
  db: Db,
  tenantId: string,
  state: 'monitoring' | 'not_enabled' | 'unavailable',
  detail: string | null,
  profileCount: number | null,
): Promise<void> {
  const values = { state, detail, profile_count: profileCount, checked_at: new Date() };
  await db
    .insertInto('monitored_tenants')
    .values({ tenant_id: tenantId, ...values })
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet(values))
    .execute();
}

export async function tenantOverview(db: Db, tenantId: string) {
  const [tenant, profiles] = await Promise.all([
    db.selectFrom('monitored_tenants').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst(),
    db
      .selectFrom('monitored_profiles')
      .select(['profile_id', 'health', 'health_since', 'alert'])
      .where('tenant_id', '=', tenantId)
      .execute(),
  ]);
  return { tenant, profiles };
}

/** Retention (HISTORY_RETENTION_DAYS): old snapshots and delivered alerts go. */
export async function purgeBefore(db: Db, before: Date): Promise<number> {
  const [snapshots, events] = await Promise.all([
    db.deleteFrom('status_snapshots').where('observed_at', '<', before).executeTakeFirst(),
    db
      .deleteFrom('alert_events')
      .where('created_at', '<', before)
      .where('delivered_at', 'is not', null)
      .executeTakeFirst(),
  ]);
  return Number(snapshots.numDeletedRows) + Number(events.numDeletedRows);
}
