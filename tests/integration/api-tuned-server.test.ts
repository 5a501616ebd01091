/**
 * Limits that would take minutes or disturb other suites on the shared server, checked on app
 * servers built in this process with createApp and a tightened configuration, against the same
 * started emulator over HTTPS: the per-user rate limit, consent retries, the Graph time budget
 * and per-attempt timeout, and Entra outages.
 */
import https from 'node:https';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { problemSchema, profileDetailSchema, type Problem } from '../../contracts/api';
import { tenants } from '../../emulator/directory';
import { ensureLocalCertificates } from '../../emulator/tls';
import { emulatorServerEnv } from '../../scripts/stack';
import { createApp } from '../../server/app';
import { loadConfig, type Config } from '../../server/config';
import { createDependencies } from '../../server/dependencies';
import { createHistory } from '../../server/history';
import { createLogger } from '../../server/logger';
import { demoProfileIds } from '../../emulator/graph/demo-data';
import { createEmulatorClient, type FaultSpec } from '../support/emulator-client';
import { jsonRequest } from '../support/json-request';

const urls = inject('urls');
const emulator = createEmulatorClient({ entraUrl: urls.entra, graphUrl: urls.graph });
const portOf = (url: string) => Number(new URL(url).port);
const certs = ensureLocalCertificates();
const servers: https.Server[] = [];

/** An app server like the started one, with `env` and `tune` applied to its configuration. */
async function startServer(env: Record<string, string> = {}, tune: Partial<Config> = {}): Promise<string> {
  const base = emulatorServerEnv(
    {
      app: portOf(urls.app),
      entra: portOf(urls.entra),
      graph: portOf(urls.graph),
      teamsHost: portOf(urls.teamsHost),
    },
    certs,
  );
  // Change history in memory: these servers must not write the repository's .local/data.
  const config = { ...loadConfig({ ...base, ...env }), ...tune };
  const deps = createDependencies(config, createLogger('silent'));
  deps.history = createHistory({ kind: 'pglite', dataDir: null }, 'test', createLogger('silent'));
  const app = createApp(config, deps);
  const server = https.createServer(
    { cert: readFileSync(certs.certPath), key: readFileSync(certs.keyPath) },
    app,
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return `https://localhost:${(server.address() as AddressInfo).port}`;
}

type Answer = { status: number; headers: Headers; problem?: Problem };

async function get(
  base: string,
  path: string,
  token: string,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const response = await fetch(`${base}${path}`, {
    headers: { authorization: `Bearer ${token}`, ...headers },
  });
  const body = (await response.json()) as unknown;
  return {
    status: response.status,
    headers: response.headers,
    problem: response.status >= 400 ? problemSchema.parse(body) : undefined,
  };
}

const tokenRequests = async (since: number) =>
  (await emulator.requests(since)).filter((e) => e.path.endsWith('/oauth2/v2.0/token'));

beforeEach(async () => {
  await emulator.reset();
});

afterEach(async () => {
  await emulator.clearFaults();
  await emulator.setEntraOutage(false);
});

afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
});

describe('per-user rate limit', () => {
  it('answers 429 rate_limited with Retry-After once a user passes the limit; others go on', async () => {
    const base = await startServer({ RATE_LIMIT_PER_MINUTE: '3' });
    const admin = await emulator.ssoToken('admin@contoso');
    for (let i = 0; i < 3; i++) expect((await get(base, '/api/me', admin)).status).toBe(200);
    const limited = await get(base, '/api/me', admin);
    expect(limited.status).toBe(429);
    expect(limited.problem?.code).toBe('rate_limited');
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // Another token of the same user is the same user.
    expect((await get(base, '/api/me', await emulator.ssoToken('admin@contoso'))).status).toBe(429);
    expect((await get(base, '/api/me', await emulator.ssoToken('reader@contoso'))).status).toBe(200);
  });
});

describe('right after an admin consented', () => {
  it('tries the exchange again a few times before reporting consent again', async () => {
    const base = await startServer({ OBO_CONSENT_RETRY_MS: '10,20,40' });
    const token = await emulator.ssoToken('admin@fabrikam');

    let since = await emulator.lastSeq();
    expect((await get(base, '/api/profiles', token)).problem?.code).toBe('consent_required');
    expect(await tokenRequests(since)).toHaveLength(1);

    since = await emulator.lastSeq();
    const answer = await get(base, '/api/profiles', token, { 'x-sds-after-consent': '1' });
    expect(answer.problem?.code).toBe('consent_required');
    expect(await tokenRequests(since)).toHaveLength(4);
  });

  it('succeeds as soon as the consent reaches Entra', async () => {
    const base = await startServer({ OBO_CONSENT_RETRY_MS: '500,500,500' });
    const token = await emulator.ssoToken('admin@fabrikam');
    const since = await emulator.lastSeq();
    const pending = get(base, '/api/profiles', token, { 'x-sds-after-consent': '1' });
    // The consent "propagates" once the first exchange has been refused.
    await expect
      .poll(async () => (await tokenRequests(since)).length, { interval: 20, timeout: 5000 })
      .toBeGreaterThanOrEqual(1);
    await emulator.setConsent(tenants.fabrikam.id, true);
    expect((await pending).status).toBe(200);
    const exchanges = await tokenRequests(since);
    expect(exchanges.at(-1)).toMatchObject({ status: 200 });
    expect(exchanges.length).toBeGreaterThanOrEqual(2);
  });
});

