/**
 * Change history end to end, on both engines: an app server on PGlite files (the default) and one
 * on a real PostgreSQL cluster this file starts, both against the shared emulator. A save, a 412,
 * an action and a Graph refusal each leave exactly one correct record; tenants are isolated;
 * secrets never reach the database; PGlite records survive a restart; PostgreSQL stopped mid-run
 * refuses saves with 503 and loses nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import {
  historyPageSchema,
  problemSchema,
  profileDetailSchema,
  type HistoryEntry,
  type ProfileDetail,
  type ProfileUpdate,
} from '../../contracts/api';
import { toUpdate } from '../../contracts/profileModel';
import { personas } from '../../emulator/directory';
import { demoProfileIds } from '../../emulator/graph/demo-data';
import { migrations } from '../../server/history/migrations';
import type { ServerProcess } from '../../scripts/stack';
import { openDatabase } from '../../server/history/database';
import { startAppServer } from '../support/appServer';
import { createEmulatorClient } from '../support/emulator-client';
import { jsonRequest } from '../support/json-request';
import { startPostgresServer, type PostgresServer } from '../support/postgresServer';

const urls = inject('urls');
const emulator = createEmulatorClient({ entraUrl: urls.entra, graphUrl: urls.graph });
const SERVER_ENV = { RATE_LIMIT_PER_MINUTE: '100000', LOG_LEVEL: 'warn' };
/** Every provider secret the demo tenant holds: none may ever be written to the history. */
const DEMO_SECRETS = [
  'emulator-only-powerschool-secret',
  'emulator-only-oneroster-secret',
  'emulator-only-oauth1-secret',
  'emulator-only-fabrikam-secret',
];

const csvId = demoProfileIds.contosoHealthyCsv;
const powerSchoolId = demoProfileIds.contosoInProgressPowerSchool;
const megan = personas.find((p) => p.key === 'admin@contoso')!;

let pgliteDir: string;
let postgres: PostgresServer;
const servers: Record<'PGlite' | 'PostgreSQL', ServerProcess> = {} as never;

const startServer = (env: Record<string, string>) => startAppServer(urls, { env: { ...SERVER_ENV, ...env } });

beforeAll(async () => {
  pgliteDir = mkdtempSync(path.join(tmpdir(), 'sds-history-test-'));
  postgres = await startPostgresServer();
  [servers.PGlite, servers.PostgreSQL] = await Promise.all([
    startServer({ DATA_DIR: pgliteDir }),
    startServer({ DATABASE_URL: postgres.url }),
  ]);
}, 90_000);

afterAll(async () => {
  await Promise.all(Object.values(servers).map((s) => s.stop()));
  await postgres?.destroy();
  if (pgliteDir) rmSync(pgliteDir, { recursive: true, force: true });
});

let admin: string;
beforeEach(async () => {
  await emulator.reset();
  admin = await emulator.ssoToken('admin@contoso');
});

