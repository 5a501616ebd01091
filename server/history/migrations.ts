/**
 * The change-history schema, one numbered migration at a time. The same SQL runs on PGlite and on
 * PostgreSQL. A migration is never edited once released: a change is a new entry at the end.
 */
export type Migration = { version: number; name: string; statements: string[] };

export const migrations: Migration[] = [
  {
    version: 1,
    name: 'change records',
    statements: [
      `CREATE TABLE change_records (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        tenant_id text NOT NULL,
        profile_id text NOT NULL,
        profile_name text NOT NULL DEFAULT '',
        operation text NOT NULL CHECK (operation IN ('save', 'pause', 'resume', 'reset', 'start')),
        actor_object_id text NOT NULL,
        actor_name text NOT NULL,
        actor_upn text NOT NULL,
        request_id text NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('pending', 'succeeded', 'conflict', 'failed', 'interrupted')),
        http_status integer,
        problem_code text,
        detail text,
        graph_request_id text,
        before_version jsonb,
        after_version jsonb,
        changes jsonb NOT NULL DEFAULT '[]'::jsonb,
        started_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz
      )`,
      'CREATE INDEX change_records_by_tenant ON change_records (tenant_id, id DESC)',
      'CREATE INDEX change_records_by_profile ON change_records (tenant_id, profile_id, id DESC)',
      'CREATE INDEX change_records_by_actor ON change_records (tenant_id, actor_object_id, id DESC)',
      'CREATE INDEX change_records_by_age ON change_records (started_at)',
      `CREATE INDEX change_records_pending ON change_records (tenant_id, profile_id) WHERE outcome = 'pending'`,
    ],
  },
  {
    version: 2,
    // The monitor (docs/decisions/027): status history, what each profile was last seen as and
    // whether an alert is open for it, the alerts still to deliver, where to deliver them, each
    // tenant's monitoring state, and the lease that lets one instance run it.
    name: 'monitor',
    statements: [
      `CREATE TABLE status_snapshots (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        tenant_id text NOT NULL,
        profile_id text NOT NULL,
        observed_at timestamptz NOT NULL,
        kind text NOT NULL CHECK (kind IN ('change', 'heartbeat')),
        status text,
        error_count integer,
        processed_last_hour integer,
        updated_last_hour integer,
        status_text text,
        last_synchronization timestamptz
      )`,
      'CREATE INDEX status_snapshots_by_profile ON status_snapshots (tenant_id, profile_id, observed_at DESC)',
      'CREATE INDEX status_snapshots_by_age ON status_snapshots (observed_at)',
      `CREATE TABLE monitored_profiles (
        tenant_id text NOT NULL,
        profile_id text NOT NULL,
        profile_name text NOT NULL,
        fingerprint text NOT NULL,
        last_snapshot_at timestamptz NOT NULL,
        health text NOT NULL CHECK (health IN ('healthy', 'failing', 'unknown')),
        health_since timestamptz NOT NULL,
        alert text CHECK (alert IN ('failed', 'errors', 'stale')),
        alert_since timestamptz,
        PRIMARY KEY (tenant_id, profile_id)
      )`,
      `CREATE TABLE alert_events (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        tenant_id text NOT NULL,
        profile_id text NOT NULL,
        profile_name text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('failed', 'errors', 'stale', 'recovered')),
        detail text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        delivered_at timestamptz,
        attempts integer NOT NULL DEFAULT 0,
        last_error text
      )`,
      'CREATE INDEX alert_events_undelivered ON alert_events (tenant_id, id) WHERE delivered_at IS NULL',
      `CREATE TABLE alert_subscriptions (
        tenant_id text NOT NULL,
        team_id text NOT NULL,
        channel_id text NOT NULL,
        tab_entity_id text NOT NULL,
        profile_id text,
        enabled boolean NOT NULL,
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, team_id, channel_id, tab_entity_id)
      )`,
      `CREATE TABLE monitored_tenants (
        tenant_id text PRIMARY KEY,
        state text NOT NULL CHECK (state IN ('monitoring', 'not_enabled', 'unavailable')),
        detail text,
        profile_count integer,
        checked_at timestamptz NOT NULL
      )`,
      `CREATE TABLE monitor_lease (
        name text PRIMARY KEY,
        holder text NOT NULL,
        expires_at timestamptz NOT NULL,
        last_cycle_at timestamptz
      )`,
    ],
  },
];

export const LATEST_SCHEMA_VERSION = migrations[migrations.length - 1]!.version;
