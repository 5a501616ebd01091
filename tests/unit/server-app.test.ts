/**
 * The app's HTTP behaviour that needs neither Entra nor Graph: headers, problems, body limits,
 * preconditions, rate limits, the static tab. The token validator and on-behalf-of are injected
 * fakes (the app takes them as dependencies); the app itself runs for real on a loopback port.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  MAX_JSON_BODY_BYTES,
  meSchema,
  problemSchema,
  tabConfigSchema,
  type Problem,
} from '../../contracts/api';
import { directoryRoleIds } from '../../contracts/identity';
import { createApp, type AppDependencies } from '../../server/app';
import type { AuthContext } from '../../server/auth/types';
import { loadConfig, type Config } from '../../server/config';
import { unauthorized } from '../../server/errors';
import { createHealthMonitor, IMPACT } from '../../server/health';
import { createHistory } from '../../server/history';
import { createLogger } from '../../server/logger';
import { createMemorySharedState } from '../../server/sharedState/memory';
import { precompress } from '../../scripts/precompress';

const TENANT = 'c0a70de5-0000-4000-8000-000000000001';
const PROFILE_ID = '86904b1e-c7d0-4ead-b13a-98f11fc400ee';
/** Looks like a JWT so a leak into the logs would be obvious. */
const ADMIN_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.admin-token-body.signature-part';

const people: Record<string, AuthContext> = {
  [ADMIN_TOKEN]: person('a0000000-0000-4000-8000-00000000c001', 'Megan Bowen', [
    directoryRoleIds.globalAdministrator,
  ]),
  'reader-token': person('a0000000-0000-4000-8000-00000000c002', 'Alex Wilber', [
    directoryRoleIds.globalReader,
  ]),
  'teacher-token': person('a0000000-0000-4000-8000-00000000c003', 'Lidia Holloway', []),
};

function person(objectId: string, displayName: string, directoryRoles: string[]): AuthContext {
  return {
    tenantId: TENANT,
    objectId,
    displayName,
    userPrincipalName: `${displayName.split(' ')[0]!.toLowerCase()}@contoso.edu`,
    directoryRoles,
    clientAppId: '1fec8e78-bce4-4aaf-ab1b-5451cc387264',
    tokenVersion: '2.0',
    assertion: '',
  };
}

type Running = { url: string; logs: string[]; oboCalls: number; close: () => Promise<void> };
const running: Running[] = [];
const tempDirs: string[] = [];

function configWith(env: Record<string, string> = {}): Config {
  return loadConfig({
    AAD_APP_CLIENT_ID: '5d50f10e-0000-4000-8000-00000000a991',
    AAD_APP_TENANT_ID: TENANT,
    SECRET_AAD_APP_CLIENT_SECRET: 'secret',
    TAB_ENDPOINT: 'https://localhost:53000',
    TAB_DOMAIN: 'localhost:53000',
    AAD_APP_OAUTH_AUTHORITY_HOST: 'https://localhost:53100',
    TEAMS_HOST_ORIGINS: 'https://localhost:53102',
    LOG_LEVEL: 'debug',
    ...env,
  });
}

