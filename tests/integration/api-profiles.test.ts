/**
 * Reading profiles through the backend against the emulated Graph: the dashboard's fan-out (one
 * list, statuses through $batch), details with ETags, cheap status polling, sync errors, actions,
 * and MSAL's cache keeping Entra out of repeat calls.
 */
import { beforeEach, describe, expect, inject, it } from 'vitest';
import {
  actionResultSchema,
  problemSchema,
  profileDetailSchema,
  profileListSchema,
  profileStatusSchema,
  syncErrorsPageSchema,
} from '../../contracts/api';
import { tenants } from '../../emulator/directory';
import { demoProfileIds } from '../../emulator/graph/demo-data';
import { createEmulatorClient, type RequestLogEntry } from '../support/emulator-client';
import { jsonRequest } from '../support/json-request';
import { createGraphApi } from '../../server/graph/client';
import { listProfilesWithStatuses } from '../../server/graph/listWithStatuses';
import { createLogger } from '../../server/logger';

const urls = inject('urls');
const emulator = createEmulatorClient({ entraUrl: urls.entra, graphUrl: urls.graph });

function call(token: string, path: string, init: { method?: string; headers?: Record<string, string> } = {}) {
  return jsonRequest(`${urls.app}${path}`, token, init);
}

const graphCalls = (entries: RequestLogEntry[]) => entries.filter((e) => e.service === 'graph');
const tokenRequests = (entries: RequestLogEntry[]) =>
  entries.filter((e) => e.path.endsWith('/oauth2/v2.0/token'));

let admin: string;
beforeEach(async () => {
  await emulator.reset();
  admin = await emulator.ssoToken('admin@contoso');
});