describe('the Graph time budget', () => {
  const profilePath = `/api/profiles/${demoProfileIds.contosoHealthyCsv}`;
  const graphPattern = `/education/synchronizationProfiles/${demoProfileIds.contosoHealthyCsv}$`;

  it('does not start a retry whose wait would pass the budget', async () => {
    const base = await startServer({}, { graphBudgetMs: 2500 });
    const admin = await emulator.ssoToken('admin@contoso');
    await emulator.setFaults({ rate: 1, statuses: [503], pathPattern: graphPattern });
    const since = await emulator.lastSeq();
    const answer = await get(base, profilePath, admin);
    expect(answer.status).toBe(503);
    expect(answer.problem).toMatchObject({
      code: 'graph_unavailable',
      graph: { requestId: expect.any(String) },
    });
    // Without Retry-After the first wait is 3–4 s: more than the budget allows, so one attempt only.
    const attempts = (await emulator.requests(since)).filter((e) => e.service === 'graph');
    expect(attempts).toHaveLength(1);
  });

  it('gives up on an attempt Graph takes too long to answer', async () => {
    const base = await startServer({}, { graphBudgetMs: 2000, graphAttemptTimeoutMs: 300 });
    const admin = await emulator.ssoToken('admin@contoso');
    await emulator.setFaults({ rate: 0, latencyMs: 1500, pathPattern: graphPattern } as FaultSpec);
    const since = await emulator.lastSeq();
    const answer = await get(base, profilePath, admin);
    expect(answer.status).toBe(503);
    expect(answer.problem?.code).toBe('graph_unavailable');
    expect(answer.problem?.detail).toMatch(/did not answer within 0\.3 s/);
    // Graph finishes the abandoned request later; wait for it so it lands in this test's log, not the next.
    await expect
      .poll(async () => (await emulator.requests(since)).filter((e) => e.service === 'graph').length, {
        interval: 100,
        timeout: 5000,
      })
      .toBe(1);
  });
});

describe('Entra outages', () => {
  it('reports an unreachable token endpoint as 503 entra_unavailable and recovers after it', async () => {
    const base = await startServer();
    const admin = await emulator.ssoToken('admin@contoso');
    await emulator.setEntraOutage(true);
    const down = await get(base, '/api/profiles', admin);
    expect(down.status).toBe(503);
    expect(down.problem?.code).toBe('entra_unavailable');
    expect(Number(down.headers.get('retry-after'))).toBeGreaterThan(0);

    await emulator.setEntraOutage(false);
    expect((await get(base, '/api/profiles', admin)).status).toBe(200);
  });

  it('cannot check tokens while the signing keys are out of reach, and says so', async () => {
    const base = await startServer();
    const admin = await emulator.ssoToken('admin@contoso');
    await fetch(`${urls.entra}/_emulator/entra/outage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ down: true, endpoints: 'all' }),
    });
    const answer = await get(base, '/api/me', admin);
    expect(answer.status).toBe(503);
    expect(answer.problem?.code).toBe('entra_unavailable');
  });
});

describe('two saves of one profile at once', () => {
  it('lets the second wait SAVE_LOCK_WAIT_MS at most, then answers 503 save_in_progress with Retry-After', async () => {
    const base = await startServer({ SAVE_LOCK_WAIT_MS: '300' });
    const admin = await emulator.ssoToken('admin@contoso');
    const id = demoProfileIds.contosoHealthyCsv;
    const opened = await jsonRequest(`${base}/api/profiles/${id}`, admin);
    const { id: _id, state: _state, ...update } = profileDetailSchema.parse(opened.body).profile;
    // Whichever save takes the lock first re-reads the profile slowly and holds it meanwhile.
    await emulator.setFaults({ rate: 0, latencyMs: 2000, pathPattern: `synchronizationProfiles/${id}$` });
    const since = await emulator.lastSeq();
    const answers = await Promise.all(
      ['First', 'Second'].map((name) =>
        jsonRequest(`${base}/api/profiles/${id}`, admin, {
          method: 'PUT',
          headers: { 'if-match': opened.headers.get('etag')! },
          json: { ...update, displayName: `${name} save` },
        }),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([202, 503]);
    const busy = answers.find((a) => a.status === 503)!;
    expect(problemSchema.parse(busy.body)).toMatchObject({
      code: 'save_in_progress',
      detail: expect.stringMatching(/^Another save of this profile is in progress.*Nothing was changed/),
    });
    expect(Number(busy.headers.get('retry-after'))).toBeGreaterThan(0);
    const puts = (await emulator.requests(since)).filter((e) => e.service === 'graph' && e.method === 'PUT');
    expect(puts).toHaveLength(1);
  });
});