async function start(options: { env?: Record<string, string>; tabDir?: string } = {}): Promise<Running> {
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(chunk.toString());
      done();
    },
  });
  const state = { oboCalls: 0 };
  const sharedState = createMemorySharedState();
  const deps: AppDependencies = {
    logger: createLogger('debug', sink),
    sharedState,
    // Opened on first use only: these tests never reach a save.
    history: createHistory({ kind: 'pglite', dataDir: null }, '9.9.9', createLogger('silent')),
    tokenValidator: {
      async validate(token) {
        const auth = people[token];
        if (!auth) throw unauthorized('invalid_token', 'The token signature does not verify.');
        return { ...auth, assertion: token };
      },
    },
    graphTokens: {
      async graphToken() {
        state.oboCalls++;
        throw new Error('these tests never reach Graph');
      },
    },
    health: createHealthMonitor(
      '9.9.9',
      {
        entra: async () => ({ ok: true }),
        graph: async () => ({ ok: false, detail: 'unreachable (test)' }),
      },
      sharedState,
      { engine: 'postgres', check: async () => ({ ok: true, detail: 'PostgreSQL at db.example:5432' }) },
    ),
    tabDir: options.tabDir ?? path.join(tmpdir(), 'sds-no-such-tab-dir'),
    version: '9.9.9',
  };
  const server = http.createServer(createApp(configWith(options.env), deps));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const handle: Running = {
    url: `http://127.0.0.1:${port}`,
    logs,
    get oboCalls() {
      return state.oboCalls;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  running.push(handle);
  return handle;
}

async function problemOf(response: Response): Promise<Problem> {
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const problem = problemSchema.parse(await response.json());
  expect(problem.requestId).toBe(response.headers.get('x-request-id'));
  return problem;
}

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

let app: Running;
beforeAll(async () => {
  app = await start();
});
afterAll(async () => {
  await Promise.all(running.map((r) => r.close()));
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

describe('public endpoints', () => {
  it('serves the tab configuration without sign-in', async () => {
    const response = await fetch(`${app.url}/api/config`);
    expect(response.status).toBe(200);
    expect(tabConfigSchema.parse(await response.json())).toEqual({
      teamsHostOrigins: ['https://localhost:53102'],
      clientId: '5d50f10e-0000-4000-8000-00000000a991',
      version: '9.9.9',
      authorityHost: 'https://localhost:53100',
    });
  });

  it('reports health with each dependency and stays 200 when degraded', async () => {
    const response = await fetch(`${app.url}/api/health`);
    expect(response.status).toBe(200);
    const latencyMs = expect.any(Number);
    expect(await response.json()).toEqual({
      status: 'degraded',
      version: '9.9.9',
      sharedState: 'memory',
      database: 'postgres',
      checkedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT[\d:.]+Z$/),
      checks: {
        entra: { ok: true, latencyMs },
        graph: { ok: false, detail: 'unreachable (test)', latencyMs, impact: IMPACT.graph },
        sharedState: { ok: true, detail: 'in memory: this instance only', latencyMs },
        database: { ok: true, detail: 'PostgreSQL at db.example:5432', latencyMs },
      },
    });
  });
});

describe('security headers', () => {
  it('lets Teams and the configured host frame the tab, without X-Frame-Options or COOP', async () => {
    for (const url of [`${app.url}/api/config`, `${app.url}/tab`, `${app.url}/auth-start.html`]) {
      const response = await fetch(url, { headers: { accept: 'text/html' } });
      const csp = response.headers.get('content-security-policy') ?? '';
      const frameAncestors = /frame-ancestors ([^;]+)/.exec(csp)?.[1]?.split(' ') ?? [];
      expect(frameAncestors).toEqual(
        expect.arrayContaining([
          "'self'",
          'teams.microsoft.com',
          '*.teams.microsoft.com',
          '*.cloud.microsoft',
          'https://localhost:53102',
        ]),
      );
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("base-uri 'none'");
      expect(csp).toContain("connect-src 'self' https://res.cdn.office.net");
      expect(response.headers.get('x-frame-options')).toBeNull();
      expect(response.headers.get('cross-origin-opener-policy')).toBeNull();
    }
  });

  it('answers no cross-origin request with CORS headers', async () => {
    const simple = await fetch(`${app.url}/api/me`, {
      headers: { origin: 'https://evil.example', ...auth(ADMIN_TOKEN) },
    });
    const preflight = await fetch(`${app.url}/api/me`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
    });
    for (const response of [simple, preflight]) {
      expect([...response.headers.keys()].filter((name) => name.startsWith('access-control-'))).toEqual([]);
    }
  });

  it('marks API answers as not storable', async () => {
    const response = await fetch(`${app.url}/api/me`, { headers: auth(ADMIN_TOKEN) });
    expect(response.headers.get('cache-control')).toBe('no-store');
  });
});

describe('sign-in', () => {
  it('refuses a request without a token with 401, WWW-Authenticate and a problem', async () => {
    const response = await fetch(`${app.url}/api/me`);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(
      /^Bearer error="invalid_token", error_description="/,
    );
    expect((await problemOf(response)).code).toBe('invalid_token');
  });

  it('refuses a header that is not a bearer token', async () => {
    const response = await fetch(`${app.url}/api/me`, { headers: { authorization: `Basic ${ADMIN_TOKEN}` } });
    expect((await problemOf(response)).detail).toMatch(/Bearer <token>/);
  });

  it('passes the validator verdict on', async () => {
    const response = await fetch(`${app.url}/api/profiles`, { headers: auth('forged') });
    expect(response.status).toBe(401);
    expect((await problemOf(response)).detail).toBe('The token signature does not verify.');
    expect(app.oboCalls).toBe(0);
  });

  it.each([
    ['an admin', ADMIN_TOKEN, true, true, false],
    ['a reader', 'reader-token', true, false, true],
    ['a teacher', 'teacher-token', false, false, true],
  ])('tells the tab what %s may do', async (_who, token, canRead, canWrite, restricted) => {
    const response = await fetch(`${app.url}/api/me`, { headers: auth(token) });
    const me = meSchema.parse(await response.json());
    expect(me).toMatchObject({ canRead, canWrite, tenantId: TENANT, objectId: people[token]!.objectId });
    expect(me.restriction !== undefined).toBe(restricted);
  });
});

describe('requests refused before Graph is asked', () => {
  const put = (body: string, headers: Record<string, string> = {}) =>
    fetch(`${app.url}/api/profiles/${PROFILE_ID}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'if-match': '"abc"', ...auth(ADMIN_TOKEN), ...headers },
      body,
    });

  afterEach(() => {
    expect(app.oboCalls).toBe(0);
  });

  it('needs If-Match on PUT (428) and refuses If-Match: *', async () => {
    const missing = await fetch(`${app.url}/api/profiles/${PROFILE_ID}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', ...auth(ADMIN_TOKEN) },
      body: '{}',
    });
    expect(missing.status).toBe(428);
    expect((await problemOf(missing)).code).toBe('precondition_required');
    const star = await put('{}', { 'if-match': '*' });
    expect(star.status).toBe(428);
  });

  it('answers malformed JSON with 400 malformed_json', async () => {
    const response = await put('{"displayName": ');
    expect(response.status).toBe(400);
    expect((await problemOf(response)).code).toBe('malformed_json');
  });

  it('answers a body over the limit with 413', async () => {
    const response = await put(JSON.stringify({ displayName: 'x'.repeat(MAX_JSON_BODY_BYTES) }));
    expect(response.status).toBe(413);
    expect((await problemOf(response)).code).toBe('payload_too_large');
  });

  it('names each invalid field of a profile update', async () => {
    const response = await put(
      JSON.stringify({ displayName: '', dataProvider: { '@odata.type': '#microsoft.graph.nope' } }),
    );
    expect(response.status).toBe(400);
    const problem = await problemOf(response);
    expect(problem.code).toBe('validation_failed');
    expect(problem.fields?.map((f) => f.path)).toEqual(
      expect.arrayContaining([
        'displayName',
        'dataProvider.@odata.type',
        'identitySynchronizationConfiguration',
      ]),
    );
  });

  it('needs a JSON object', async () => {
    const response = await put('[1,2]');
    expect((await problemOf(response)).code).toBe('validation_failed');
    const noType = await put('{}', { 'content-type': 'text/plain' });
    expect((await problemOf(noType)).detail).toMatch(/application\/json/);
  });

  it.each(['/api/profiles/not-a-guid', '/api/profiles/1234/status', '/api/profiles/x/errors'])(
    'names a malformed profile id in %s',
    async (route) => {
      const response = await fetch(`${app.url}${route}`, { headers: auth(ADMIN_TOKEN) });
      expect(response.status).toBe(400);
      const problem = await problemOf(response);
      expect(problem.fields).toEqual([{ path: 'id', message: expect.stringMatching(/GUID/) }]);
    },
  );

  it('validates the paging of sync errors', async () => {
    const response = await fetch(`${app.url}/api/profiles/${PROFILE_ID}/errors?top=1000&skip=-1`, {
      headers: auth(ADMIN_TOKEN),
    });
    expect(response.status).toBe(400);
    expect((await problemOf(response)).fields?.map((f) => f.path).sort()).toEqual(['skip', 'top']);
  });

  it('answers an unknown API with a 404 problem', async () => {
    const response = await fetch(`${app.url}/api/nothing-here`, { headers: auth(ADMIN_TOKEN) });
    expect(response.status).toBe(404);
    expect(await problemOf(response)).toMatchObject({
      code: 'not_found',
      detail: 'There is no API at GET /api/nothing-here.',
    });
  });
});