describe('the dashboard', () => {
  it('lists every profile with its status', async () => {
    const answer = await call(admin, '/api/profiles');
    expect(answer.status).toBe(200);
    const { profiles } = profileListSchema.parse(answer.body);
    const byId = new Map(profiles.map((p) => [p.id, p]));
    expect(byId.get(demoProfileIds.contosoHealthyCsv)).toMatchObject({
      provider: 'csv',
      state: 'provisioned',
      status: { status: 'success' },
    });
    expect(byId.get(demoProfileIds.contosoInProgressPowerSchool)).toMatchObject({ provider: 'powerSchool' });
    expect(byId.get(demoProfileIds.contosoErrorOneRoster)).toMatchObject({
      provider: 'oneRoster',
      status: { status: 'error', errorCount: 14 },
    });
    expect(byId.has(demoProfileIds.fabrikamHealthyCsv)).toBe(false);
    expect(profiles.every((p) => p.status !== null)).toBe(true);
  });

  it('asks Graph for the list in one page ($top) and once per 20 statuses, never once per profile', async () => {
    // The tenant's ids as this instance last saw them (the demo's 10), then 50 others instead.
    await call(admin, '/api/profiles');
    await emulator.seed(50, tenants.contoso.id);
    const pathOf = (e: RequestLogEntry) => e.path.split('?')[0];
    const isList = (e: RequestLogEntry) =>
      e.method === 'GET' && pathOf(e) === '/beta/education/synchronizationProfiles';
    const isStatus = (e: RequestLogEntry) => pathOf(e)!.endsWith('/profileStatus');
    const isBatch = (e: RequestLogEntry) => pathOf(e) === '/beta/$batch';
    const read = async () => {
      const since = await emulator.lastSeq();
      const answer = await call(admin, '/api/profiles');
      expect(answer.status).toBe(200);
      const { profiles } = profileListSchema.parse(answer.body);
      expect(profiles).toHaveLength(50);
      expect(profiles.every((p) => p.status !== null)).toBe(true);
      const graph = graphCalls(await emulator.requests(since));
      // The emulator logs each sub-request of a batch as well (inBatch), while it handles the batch.
      const direct = graph.filter((e) => !e.inBatch);
      const batches = direct.filter(isBatch);
      // Nothing else: the list and the statuses, each status in a batch, each asked for once.
      expect(direct.every((e) => isBatch(e) || isList(e))).toBe(true);
      expect(graph.filter((e) => isStatus(e) && !e.inBatch)).toEqual([]);
      const asked = batches
        .flatMap((b) => b.batch ?? [])
        .map((sub) => sub.url)
        .filter((url) => url.endsWith('/profileStatus'));
      expect(new Set(asked).size).toBe(asked.length);
      const listed = profiles.map((p) => `/education/synchronizationProfiles/${p.id}/profileStatus`);
      expect(listed.every((url) => asked.includes(url))).toBe(true);
      return { lists: graph.filter(isList), batches };
    };

    // 10 ids guessed, all gone: the list and their 10 statuses in one batch, then the 50 in ⌈50 / 20⌉.
    const first = await read();
    expect(first.lists).toHaveLength(1);
    expect(first.lists[0]!.inBatch).toBe(true);
    expect(first.lists[0]!.path).toMatch(/\$top=999\b/);
    expect(first.batches.map((b) => b.batch?.length ?? 0).sort((a, b) => a - b)).toEqual([10, 11, 20, 20]);
    // Within 1 + ⌈N/20⌉ Graph requests for N = 50 profiles.
    expect(first.batches.length + first.lists.filter((e) => !e.inBatch).length).toBeLessThanOrEqual(4);

    // All 50 known: the list and every status leave together, 51 requests in ⌈51 / 20⌉ batches.
    const second = await read();
    expect(second.lists).toHaveLength(1);
    expect(second.lists[0]!.inBatch).toBe(true);
    expect(second.batches.map((b) => b.batch?.length ?? 0).sort((a, b) => a - b)).toEqual([11, 20, 20]);
  });

  it('with no ids to guess (a tenant this instance has not listed): the list, then its statuses', async () => {
    await emulator.seed(30, tenants.contoso.id);
    const graph = createGraphApi(
      {
        baseUrl: urls.graph,
        budgetMs: 20_000,
        attemptTimeoutMs: 10_000,
        maxRetries: 3,
        retryDelaySeconds: 1,
      },
      await emulator.graphToken('admin@contoso'),
      createLogger('silent'),
    );
    const since = await emulator.lastSeq();
    const { profiles, statuses } = await listProfilesWithStatuses(graph, null);
    expect(profiles).toHaveLength(30);
    expect(profiles.every((p) => statuses.has(p.id) && 'status' in statuses.get(p.id)!)).toBe(true);
    const direct = graphCalls(await emulator.requests(since)).filter((e) => !e.inBatch);
    expect(direct.map((e) => `${e.method} ${e.path.split('?')[0]}`)).toEqual([
      'GET /beta/education/synchronizationProfiles',
      'POST /beta/$batch',
      'POST /beta/$batch',
    ]);
    expect(
      direct
        .slice(1)
        .map((b) => b.batch?.length ?? 0)
        .sort((a, b) => a - b),
    ).toEqual([10, 20]);
  });

  it('a profile deleted since the last list: its guessed status is dropped, the rest shows', async () => {
    const before = profileListSchema.parse((await call(admin, '/api/profiles')).body).profiles;
    const goneId = demoProfileIds.contosoHealthyCsv;
    expect(before.some((p) => p.id === goneId)).toBe(true);
    const graphToken = await emulator.graphToken('admin@contoso');
    const deleted = await fetch(`${urls.graph}/beta/education/synchronizationProfiles/${goneId}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${graphToken}` },
    });
    expect(deleted.status).toBe(202);
    await emulator.advanceClock(60);

    const since = await emulator.lastSeq();
    const answer = await call(admin, '/api/profiles');
    expect(answer.status).toBe(200);
    const { profiles } = profileListSchema.parse(answer.body);
    expect(profiles.map((p) => p.id).sort()).toEqual(
      before
        .map((p) => p.id)
        .filter((id) => id !== goneId)
        .sort(),
    );
    expect(profiles.every((p) => p.status !== null)).toBe(true);
    // Its status was guessed beside the list, and Graph's 404 for it went no further.
    const subs = graphCalls(await emulator.requests(since)).filter((e) => e.inBatch);
    expect(subs.find((e) => e.path.includes(`${goneId}/profileStatus`))?.status).toBe(404);
  });
});

