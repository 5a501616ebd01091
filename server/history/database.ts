/**
 * The product's database: PGlite files under DATA_DIR for one instance (`npm start`), or a real
 * PostgreSQL through DATABASE_URL when several instances run. Both speak PostgreSQL, so one
 * schema and one query layer (Kysely) serve both; only the connection differs.
 *
 * At open, migrations run inside one transaction holding a PostgreSQL advisory lock, so two
 * instances starting at once take turns and the second finds nothing left to do. PGlite's files
 * belong to one process: a lock file beside them refuses a second server on the same folder.
 * A database migrated by a newer SDS Profiles is refused, never written.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql, type ColumnType, type Generated } from 'kysely';
import pg from 'pg';
import type { Config } from '../config';
import { LATEST_SCHEMA_VERSION, migrations, type Migration } from './migrations';
import { PgliteDialect } from './pgliteDialect';

export type ChangeRecordTable = {
  /** bigint: PGlite reads it as a number, node-postgres as a string. */
  id: ColumnType<string | number, never, never>;
  tenant_id: string;
  profile_id: string;
  profile_name: Generated<string>;
  operation: string;
  actor_object_id: string;
  actor_name: string;
  actor_upn: string;
  request_id: string;
  outcome: string;
  http_status: number | null;
  problem_code: string | null;
  detail: string | null;
  graph_request_id: string | null;
  /** JSON text in, parsed JSON out (both drivers parse jsonb). */
  before_version: ColumnType<unknown, string | null, string | null>;
  after_version: ColumnType<unknown, string | null, string | null>;
  changes: ColumnType<unknown, string | undefined, string>;
  started_at: ColumnType<Date, Date | undefined, never>;
  completed_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
};

export type SchemaMigrationTable = {
  version: number;
  name: string;
  app_version: string;
  applied_at: ColumnType<Date, never, never>;
};

type BigId = ColumnType<string | number, never, never>;
type Timestamp = ColumnType<Date, Date, Date>;

export type StatusSnapshotTable = {
  id: BigId;
  tenant_id: string;
  profile_id: string;
  observed_at: Timestamp;
  kind: 'change' | 'heartbeat';
  status: string | null;
  error_count: number | null;
  processed_last_hour: number | null;
  updated_last_hour: number | null;
  /** The statusMessage when it is not Graph's documented "Processed N…/Updated M…" form. */
  status_text: string | null;
  last_synchronization: ColumnType<Date | null, Date | null, Date | null>;
};

export type MonitoredProfileTable = {
  tenant_id: string;
  profile_id: string;
  profile_name: string;
  /** What a status change is judged by (status, error count, last sync). */
  fingerprint: string;
  last_snapshot_at: Timestamp;
  health: 'healthy' | 'failing' | 'unknown';
  health_since: Timestamp;
  /** The open alert, if any: what was notified and not yet followed by a recovery. */
  alert: 'failed' | 'errors' | 'stale' | null;
  alert_since: ColumnType<Date | null, Date | null, Date | null>;
};

export type AlertEventTable = {
  id: BigId;
  tenant_id: string;
  profile_id: string;
  profile_name: string;
  kind: 'failed' | 'errors' | 'stale' | 'recovered';
  detail: string;
  created_at: ColumnType<Date, Date | undefined, never>;
  delivered_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  attempts: ColumnType<number, number | undefined, number>;
  last_error: string | null;
};

export type AlertSubscriptionTable = {
  tenant_id: string;
  /** The team's Graph id (its Microsoft 365 group id). */
  team_id: string;
  channel_id: string;
  /** The pinned tab's entity id: `all`, or the profile it shows. */
  tab_entity_id: string;
  /** Null: alerts for every profile. */
  profile_id: string | null;
  enabled: boolean;
  updated_by: string;
  updated_at: ColumnType<Date, Date | undefined, Date>;
};

export type MonitoredTenantTable = {
  tenant_id: string;
  state: 'monitoring' | 'not_enabled' | 'unavailable';
  detail: string | null;
  profile_count: number | null;
  checked_at: Timestamp;
};

export type MonitorLeaseTable = {
  name: string;
  holder: string;
  expires_at: Timestamp;
  last_cycle_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
};

export type Tables = {
  change_records: ChangeRecordTable;
  schema_migrations: SchemaMigrationTable;
  status_snapshots: StatusSnapshotTable;
  monitored_profiles: MonitoredProfileTable;
  alert_events: AlertEventTable;
  alert_subscriptions: AlertSubscriptionTable;
  monitored_tenants: MonitoredTenantTable;
  monitor_lease: MonitorLeaseTable;
};

