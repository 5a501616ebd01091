/**
 * The monitor end to end (issue 14 §5): app server processes with a 2-second interval against the
 * suite's emulator, over real HTTPS. A profile made to fail through next-run → exactly one
 * notification, to the pinned channel's members, deep-linking to the profile; recovery → one
 * "back to healthy"; a restart sends nothing twice; 1 + ⌈N/20⌉ Graph requests a cycle (from the
 * emulator's log); a 429 mid-cycle is waited out; a tenant without app consent is "not enabled";
 * two instances on one PostgreSQL run one monitor.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { monitorOverviewSchema, statusHistorySchema } from '../../contracts/monitor';
import { tenants } from '../../emulator/directory';
import { demoProfileIds } from '../../emulator/graph/demo-data';
import { EMULATED_TEAMS_APP_ID, teamFor } from '../../emulator/teams-host/protocol';
import type { ServerProcess } from '../../scripts/stack';
import { startAppServer } from '../support/appServer';
import { createEmulatorClient, type RequestLogEntry } from '../support/emulator-client';
import { jsonRequest } from '../support/json-request';
import { startPostgresServer, type PostgresServer } from '../support/postgresServer';

const urls = inject('urls');
const emulator = createEmulatorClient({ entraUrl: urls.entra, graphUrl: urls.graph });
const INTERVAL_SECONDS = 2;
const SERVER_ENV = { MONITOR_INTERVAL_SECONDS: String(INTERVAL_SECONDS), LOG_LEVEL: 'warn' };
const team = teamFor(tenants.contoso.id);
const profileId = demoProfileIds.contosoHealthyCsv;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers, checked field by field
type Json = any;

const startServer = (env: Record<string, string>) =>
  startAppServer(urls, { env: { ...SERVER_ENV, ...env }, readyTimeoutMs: 60_000 });

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const feed = () => emulator.activity();

async function overview(server: ServerProcess, token: string) {
  const answer = await jsonRequest(`${server.url}/api/monitor`, token);
  expect(answer.status, answer.text).toBe(200);
  return monitorOverviewSchema.parse(answer.body);
}

/** Waits until the monitor has finished `count` more cycles for the tenant of `token`. */
async function cycles(server: ServerProcess, token: string, count = 2): Promise<void> {
  let seen = (await overview(server, token)).checkedAt;
  for (let i = 0; i < count; i++) {
    const before = seen;
    seen = await until('a monitor cycle', async () => {
      const now = (await overview(server, token)).checkedAt;
      return now !== before ? now : undefined;
    });
  }
}

const subscribe = (server: ServerProcess, token: string, body: Record<string, unknown>) =>
  jsonRequest(`${server.url}/api/alert-subscription`, token, { method: 'PUT', json: body });

const allProfilesTab = { teamId: team.groupId, channelId: team.channelId, tabEntityId: 'all' };

let admin: string;
beforeAll(async () => {
  await emulator.reset();
  admin = await emulator.ssoToken('admin@contoso');
});