describe('one profile', () => {
  it('is returned without secrets, with a strong ETag that matches the body', async () => {
    const answer = await call(admin, `/api/profiles/${demoProfileIds.contosoInProgressPowerSchool}`);
    expect(answer.status).toBe(200);
    const detail = profileDetailSchema.parse(answer.body);
    expect(answer.headers.get('etag')).toBe(detail.etag);
    expect(detail.etag).toMatch(/^"[^"]+"$/);
    expect(detail.profile.dataProvider).toMatchObject({
      connectionUrl: expect.stringMatching(/^https:/),
      clientId: expect.any(String),
    });
    expect(JSON.stringify(answer.body)).not.toMatch(/clientSecret|emulator-only-powerschool-secret/);
    const again = await call(admin, `/api/profiles/${demoProfileIds.contosoInProgressPowerSchool}`);
    expect(again.headers.get('etag')).toBe(detail.etag);
  });

  it('is a 404 problem when Graph has no such profile', async () => {
    const answer = await call(admin, '/api/profiles/00000000-0000-4000-8000-000000000000');
    expect(answer.status).toBe(404);
    expect(problemSchema.parse(answer.body)).toMatchObject({
      code: 'not_found',
      graph: { requestId: expect.any(String) },
    });
  });

  it('keeps another tenant’s profile out of reach', async () => {
    const answer = await call(admin, `/api/profiles/${demoProfileIds.fabrikamHealthyCsv}`);
    expect(answer.status).toBe(404);
  });
});

describe('status polling', () => {
  it('answers 304 while nothing changed and the new status once it has', async () => {
    const path = `/api/profiles/${demoProfileIds.contosoInProgressPowerSchool}/status`;
    const first = await call(admin, path);
    expect(first.status).toBe(200);
    const status = profileStatusSchema.parse(first.body);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[^"]+"$/);

    const unchanged = await call(admin, path, { headers: { 'if-none-match': etag } });
    expect(unchanged.status).toBe(304);
    expect(unchanged.body).toBeUndefined();

    expect(
      (
        await call(admin, `/api/profiles/${demoProfileIds.contosoInProgressPowerSchool}/pause`, {
          method: 'POST',
        })
      ).status,
    ).toBe(200);
    const later = await call(admin, path, { headers: { 'if-none-match': etag } });
    expect(later.status).toBe(200);
    expect(later.headers.get('etag')).not.toBe(etag);
    expect(profileStatusSchema.parse(later.body).status).toBe('paused');
    expect(status.status).not.toBe('paused');
  });
});

describe('sync errors', () => {
  it('reads every Graph page once ($top=999, $count) and answers the page asked for', async () => {
    const since = await emulator.lastSeq();
    const answer = await call(
      admin,
      `/api/profiles/${demoProfileIds.contosoErrorOneRoster}/errors?skip=10&top=3`,
    );
    expect(answer.status).toBe(200);
    const page = syncErrorsPageSchema.parse(answer.body);
    expect(page).toMatchObject({ totalCount: 14, skip: 10, top: 3 });
    expect(page.errors).toHaveLength(3);
    const request = graphCalls(await emulator.requests(since)).find((e) => e.path.includes('/errors'));
    expect(request?.path).toMatch(/\$top=999/);
    expect(request?.path).toMatch(/\$count=true/);
  });
});