export type Database = {
  db: Kysely<Tables>;
  engine: 'pglite' | 'postgres';
  /** Where the data lives, without credentials: a folder, or host:port/database. */
  description: string;
  close(): Promise<void>;
};

export class DatabaseRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseRefused';
  }
}

/** Any 64-bit number of our own: the advisory lock that serializes migrations across instances. */
const MIGRATION_LOCK_KEY = 7_310_461_113_013n;
/** How long a statement may take before the database counts as unreachable (a save is waiting). */
const STATEMENT_TIMEOUT_MS = 5000;
const CONNECT_TIMEOUT_MS = 3000;

/** The configured database, or (tests only) a PGlite that lives in memory. */
export type OpenSettings = Config['database'] | { kind: 'pglite'; dataDir: null };

export async function openDatabase(settings: OpenSettings, appVersion: string): Promise<Database> {
  const database =
    settings.kind === 'postgres' ? openPostgres(settings.url) : await openPglite(settings.dataDir);
  try {
    await migrate(database.db, appVersion);
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}

function openPostgres(url: string): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    statement_timeout: STATEMENT_TIMEOUT_MS,
    query_timeout: STATEMENT_TIMEOUT_MS + 1000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client whose server went away must not crash the process; the next query reports it.
  pool.on('error', () => {});
  const parsed = new URL(url);
  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    engine: 'postgres',
    description: `PostgreSQL at ${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`,
    close: () => db.destroy(),
  };
}

async function openPglite(dataDir: string | null): Promise<Database> {
  if (dataDir === null) {
    const db = new Kysely<Tables>({ dialect: new PgliteDialect(await PGlite.create()) });
    return { db, engine: 'pglite', description: 'PGlite in memory', close: () => db.destroy() };
  }
  const folder = path.join(dataDir, 'history');
  mkdirSync(folder, { recursive: true });
  const releaseLock = lockFolder(folder);
  try {
    const pglite = await PGlite.create(folder);
    const db = new Kysely<Tables>({ dialect: new PgliteDialect(pglite) });
    return {
      db,
      engine: 'pglite',
      description: `PGlite in ${folder}`,
      close: async () => {
        await db.destroy();
        releaseLock();
      },
    };
  } catch (error) {
    releaseLock();
    throw error;
  }
}

/**
 * PGlite has no server to arbitrate between processes: two writing one folder would corrupt it.
 * The lock file holds the owner's pid; a lock whose process is gone is taken over.
 */
function lockFolder(folder: string): () => void {
  const lockFile = path.join(folder, 'sds-profiles.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      return () => rmSync(lockFile, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(lockFile, 'utf8'));
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
        throw new DatabaseRefused(
          `Another SDS Profiles server (process ${owner}) is using the embedded database in ${folder}. ` +
            'Stop it, or give each server its own DATA_DIR; several instances share one history through DATABASE_URL (PostgreSQL).',
        );
      }
      rmSync(lockFile, { force: true });
    }
  }
  throw new DatabaseRefused(`Could not take the lock file ${lockFile}.`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The newest migration applied: the cheapest read that proves the database answers. */
export async function schemaVersionOf(db: Kysely<Tables>): Promise<number> {
  const row = await db
    .selectFrom('schema_migrations')
    .select((eb) => eb.fn.max('version').as('version'))
    .executeTakeFirst();
  return Number(row?.version ?? 0);
}

/** Applies the migrations this version knows and the database lacks, under the advisory lock. */
export async function migrate(
  db: Kysely<Tables>,
  appVersion: string,
  known: Migration[] = migrations,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(${sql.lit(MIGRATION_LOCK_KEY.toString())}::bigint)`.execute(trx);
    await sql`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      app_version text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`.execute(trx);
    const applied = await trx
      .selectFrom('schema_migrations')
      .select(['version', 'app_version'])
      .orderBy('version', 'desc')
      .execute();
    const newest = applied[0];
    const latestKnown = known[known.length - 1]?.version ?? 0;
    if (newest && newest.version > latestKnown) {
      throw new DatabaseRefused(
        `The history database is at schema version ${newest.version}, written by SDS Profiles ${newest.app_version}; ` +
          `this is SDS Profiles ${appVersion}, which knows schema versions up to ${latestKnown}. ` +
          'Run the newer version (or restore a backup taken before the upgrade); nothing was changed.',
      );
    }
    const done = new Set(applied.map((row) => row.version));
    for (const migration of known) {
      if (done.has(migration.version)) continue;
      for (const statement of migration.statements) await sql.raw(statement).execute(trx);
      await trx
        .insertInto('schema_migrations')
        .values({ version: migration.version, name: migration.name, app_version: appVersion })
        .execute();
    }
  });
}

export { LATEST_SCHEMA_VERSION };