describe('one instance on PGlite', () => {
  let dataDir: string;
  let server: ServerProcess;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'sds-monitor-test-'));
    server = await startServer({ DATA_DIR: dataDir });
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('watches the tenant: every profile gets a health, failing ones included, and nothing is announced for the baseline', async () => {
    const watched = await until('the first cycle', async () => {
      const o = await overview(server, admin);
      return o.state === 'monitoring' && o.profiles.length > 0 ? o : undefined;
    });
    expect(watched.intervalSeconds).toBe(INTERVAL_SECONDS);
    expect(watched.profiles.find((p) => p.profileId === demoProfileIds.contosoErrorOneRoster)).toMatchObject({
      health: 'failing',
      alert: 'failed',
    });
    expect(watched.profiles.find((p) => p.profileId === profileId)).toMatchObject({
      health: 'healthy',
      alert: null,
    });
    expect(await feed()).toEqual([]);
  });

  it('stores "Notify this channel" for a pinned tab, refusing bad settings and readers', async () => {
    const saved = await subscribe(server, admin, { ...allProfilesTab, enabled: true, profileId: null });
    expect(saved.status, saved.text).toBe(200);
    expect(saved.body.subscription).toEqual({ ...allProfilesTab, enabled: true, profileId: null });
    const read = await jsonRequest(
      `${server.url}/api/alert-subscription?${new URLSearchParams(allProfilesTab)}`,
      await emulator.ssoToken('reader@contoso'),
    );
    expect(read.body.subscription).toMatchObject({ enabled: true });

    const reader = await subscribe(server, await emulator.ssoToken('reader@contoso'), {
      ...allProfilesTab,
      enabled: false,
      profileId: null,
    });
    expect(reader.status).toBe(403);
    const bad = await subscribe(server, admin, {
      ...allProfilesTab,
      channelId: 'general',
      enabled: 'yes',
      profileId: null,
      extra: 1,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f: Json) => f.path)).toEqual(
      expect.arrayContaining(['channelId', 'enabled']),
    );
    const proto = await jsonRequest(`${server.url}/api/alert-subscription`, admin, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      json: JSON.parse('{"__proto__": {"enabled": true}}'),
    });
    expect(proto.status).toBe(400);
    const query = await jsonRequest(
      `${server.url}/api/alert-subscription?teamId=x&channelId=y&tabEntityId=z&more=1`,
      admin,
    );
    expect(query.status).toBe(400);
    expect(query.body.fields.map((f: Json) => f.path)).toEqual(['more']);
  });

  it('sends exactly one notification when a profile fails, to the channel, deep-linking to the profile', async () => {
    await emulator.finishNextRun(profileId, 'error', 3);
    const [sent] = await until('the alert', async () => {
      const items = await feed();
      return items.length > 0 ? items : undefined;
    });
    if (!sent) throw new Error('the feed answered no notification');
    expect(sent).toMatchObject({
      tenantId: tenants.contoso.id,
      teamId: team.groupId,
      channelId: team.channelId,
      activityType: 'syncBroken',
      recipients: expect.arrayContaining(['admin@contoso']),
    });
    expect(sent.previewText).toMatch(/its last sync failed \(3 errors\)/);
    const link = new URL(sent.topic.webUrl!);
    expect(link.origin + link.pathname).toBe(
      `https://teams.microsoft.com/l/entity/${EMULATED_TEAMS_APP_ID}/all`,
    );
    expect(JSON.parse(link.searchParams.get('context')!)).toEqual({
      subEntityId: `profile:${profileId}`,
      channelId: team.channelId,
    });
    await cycles(server, admin, 2);
    expect(await feed()).toHaveLength(1);
    expect((await overview(server, admin)).profiles.find((p) => p.profileId === profileId)).toMatchObject({
      health: 'failing',
      alert: 'failed',
    });
  });

  it('sends nothing twice after a restart', async () => {
    await server.stop();
    server = await startServer({ DATA_DIR: dataDir });
    await cycles(server, admin, 2);
    expect(await feed()).toHaveLength(1);
  });

  it('sends one "back to healthy" on recovery, and the status history shows both changes', async () => {
    await emulator.finishNextRun(profileId, 'success');
    const items = await until('the recovery notice', async () => {
      const all = await feed();
      return all.length === 2 ? all : undefined;
    });
    expect(items[1]).toMatchObject({
      activityType: 'syncRecovered',
      text: expect.stringMatching(/is syncing again/),
    });
    await cycles(server, admin, 1);
    expect(await feed()).toHaveLength(2);

    const answer = await jsonRequest(`${server.url}/api/profiles/${profileId}/status-history?days=30`, admin);
    expect(answer.status, answer.text).toBe(200);
    const history = statusHistorySchema.parse(answer.body);
    expect(history.snapshots.map((s) => [s.status, s.errorCount])).toEqual([
      ['success', 0],
      ['error', 3],
      ['success', 0],
    ]);
    expect(history.snapshots[0]).toMatchObject({ kind: 'change', processedLastHour: expect.any(Number) });
    expect(history.health).toMatchObject({ health: 'healthy', alert: null });
    expect(
      (await jsonRequest(`${server.url}/api/profiles/${profileId}/status-history?days=0`, admin)).status,
    ).toBe(400);
    expect(
      (
        await jsonRequest(
          `${server.url}/api/profiles/${profileId}/status-history`,
          await emulator.ssoToken('teacher@contoso'),
        )
      ).status,
    ).toBe(403);
  });

  it('waits out a 429 in the middle of a cycle and completes it', async () => {
    await emulator.setFaults({
      rate: 1,
      statuses: [429],
      retryAfterSeconds: 1,
      pathPattern: 'profileStatus',
      maxFaults: 5,
    });
    const since = await emulator.lastSeq();
    await cycles(server, admin, 2);
    expect((await overview(server, admin)).state).toBe('monitoring');
    const statuses = (await emulator.requests(since)).filter(
      (r) => r.inBatch && r.path.includes('profileStatus'),
    );
    expect(statuses.filter((r) => r.status === 429).length).toBeGreaterThan(0);
    const throttledAt = statuses.findIndex((r) => r.status === 429);
    expect(statuses.slice(throttledAt).some((r) => r.status === 200)).toBe(true);
    await emulator.clearFaults();
  });

  it('shows a tenant without application consent as "monitoring not enabled" with the consent step', async () => {
    const fabrikam = await emulator.ssoToken('admin@fabrikam');
    const o = await until('the Fabrikam state', async () => {
      const answer = await overview(server, fabrikam);
      return answer.state === 'not_enabled' ? answer : undefined;
    });
    expect(o.consentUrl).toMatch(new RegExp(`/${tenants.fabrikam.id}/v2.0/adminconsent\\?`));
    expect(o.profiles).toEqual([]);
  });
  it('reads each tenant with at most 1 + ⌈N/20⌉ Graph requests a cycle ($batch counted once)', async () => {
    await emulator.seed(45);
    await cycles(server, admin, 1);
    const since = await emulator.lastSeq();
    await cycles(server, admin, 2);
    const reads = (await emulator.requests(since)).filter(
      (r: RequestLogEntry) =>
        r.service === 'graph' &&
        r.tenantId === tenants.contoso.id &&
        // Reads only: the seeded profiles may well raise alerts of their own.
        !r.path.includes('sendActivityNotification'),
    );
    // Its ids known from the cycle before, each cycle asks for the list and the 45 statuses
    // together: 46 requests in ⌈46/20⌉ = 3 batches (at most 1 + ⌈45/20⌉ = 4).
    expect(reads.filter((r) => !r.inBatch).map((r) => `${r.method} ${r.path}`)).toEqual(
      Array(6).fill('POST /beta/$batch'),
    );
    const lists = reads.filter(
      (r) => r.inBatch && r.method === 'GET' && r.path.includes('synchronizationProfiles?'),
    );
    expect(lists).toHaveLength(2);
    expect(reads.filter((r) => r.inBatch && r.path.endsWith('/profileStatus'))).toHaveLength(90);
  });
});

