/**
 * Change history: one record per save or action that reached a profile's lock. A record is
 * written as `pending` before Graph is asked to change anything and completed with Graph's
 * answer, so a change is never made unrecorded (the caller refuses with 503 when `begin` fails).
 * Versions are stored as the tab sees them: through withoutSecrets, never with a provider secret.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Profile, ProfileAction } from '../../contracts/api';
import type { ProfileChange } from '../../contracts/profileChanges';
import { profileEtag } from '../etag';
import type { ChangeRecordTable, Tables } from './database';

export type HistoryOperation = 'save' | ProfileAction;
export type HistoryOutcome = 'pending' | 'succeeded' | 'conflict' | 'failed' | 'interrupted';

export type HistoryActor = { objectId: string; displayName: string; userPrincipalName: string };

export type HistoryRecord = {
  id: string;
  tenantId: string;
  profileId: string;
  profileName: string;
  operation: HistoryOperation;
  actor: HistoryActor;
  requestId: string;
  outcome: HistoryOutcome;
  httpStatus: number | null;
  problemCode: string | null;
  detail: string | null;
  graphRequestId: string | null;
  before: Profile | null;
  after: Profile | null;
  changes: ProfileChange[];
  startedAt: string;
  completedAt: string | null;
};

export type BeginRecord = {
  tenantId: string;
  profileId: string;
  profileName: string;
  operation: HistoryOperation;
  actor: HistoryActor;
  requestId: string;
  before?: Profile | null;
  /** For a save: the version asked for (replaced by Graph's answer when it succeeds). */
  after?: Profile | null;
  changes?: ProfileChange[];
};

export type CompleteRecord = {
  outcome: Exclude<HistoryOutcome, 'pending'>;
  httpStatus: number | null;
  problemCode?: string | null;
  detail?: string | null;
  graphRequestId?: string | null;
  after?: Profile | null;
};

export type HistoryQuery = {
  tenantId: string;
  profileId?: string;
  actorObjectId?: string;
  /** Records older than this id (the cursor of the previous page). */
  beforeId?: string;
  limit: number;
};

export type HistoryStore = ReturnType<typeof createHistoryStore>;

const json = (value: unknown) => (value === undefined || value === null ? null : JSON.stringify(value));

export function createHistoryStore(db: Kysely<Tables>) {
  return {
    async begin(record: BeginRecord): Promise<string> {
      const row = await db
        .insertInto('change_records')
        .values({
          tenant_id: record.tenantId,
          profile_id: record.profileId,
          profile_name: record.profileName,
          operation: record.operation,
          actor_object_id: record.actor.objectId,
          actor_name: record.actor.displayName,
          actor_upn: record.actor.userPrincipalName,
          request_id: record.requestId,
          outcome: 'pending',
          http_status: null,
          problem_code: null,
          detail: null,
          graph_request_id: null,
          before_version: json(record.before),
          after_version: json(record.after),
          changes: JSON.stringify(record.changes ?? []),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return String(row.id);
    },

    async complete(id: string, result: CompleteRecord): Promise<void> {
      await db
        .updateTable('change_records')
        .set({
          outcome: result.outcome,
          http_status: result.httpStatus,
          problem_code: result.problemCode ?? null,
          detail: result.detail ?? null,
          graph_request_id: result.graphRequestId ?? null,
          completed_at: new Date(),
          ...(result.after !== undefined ? { after_version: json(result.after) } : {}),
        })
        .where('id', '=', id)
        .where('outcome', '=', 'pending')
        .execute();
    },

    async list(query: HistoryQuery): Promise<{ records: HistoryRecord[]; more: boolean }> {
      let select = db
        .selectFrom('change_records')
        .selectAll()
        .where('tenant_id', '=', query.tenantId)
        .orderBy('id', 'desc')
        .limit(query.limit + 1);
      if (query.profileId) select = select.where('profile_id', '=', query.profileId);
      if (query.actorObjectId) select = select.where('actor_object_id', '=', query.actorObjectId);
      if (query.beforeId) select = select.where('id', '<', query.beforeId);
      const rows = await select.execute();
      return { records: rows.slice(0, query.limit).map(toRecord), more: rows.length > query.limit };
    },

    /**
     * Settles records left pending by a server that stopped between asking Graph and writing the
     * answer, from the profile as Graph shows it now: a save whose version is there succeeded, one
     * whose earlier version is still there did not; anything else (and any action) is marked
     * interrupted, with what is known said in its detail.
     */
    async reconcile(
      tenantId: string,
      profileId: string,
      current: Profile,
      startedBefore: Date,
    ): Promise<number> {
      const pending = await db
        .selectFrom('change_records')
        .select(['id', 'operation', 'before_version', 'after_version'])
        .where('tenant_id', '=', tenantId)
        .where('profile_id', '=', profileId)
        .where('outcome', '=', 'pending')
        .where('started_at', '<', startedBefore)
        .execute();
      const currentEtag = profileEtag(current);
      for (const row of pending) {
        const after = row.after_version as Profile | null;
        const before = row.before_version as Profile | null;
        const settled: CompleteRecord =
          row.operation === 'save' && after && profileEtag(after) === currentEtag
            ? {
                outcome: 'succeeded',
                httpStatus: 202,
                detail:
                  'The server stopped before recording Graph’s answer; the profile read later holds this version.',
              }
            : row.operation === 'save' && before && profileEtag(before) === currentEtag
              ? {
                  outcome: 'failed',
                  httpStatus: null,
                  detail:
                    'The server stopped during this save; the profile read later is unchanged, so it was not applied.',
                }
              : {
                  outcome: 'interrupted',
                  httpStatus: null,
                  detail:
                    row.operation === 'save'
                      ? 'The server stopped during this save, and the profile has changed since; whether this version was applied is not known.'
                      : `The server stopped before Graph answered this ${row.operation}; the profile’s state shows whether it took effect.`,
                };
        await this.complete(String(row.id), settled);
      }
      return pending.length;
    },

    async countPending(): Promise<number> {
      const row = await db
        .selectFrom('change_records')
        .select((eb) => eb.fn.countAll<string | number>().as('count'))
        .where('outcome', '=', 'pending')
        .executeTakeFirstOrThrow();
      return Number(row.count);
    },

    /** Deletes records started before `cutoff`; returns how many. */
    async purge(cutoff: Date): Promise<number> {
      const result = await db
        .deleteFrom('change_records')
        .where('started_at', '<', cutoff)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    /** A round trip to the database (health, and the check before a change). */
    async ping(): Promise<void> {
      await db.selectFrom('change_records').select('id').limit(1).execute();
    },
  };
}

function toRecord(row: Selectable<ChangeRecordTable>): HistoryRecord {
  return {
    id: String(row.id),
    tenantId: row.tenant_id,
    profileId: row.profile_id,
    profileName: row.profile_name,
    operation: row.operation as HistoryOperation,
    actor: { objectId: row.actor_object_id, displayName: row.actor_name, userPrincipalName: row.actor_upn },
    requestId: row.request_id,
    outcome: row.outcome as HistoryOutcome,
    httpStatus: row.http_status,
    problemCode: row.problem_code,
    detail: row.detail,
    graphRequestId: row.graph_request_id,
    before: (row.before_version as Profile | null) ?? null,
    after: (row.after_version as Profile | null) ?? null,
    changes: (row.changes as ProfileChange[] | null) ?? [],
    startedAt: row.started_at.toISOString(),
    completedAt: row.completed_at ? row.completed_at.toISOString() : null,
  };
}