describe('actions', () => {
  it('pauses and resumes a profile', async () => {
    const id = demoProfileIds.contosoHealthyCsv;
    const paused = await call(admin, `/api/profiles/${id}/pause`, { method: 'POST' });
    expect(paused.status).toBe(200);
    expect(actionResultSchema.parse(paused.body)).toEqual({
      action: 'pause',
      started: true,
      verificationMessages: [],
    });
    expect(profileStatusSchema.parse((await call(admin, `/api/profiles/${id}/status`)).body).status).toBe(
      'paused',
    );
    const resumed = await call(admin, `/api/profiles/${id}/resume`, { method: 'POST' });
    expect(resumed.status).toBe(200);
    expect(profileStatusSchema.parse((await call(admin, `/api/profiles/${id}/status`)).body).status).not.toBe(
      'paused',
    );
  });

  it('resets a profile', async () => {
    const answer = await call(admin, `/api/profiles/${demoProfileIds.contosoErrorOneRoster}/reset`, {
      method: 'POST',
    });
    expect(answer.status).toBe(200);
    expect(actionResultSchema.parse(answer.body).action).toBe('reset');
  });

  it('starts a CSV profile whose files verify', async () => {
    const answer = await call(admin, `/api/profiles/${demoProfileIds.contosoAwaitingStartCsv}/start`, {
      method: 'POST',
    });
    expect(answer.status).toBe(200);
    const result = actionResultSchema.parse(answer.body);
    expect(result.started).toBe(true);
    expect(result.verificationMessages.every((m) => m.type !== 'error')).toBe(true);
  });

  it('reports verification errors as started: false with the messages', async () => {
    const answer = await call(admin, `/api/profiles/${demoProfileIds.contosoValidationErrorCsv}/start`, {
      method: 'POST',
    });
    expect(answer.status).toBe(200);
    const result = actionResultSchema.parse(answer.body);
    expect(result.started).toBe(false);
    expect(result.verificationMessages.some((m) => m.type === 'error' && m.fileName.endsWith('.csv'))).toBe(
      true,
    );
  });

  it('refuses to start a profile that is not CSV', async () => {
    const answer = await call(admin, `/api/profiles/${demoProfileIds.contosoInProgressPowerSchool}/start`, {
      method: 'POST',
    });
    expect(answer.status).toBe(409);
    expect(problemSchema.parse(answer.body).code).toBe('not_supported');
  });
});

describe('who may read', () => {
  it('lets a reader read and refuses a teacher with a clear message', async () => {
    expect((await call(await emulator.ssoToken('reader@contoso'), '/api/profiles')).status).toBe(200);
    const teacher = await call(await emulator.ssoToken('teacher@contoso'), '/api/profiles');
    expect(teacher.status).toBe(403);
    const problem = problemSchema.parse(teacher.body);
    expect(problem.code).toBe('forbidden');
    expect(problem.detail).toMatch(/may not view SDS profiles/);
    expect(problem.graph?.code).toBe('accessDenied');
  });
});

describe('the on-behalf-of cache', () => {
  it('exchanges one SSO token once, however many calls it makes', async () => {
    const since = await emulator.lastSeq();
    const paths = [
      '/api/profiles',
      `/api/profiles/${demoProfileIds.contosoHealthyCsv}`,
      `/api/profiles/${demoProfileIds.contosoHealthyCsv}/status`,
      `/api/profiles/${demoProfileIds.contosoErrorOneRoster}/errors`,
    ];
    for (let round = 0; round < 5; round++) {
      const answers = await Promise.all(paths.map((p) => call(admin, p)));
      expect(answers.map((a) => a.status)).toEqual(paths.map(() => 200));
    }
    const log = await emulator.requests(since);
    expect(tokenRequests(log)).toHaveLength(1);
    expect(graphCalls(log).length).toBeGreaterThanOrEqual(20);

    await call(await emulator.ssoToken('admin@contoso'), '/api/profiles');
    expect(tokenRequests(await emulator.requests(since))).toHaveLength(2);
  });

  it('keeps two SSO tokens of the same admin (two Teams clients) from evicting each other', async () => {
    const web = await emulator.ssoToken('admin@contoso', {
      clientId: '5e3ce6c0-2b1f-4285-8d4b-75ee78787346',
    });
    const since = await emulator.lastSeq();
    for (let round = 0; round < 5; round++) {
      for (const token of [admin, web]) {
        expect((await call(token, `/api/profiles/${demoProfileIds.contosoHealthyCsv}/status`)).status).toBe(
          200,
        );
      }
    }
    expect(tokenRequests(await emulator.requests(since))).toHaveLength(2);
  });
});