describe('per-user rate limit', () => {
  it('limits each user separately and says when to come back', async () => {
    const limited = await start({ env: { RATE_LIMIT_PER_MINUTE: '2' } });
    const me = (token: string) => fetch(`${limited.url}/api/me`, { headers: auth(token) });
    expect((await me(ADMIN_TOKEN)).status).toBe(200);
    expect((await me(ADMIN_TOKEN)).status).toBe(200);
    const third = await me(ADMIN_TOKEN);
    expect(third.status).toBe(429);
    const retryAfter = Number(third.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await problemOf(third)).toMatchObject({ code: 'rate_limited', retryAfterSeconds: retryAfter });
    expect((await me('reader-token')).status).toBe(200);
  });
});

describe('request ids and logs', () => {
  it('puts the request id on every log line and never logs the token', async () => {
    const response = await fetch(`${app.url}/api/me`, {
      headers: { ...auth(ADMIN_TOKEN), 'x-request-id': 'support-case-12345' },
    });
    expect(response.headers.get('x-request-id')).toBe('support-case-12345');
    const forged = await fetch(`${app.url}/api/me`, {
      headers: { ...auth('forged'), 'x-request-id': 'bad id; <script>' },
    });
    const forgedId = forged.headers.get('x-request-id');
    expect(forgedId).toMatch(/^[0-9a-f-]{36}$/);

    const lines = app.logs.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.filter((l) => l.requestId === 'support-case-12345').length).toBeGreaterThan(0);
    expect(lines.some((l) => l.requestId === forgedId && l.msg === 'token rejected')).toBe(true);
    expect(app.logs.join('\n')).not.toContain('admin-token-body');
    expect(app.logs.join('\n')).not.toContain('forged');
  });
});

