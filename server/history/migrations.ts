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
];

export const LATEST_SCHEMA_VERSION = migrations[migrations.length - 1]!.version;
