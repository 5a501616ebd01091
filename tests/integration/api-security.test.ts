/**
 * The started app server's HTTP hygiene over real HTTPS: the headers Teams needs to frame the tab
 * and nothing that would let another origin use the API, body limits, public config and health.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { healthSchema, MAX_JSON_BODY_BYTES, problemSchema, tabConfigSchema } from '../../contracts/api';
import { demoApp } from '../../emulator/directory';
import { demoProfileIds } from '../../emulator/graph/demo-data';
import { LATEST_SCHEMA_VERSION } from '../../server/history/database';
import { createEmulatorClient } from '../support/emulator-client';

const urls = inject('urls');
const emulator = createEmulatorClient({ entraUrl: urls.entra, graphUrl: urls.graph });
const profileUrl = `${urls.app}/api/profiles/${demoProfileIds.contosoHealthyCsv}`;

let admin: string;
beforeAll(async () => {
  await emulator.reset();
  admin = await emulator.ssoToken('admin@contoso');
});

describe('headers', () => {
  it.each(['/tab', '/auth-start.html', '/auth-end.html', '/api/config'])(
    '%s may be framed by Teams and the local Teams host, with no X-Frame-Options and no COOP',
    async (path) => {
      const response = await fetch(`${urls.app}${path}`, { headers: { accept: 'text/html' } });
      const csp = response.headers.get('content-security-policy') ?? '';
      const frameAncestors = /frame-ancestors ([^;]+)/.exec(csp)?.[1]?.split(' ') ?? [];
      expect(frameAncestors).toEqual(
        expect.arrayContaining([
          "'self'",
          'teams.microsoft.com',
          '*.teams.microsoft.com',
          '*.cloud.microsoft',
          urls.teamsHost,
        ]),
      );
      expect(response.headers.get('x-frame-options')).toBeNull();
      expect(response.headers.get('cross-origin-opener-policy')).toBeNull();
      expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    },
  );

  it('gives no other origin access to the API (no CORS)', async () => {
    const evil = { origin: 'https://evil.example' };
    const preflight = await fetch(`${urls.app}/api/profiles`, {
      method: 'OPTIONS',
      headers: {
        ...evil,
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization',
      },
    });
    const simple = await fetch(`${urls.app}/api/profiles`, {
      headers: { ...evil, authorization: `Bearer ${admin}` },
    });
    for (const response of [preflight, simple]) {
      expect([...response.headers.keys()].filter((h) => h.startsWith('access-control-'))).toEqual([]);
    }
  });
});

describe('request bodies', () => {
  const put = (body: string, headers: Record<string, string> = {}) =>
    fetch(profileUrl, {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${admin}`,
        'content-type': 'application/json',
        'if-match': '"x"',
        ...headers,
      },
      body,
    });

  it('refuses a body over the shared limit with 413 payload_too_large', async () => {
    const response = await put(JSON.stringify({ displayName: 'x'.repeat(MAX_JSON_BODY_BYTES + 1) }));
    expect(response.status).toBe(413);
    expect(problemSchema.parse(await response.json()).code).toBe('payload_too_large');
  });

  it('refuses malformed JSON with 400 malformed_json', async () => {
    const response = await put('{"displayName": "unterminated');
    expect(response.status).toBe(400);
    expect(problemSchema.parse(await response.json()).code).toBe('malformed_json');
  });

  it('wants If-Match before anything is read or written (428)', async () => {
    const since = await emulator.lastSeq();
    const response = await fetch(profileUrl, {
      method: 'PUT',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(428);
    const problem = problemSchema.parse(await response.json());
    expect(problem).toMatchObject({
      code: 'precondition_required',
      requestId: response.headers.get('x-request-id'),
    });
    expect((await emulator.requests(since)).filter((e) => e.service === 'graph')).toEqual([]);
  });
});

describe('public endpoints', () => {
  it('serves the tab configuration', async () => {
    const response = await fetch(`${urls.app}/api/config`);
    expect(response.status).toBe(200);
    expect(tabConfigSchema.parse(await response.json())).toMatchObject({
      teamsHostOrigins: [urls.teamsHost],
      clientId: demoApp.clientId,
      authorityHost: urls.entra,
    });
  });

  it('reports health with Entra and Graph both answering, state kept in this one instance and history in its PGlite', async () => {
    const response = await fetch(`${urls.app}/api/health`);
    expect(response.status).toBe(200);
    const latencyMs = expect.any(Number);
    expect(healthSchema.parse(await response.json())).toEqual({
      status: 'ok',
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      sharedState: 'memory',
      database: 'pglite',
      checkedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      checks: {
        entra: { ok: true, detail: expect.stringMatching(/^\d+ signing keys?$/), latencyMs },
        graph: { ok: true, latencyMs },
        sharedState: { ok: true, detail: 'in memory: this instance only', latencyMs },
        database: {
          ok: true,
          detail: `PGlite (embedded), schema version ${LATEST_SCHEMA_VERSION}`,
          latencyMs,
        },
      },
    });
  });

  it('answers an unknown API with a 404 problem', async () => {
    const response = await fetch(`${urls.app}/api/profiles/${demoProfileIds.contosoHealthyCsv}/delete`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(response.status).toBe(404);
    expect(problemSchema.parse(await response.json()).code).toBe('not_found');
  });
});