describe.each(['PGlite', 'PostgreSQL'] as const)('change history on %s', (engine) => {
  const call = (token: string, route: string, init: Parameters<typeof jsonRequest>[2] = {}) =>
    jsonRequest(`${servers[engine].url}${route}`, token, init);

  async function open(token: string, id: string): Promise<ProfileDetail> {
    const answer = await call(token, `/api/profiles/${id}`);
    expect(answer.status).toBe(200);
    return profileDetailSchema.parse(answer.body);
  }

  const save = (token: string, id: string, etag: string, update: ProfileUpdate) =>
    call(token, `/api/profiles/${id}`, { method: 'PUT', headers: { 'if-match': etag }, json: update });

  async function history(token: string, route: string) {
    const answer = await call(token, route);
    expect(answer.status, answer.text).toBe(200);
    return historyPageSchema.parse(answer.body);
  }

  /** The records the request with this id left: the test asks for exactly one. */
  async function recordsOf(requestId: string | null, id: string): Promise<HistoryEntry[]> {
    const page = await history(admin, `/api/profiles/${id}/history?limit=50`);
    return page.entries.filter((entry) => entry.requestId === requestId);
  }

  it('records a save: who, the outcome, both versions and the change list in the review dialog’s words', async () => {
    const before = await open(admin, csvId);
    const answer = await save(admin, csvId, before.etag, {
      ...updateOf(before),
      displayName: 'Northwind renamed',
    });
    expect(answer.status).toBe(202);
    const [record, ...others] = await recordsOf(answer.headers.get('x-request-id'), csvId);
    expect(others).toEqual([]);
    expect(record).toMatchObject({
      operation: 'save',
      outcome: 'succeeded',
      httpStatus: 202,
      profileId: csvId,
      profileName: before.profile.displayName,
      actor: {
        objectId: megan.objectId,
        displayName: 'Megan Bowen',
        userPrincipalName: megan.userPrincipalName,
      },
      before: before.profile,
      after: profileDetailSchema.parse(answer.body).profile,
      graphRequestId: null,
    });
    expect(record!.changes.map((change) => change.text)).toEqual([
      expect.stringContaining('Northwind renamed'),
    ]);
    expect(record!.completedAt).not.toBeNull();
  });

  it('records a 412 as a conflict, and changes nothing', async () => {
    const before = await open(admin, csvId);
    const first = await save(admin, csvId, before.etag, { ...updateOf(before), displayName: 'First' });
    expect(first.status).toBe(202);
    const stale = await save(admin, csvId, before.etag, { ...updateOf(before), displayName: 'Second' });
    expect(stale.status).toBe(412);
    const records = await recordsOf(stale.headers.get('x-request-id'), csvId);
    expect(records).toMatchObject([
      { outcome: 'conflict', httpStatus: 412, problemCode: 'precondition_failed' },
    ]);
  });

  it('records an action', async () => {
    const answer = await call(admin, `/api/profiles/${powerSchoolId}/pause`, { method: 'POST' });
    expect(answer.status).toBe(200);
    expect(await recordsOf(answer.headers.get('x-request-id'), powerSchoolId)).toMatchObject([
      {
        operation: 'pause',
        outcome: 'succeeded',
        httpStatus: 200,
        before: { id: powerSchoolId },
        after: null,
      },
    ]);
  });

  it('records Graph’s refusal with Graph’s request id', async () => {
    const reader = await emulator.ssoToken('reader@contoso');
    const before = await open(reader, csvId);
    const answer = await save(reader, csvId, before.etag, {
      ...updateOf(before),
      displayName: 'Not allowed',
    });
    expect(answer.status).toBe(403);
    const problem = problemSchema.parse(answer.body);
    expect(problem.graph?.requestId).toBeTruthy();
    expect(await recordsOf(answer.headers.get('x-request-id'), csvId)).toMatchObject([
      {
        outcome: 'failed',
        httpStatus: 403,
        problemCode: 'forbidden',
        graphRequestId: problem.graph!.requestId,
        actor: { displayName: 'Alex Wilber' },
      },
    ]);
  });

  it('shows a tenant only its own history: a reader may look, a teacher may not, other tenants see nothing', async () => {
    const before = await open(admin, csvId);
    expect((await save(admin, csvId, before.etag, { ...updateOf(before), displayName: 'Mine' })).status).toBe(
      202,
    );

    const reader = await emulator.ssoToken('reader@contoso');
    const readerView = await history(
      reader,
      `/api/history?profile=${csvId}&person=${megan.objectId}&limit=1`,
    );
    expect(readerView.entries).toMatchObject([{ profileId: csvId, actor: { objectId: megan.objectId } }]);

    const teacher = await call(await emulator.ssoToken('teacher@contoso'), '/api/history');
    expect(teacher.status).toBe(403);
    expect(problemSchema.parse(teacher.body).code).toBe('forbidden');

    const fabrikam = await emulator.ssoToken('admin@fabrikam');
    expect(
      (await history(fabrikam, '/api/history')).entries.every((e) => !e.profileId.startsWith('3f2a8c1e')),
    ).toBe(true);
    expect((await history(fabrikam, `/api/profiles/${csvId}/history`)).entries).toEqual([]);
    expect((await history(fabrikam, `/api/history?person=${megan.objectId}`)).entries).toEqual([]);
  });

  it('pages newest first with an opaque cursor', async () => {
    let detail = await open(admin, csvId);
    for (const name of ['Page one', 'Page two', 'Page three']) {
      const answer = await save(admin, csvId, detail.etag, { ...updateOf(detail), displayName: name });
      expect(answer.status).toBe(202);
      detail = profileDetailSchema.parse(answer.body);
    }
    const first = await history(admin, `/api/profiles/${csvId}/history?limit=2`);
    expect(first.entries.map((e) => e.after?.displayName)).toEqual(['Page three', 'Page two']);
    const second = await history(admin, `/api/profiles/${csvId}/history?limit=2&cursor=${first.nextCursor}`);
    expect(second.entries[0]!.after?.displayName).toBe('Page one');
  });

  it.each([
    ['cursor=abc', 'cursor'],
    [`cursor=${Buffer.from('h1.0').toString('base64url')}`, 'cursor'],
    [`cursor=${'A'.repeat(5000)}`, 'cursor'],
    ['limit=0', 'limit'],
    ['limit=51', 'limit'],
    ['limit=1e1', 'limit'],
    ['person=megan', 'person'],
    ['profile=%27%20OR%201%3D1--', 'profile'],
    ['profile=a&profile=b', 'profile'],
    ['__proto__=1', '__proto__'],
    ['a[b][c][d][e][f]=1', 'a[b][c][d][e][f]'],
    ['%E2%80%AEevil=1', '\u202eevil'],
  ])('refuses ?%s with a 400 naming %s', async (query, parameter) => {
    const answer = await call(admin, `/api/history?${query}`);
    expect(answer.status, answer.text).toBe(400);
    const problem = problemSchema.parse(answer.body);
    expect(problem.code).toBe('validation_failed');
    expect(problem.fields?.map((f) => f.path)).toContain(parameter);
  });
});