describe('the built tab', () => {
  function tabDir(): string {
    const dir = mkdtempSync(path.join(tmpdir(), 'sds-tab-'));
    tempDirs.push(dir);
    mkdirSync(path.join(dir, 'assets'));
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>index</title>');
    writeFileSync(path.join(dir, 'privacy.html'), '<!doctype html><title>privacy</title>');
    writeFileSync(path.join(dir, 'terms.html'), '<!doctype html><title>terms</title>');
    writeFileSync(path.join(dir, 'auth-start.html'), '<!doctype html><title>auth start</title>');
    writeFileSync(path.join(dir, 'auth-end.html'), '<!doctype html><title>auth end</title>');
    writeFileSync(path.join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
    return dir;
  }

  it('serves pages, app routes and long-cached assets', async () => {
    const tab = await start({ tabDir: tabDir() });
    const get = (route: string) => fetch(`${tab.url}${route}`, { headers: { accept: 'text/html' } });
    for (const [route, title] of [
      ['/', 'index'],
      ['/tab', 'index'],
      ['/config', 'index'],
      ['/privacy', 'privacy'],
      ['/terms', 'terms'],
      ['/auth-start.html', 'auth start'],
      ['/auth-end.html', 'auth end'],
    ] as const) {
      const response = await get(route);
      expect(response.status, route).toBe(200);
      expect(await response.text(), route).toContain(`<title>${title}</title>`);
      expect(response.headers.get('cache-control'), route).toBe('no-cache');
    }
    const asset = await get('/assets/index-abc123.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const missing = await get('/assets/gone.js');
    expect(missing.status).toBe(404);
  });

  it('sends an asset compressed as the browser accepts it: brotli, gzip, or plain', async () => {
    const dir = tabDir();
    const script = `export const words = ${JSON.stringify('a school roster '.repeat(400))};\n`;
    writeFileSync(path.join(dir, 'assets', 'shell-abc123.js'), script);
    precompress(dir, ['assets/shell-abc123.js', 'assets/index-abc123.js']);
    // Too small to be worth it: no copies.
    expect(existsSync(path.join(dir, 'assets', 'index-abc123.js.br'))).toBe(false);
    const tab = await start({ tabDir: dir });
    const raw = (route: string, acceptEncoding?: string) =>
      new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
        const request = http.get(
          `${tab.url}${route}`,
          { headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding } },
          (response) => {
            const chunks: Buffer[] = [];
            response.on('data', (chunk: Buffer) => chunks.push(chunk));
            response.on('end', () =>
              resolve({
                status: response.statusCode!,
                headers: response.headers,
                body: Buffer.concat(chunks),
              }),
            );
          },
        );
        request.on('error', reject);
      });
    const decoded = {
      br: (body: Buffer) => brotliDecompressSync(body).toString(),
      gzip: (body: Buffer) => gunzipSync(body).toString(),
      plain: (body: Buffer) => body.toString(),
    };
    for (const [acceptEncoding, encoding] of [
      ['gzip, deflate, br, zstd', 'br'],
      ['gzip', 'gzip'],
      ['br;q=0, gzip;q=0.8', 'gzip'],
      ['identity', 'plain'],
      [undefined, 'plain'],
      ['br;q=0, gzip;q=0', 'plain'],
      ['*', 'br'],
      ['br;q=0.5, gzip', 'gzip'],
      ['br;q=oops, gzip', 'gzip'],
    ] as const) {
      const answer = await raw('/assets/shell-abc123.js', acceptEncoding);
      expect(answer.status, acceptEncoding).toBe(200);
      expect(answer.headers['content-encoding'], acceptEncoding).toBe(
        encoding === 'plain' ? undefined : encoding,
      );
      expect(answer.headers['content-type'], acceptEncoding).toBe('text/javascript; charset=utf-8');
      expect(answer.headers['cache-control'], acceptEncoding).toBe('public, max-age=31536000, immutable');
      expect(answer.headers.vary, acceptEncoding).toMatch(/accept-encoding/i);
      expect(decoded[encoding](answer.body), acceptEncoding).toBe(script);
      if (encoding !== 'plain') expect(answer.body.length).toBeLessThan(script.length / 4);
    }
    // A small asset has no copy and goes plain; a missing one is still a 404, and a path out of
    // the folder finds no copy to send.
    const small = await raw('/assets/index-abc123.js', 'br');
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(small.body.toString()).toBe('console.log(1)');
    expect((await raw('/assets/gone.js', 'br')).status).toBe(404);
    expect((await raw('/assets/..%2Findex.html', 'br')).status).not.toBe(200);
  });

  it('says to run the build when dist/tab is missing', async () => {
    const response = await fetch(`${app.url}/tab`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(503);
    expect(await response.text()).toContain('npm run build');
  });
});

