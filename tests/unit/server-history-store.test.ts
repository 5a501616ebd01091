/**
 * The history store on PGlite in memory (the same SQL runs on PostgreSQL in the integration
 * suite): migrations run once and refuse a newer schema, pending records left by a stopped server
 * are settled from the profile as it is now, retention purges by age, cursors are opaque.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Profile } from '../../contracts/api';
import { DatabaseRefused, migrate, openDatabase, type Database } from '../../server/history/database';
import { migrations } from '../../server/history/migrations';
import { createHistoryStore, type BeginRecord } from '../../server/history/store';
import { decodeCursor, encodeCursor } from '../../server/routes/listHistory';

const TENANT = 'c0a70de5-0000-4000-8000-000000000001';
const PROFILE = '3f2a8c1e-5b7d-4e90-9a61-2c4d8e0f1a01';

const version = (displayName: string) =>
  ({ id: PROFILE, displayName, state: 'provisioned' }) as unknown as Profile;

const saveOf = (before: string, after: string): BeginRecord => ({
  tenantId: TENANT,
  profileId: PROFILE,
  profileName: before,
  operation: 'save',
  actor: {
    objectId: 'a0000000-0000-4000-8000-00000000c001',
    displayName: 'Megan Bowen',
    userPrincipalName: 'admin@contoso.edu',
  },
  requestId: 'req',
  before: version(before),
  after: version(after),
});

let database: Database;
beforeAll(async () => {
  database = await openDatabase({ kind: 'pglite', dataDir: null }, '1.0.0');
}, 30_000);
afterAll(() => database?.close());

describe('migrations', () => {
  it('run once: a second run finds nothing to do', async () => {
    await migrate(database.db, '1.0.0');
    const applied = await database.db.selectFrom('schema_migrations').select('version').execute();
    expect(applied.map((m) => m.version)).toEqual(migrations.map((m) => m.version));
  });

  it('refuse a database written by a newer version, naming both versions, and change nothing', async () => {
    const older = migrations.slice(0, -1);
    await expect(migrate(database.db, '0.9.0', older)).rejects.toThrow(DatabaseRefused);
    await expect(migrate(database.db, '0.9.0', older)).rejects.toThrow(
      new RegExp(
        `schema version ${migrations.at(-1)!.version}, written by SDS Profiles 1\\.0\\.0; this is SDS Profiles 0\\.9\\.0`,
      ),
    );
  });
});

describe('settling pending records from the profile as it is now', () => {
  it('a save whose version is there succeeded; one whose earlier version is there failed; else interrupted', async () => {
    const store = createHistoryStore(database.db);
    const applied = await store.begin(saveOf('A', 'B'));
    const notApplied = await store.begin(saveOf('B', 'C'));
    const action = await store.begin({ ...saveOf('B', 'B'), operation: 'pause', after: null });
    const fresh = new Date(Date.now() + 1000);
    // The profile now reads "B": the first save landed, the second did not.
    expect(await store.reconcile(TENANT, PROFILE, version('B'), fresh)).toBe(3);
    const { records } = await store.list({ tenantId: TENANT, profileId: PROFILE, limit: 10 });
    const outcome = (id: string) => records.find((r) => r.id === id)?.outcome;
    expect([outcome(applied), outcome(notApplied), outcome(action)]).toEqual([
      'succeeded',
      'failed',
      'interrupted',
    ]);
    expect(await store.countPending()).toBe(0);
  });

  it('leaves records younger than the cutoff alone (a save may still be running)', async () => {
    const store = createHistoryStore(database.db);
    await store.begin(saveOf('B', 'D'));
    expect(await store.reconcile(TENANT, PROFILE, version('B'), new Date(Date.now() - 60_000))).toBe(0);
    expect(await store.countPending()).toBe(1);
  });

  it('never settles another tenant’s records', async () => {
    const store = createHistoryStore(database.db);
    const other = 'c0a70de5-0000-4000-8000-000000000002';
    expect(await store.reconcile(other, PROFILE, version('B'), new Date(Date.now() + 1000))).toBe(0);
  });
});

describe('retention and cursors', () => {
  it('purges records started before the cutoff only', async () => {
    const store = createHistoryStore(database.db);
    const kept = await store.begin(saveOf('X', 'Y'));
    expect(await store.purge(new Date(Date.now() - 24 * 3600_000))).toBe(0);
    expect(await store.purge(new Date(Date.now() + 1000))).toBeGreaterThan(0);
    const { records } = await store.list({ tenantId: TENANT, limit: 50 });
    expect(records.find((r) => r.id === kept)).toBeUndefined();
  });

  it('round-trips a record id through an opaque cursor and refuses anything else', () => {
    expect(decodeCursor(encodeCursor('12345'))).toBe('12345');
    for (const bad of [
      '',
      'abc',
      encodeCursor('0'),
      encodeCursor('-1'),
      encodeCursor('99999999999999999999'),
      '%%%',
    ]) {
      expect(decodeCursor(bad)).toBeUndefined();
    }
  });
});