describe('the database itself', () => {
  it('migrates once when several servers open it at the same moment', async () => {
    const opened = await Promise.all(
      [1, 2, 3].map(() => openDatabase({ kind: 'postgres', url: postgres.url }, 'test')),
    );
    try {
      const rows = await sql<{ version: number }>`SELECT version FROM schema_migrations`.execute(
        opened[0]!.db,
      );
      expect(rows.rows.map((r) => r.version)).toEqual(migrations.map((m) => m.version));
    } finally {
      await Promise.all(opened.map((d) => d.close()));
    }
  });

  it('never holds a provider secret (every row, as text)', async () => {
    const before = await open(servers.PostgreSQL.url, powerSchoolId);
    const update = { ...updateOf(before), displayName: 'Secretless' };
    const answer = await jsonRequest(`${servers.PostgreSQL.url}/api/profiles/${powerSchoolId}`, admin, {
      method: 'PUT',
      headers: { 'if-match': before.etag },
      json: update,
    });
    expect(answer.status).toBe(202);
    // A body that carries a secret of its own, refused with a 412 after its record was opened.
    const withSecret = await jsonRequest(`${servers.PostgreSQL.url}/api/profiles/${powerSchoolId}`, admin, {
      method: 'PUT',
      headers: { 'if-match': before.etag },
      json: { ...update, dataProvider: { ...update.dataProvider, clientSecret: 'client-sent-secret-value' } },
    });
    expect(withSecret.status, withSecret.text).toBe(412);
    const database = await openDatabase({ kind: 'postgres', url: postgres.url }, 'test');
    try {
      const rows = await sql<{
        row: string;
      }>`SELECT row_to_json(c)::text AS row FROM change_records c`.execute(database.db);
      expect(rows.rows.length).toBeGreaterThan(0);
      const dump = rows.rows.map((r) => r.row).join('\n');
      expect(dump).toContain('Secretless');
      for (const secret of [...DEMO_SECRETS, 'client-sent-secret-value', 'clientSecret']) {
        expect(dump).not.toContain(secret);
      }
    } finally {
      await database.close();
    }
  });

  it('PostgreSQL stopped mid-run: saves and actions answer 503 and change nothing, reads go on, nothing recorded is lost', async () => {
    const base = servers.PostgreSQL.url;
    const before = await open(base, csvId);
    const kept = await jsonRequest(`${base}/api/profiles/${csvId}`, admin, {
      method: 'PUT',
      headers: { 'if-match': before.etag },
      json: { ...updateOf(before), displayName: 'Before the outage' },
    });
    expect(kept.status).toBe(202);
    const keptDetail = profileDetailSchema.parse(kept.body);

    await postgres.stop();
    try {
      const refused = await jsonRequest(`${base}/api/profiles/${csvId}`, admin, {
        method: 'PUT',
        headers: { 'if-match': keptDetail.etag },
        json: { ...updateOf(keptDetail), displayName: 'During the outage' },
      });
      expect(refused.status).toBe(503);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      const problem = problemSchema.parse(refused.body);
      expect(problem.code).toBe('history_unavailable');
      expect(problem.detail).toMatch(/cannot write its change history.*Nothing was changed/);
      const action = await jsonRequest(`${base}/api/profiles/${csvId}/pause`, admin, { method: 'POST' });
      expect(action.status).toBe(503);
      // Reads go on, and Graph still holds the last recorded version.
      expect((await open(base, csvId)).profile.displayName).toBe('Before the outage');
    } finally {
      await postgres.start();
    }
    const page = historyPageSchema.parse(
      (await jsonRequest(`${base}/api/profiles/${csvId}/history?limit=50`, admin)).body,
    );
    expect(page.entries.filter((e) => e.requestId === kept.headers.get('x-request-id'))).toHaveLength(1);
    expect(page.entries.some((e) => e.after?.displayName === 'During the outage')).toBe(false);
    const again = await jsonRequest(`${base}/api/profiles/${csvId}`, admin, {
      method: 'PUT',
      headers: { 'if-match': keptDetail.etag },
      json: { ...updateOf(keptDetail), displayName: 'After the outage' },
    });
    expect(again.status).toBe(202);
  });

  it('PGlite records survive a restart of the server, and a second server on the same folder is refused', async () => {
    const before = await open(servers.PGlite.url, csvId);
    const saved = await jsonRequest(`${servers.PGlite.url}/api/profiles/${csvId}`, admin, {
      method: 'PUT',
      headers: { 'if-match': before.etag },
      json: { ...updateOf(before), displayName: 'Survives restarts' },
    });
    expect(saved.status).toBe(202);

    await expect(startServer({ DATA_DIR: pgliteDir })).rejects.toThrow(/Another SDS Profiles server/);
    await servers.PGlite.stop();
    servers.PGlite = await startServer({ DATA_DIR: pgliteDir });
    const page = historyPageSchema.parse(
      (await jsonRequest(`${servers.PGlite.url}/api/profiles/${csvId}/history`, admin)).body,
    );
    expect(page.entries.filter((e) => e.requestId === saved.headers.get('x-request-id'))).toMatchObject([
      { outcome: 'succeeded', after: { displayName: 'Survives restarts' } },
    ]);
  });
});

async function open(base: string, id: string): Promise<ProfileDetail> {
  const answer = await jsonRequest(`${base}/api/profiles/${id}`, admin);
  expect(answer.status).toBe(200);
  return profileDetailSchema.parse(answer.body);
}

/** What the editor sends: the profile minus its read-only members. */
function updateOf({ profile }: ProfileDetail): ProfileUpdate {
  return structuredClone(toUpdate(profile));
}