describe('health checks', () => {
  it('asks Entra, Graph and the database at most once per cache period', async () => {
    let probes = 0;
    let databaseProbes = 0;
    const monitor = createHealthMonitor(
      '1.0.0',
      {
        entra: async () => {
          probes++;
          return { ok: true };
        },
        graph: async () => ({ ok: true }),
      },
      createMemorySharedState(),
      {
        engine: 'pglite',
        check: async () => {
          databaseProbes++;
          return { ok: true };
        },
      },
      60_000,
    );
    const [first, second] = await Promise.all([monitor.check(), monitor.check()]);
    const third = await monitor.check();
    expect(third.status).toBe('ok');
    expect(probes).toBe(1);
    expect(databaseProbes).toBe(1);
    // The answer says how old it is: all three are the same round.
    expect(new Set([first.checkedAt, second.checkedAt, third.checkedAt]).size).toBe(1);
  });

  it('names what a failing dependency breaks, and counts a probe that throws as down', async () => {
    const monitor = createHealthMonitor(
      '1.0.0',
      {
        entra: async () => {
          throw new Error('socket hang up');
        },
        graph: async () => ({ ok: true }),
      },
      { kind: 'redis', check: async () => ({ ok: false, detail: 'Redis unreachable' }) },
      {
        engine: 'postgres',
        check: async () => {
          throw new Error('Connection terminated unexpectedly');
        },
      },
      0,
    );
    const health = await monitor.check();
    expect(health.status).toBe('degraded');
    expect(health.checks.entra).toMatchObject({ ok: false, detail: 'socket hang up', impact: IMPACT.entra });
    expect(health.checks.sharedState).toMatchObject({ ok: false, impact: IMPACT.sharedState });
    expect(health.checks.database).toMatchObject({
      ok: false,
      detail: 'Connection terminated unexpectedly',
      impact: IMPACT.database,
    });
    expect(health.checks.graph.impact).toBeUndefined();
  });
});