describe('two instances on one PostgreSQL', () => {
  let postgres: PostgresServer;
  const instances: ServerProcess[] = [];

  beforeAll(async () => {
    // Back to the demo data (the request-count test seeded 45 profiles), with fresh consent and keys.
    await emulator.reset();
    postgres = await startPostgresServer();
    instances.push(
      ...(await Promise.all([
        startServer({ DATABASE_URL: postgres.url }),
        startServer({ DATABASE_URL: postgres.url }),
      ])),
    );
  }, 90_000);

  afterAll(async () => {
    await Promise.all(instances.map((i) => i.stop()));
    await postgres?.destroy();
  });

  it('runs one monitor: one cycle per interval, one alert, and the other instance takes over without repeating it', async () => {
    const [a, b] = instances as [ServerProcess, ServerProcess];
    await until('the first cycle', async () => (await overview(a, admin)).state === 'monitoring');
    expect((await subscribe(b, admin, { ...allProfilesTab, enabled: true, profileId: null })).status).toBe(
      200,
    );
    const sentBefore = (await feed()).length;

    const since = await emulator.lastSeq();
    const started = Date.now();
    await cycles(a, admin, 3);
    const lists = (await emulator.requests(since)).filter(
      (r) =>
        r.service === 'graph' &&
        r.tenantId === tenants.contoso.id &&
        r.method === 'GET' &&
        r.path.includes('synchronizationProfiles?'),
    );
    const intervals = (Date.now() - started) / (INTERVAL_SECONDS * 1000);
    expect(lists.length).toBeLessThanOrEqual(Math.ceil(intervals) + 1);

    const failing = demoProfileIds.contosoInProgressPowerSchool;
    await emulator.finishNextRun(failing, 'quarantined', 1);
    await until('the alert', async () => (await feed()).length === sentBefore + 1);

    // Whichever instance led, one is gone now; the other carries on from the stored state.
    await a.stop();
    instances.splice(0, 1);
    await cycles(b, admin, 2);
    expect(await feed()).toHaveLength(sentBefore + 1);
    await emulator.finishNextRun(failing, 'success');
    await until('the recovery notice', async () => (await feed()).length === sentBefore + 2, 30_000);
    await cycles(b, admin, 1);
    expect(await feed()).toHaveLength(sentBefore + 2);
  });
});
