/**
 * JSON batching (`POST /beta/$batch`): up to 20 sub-requests, each answered on its own; each goes
 * through the same token check, permissions, faults and log as a direct call; `dependsOn` is
 * honoured with 424 Failed Dependency.
 */
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { demoProfileIds } from '../../emulator/graph/demo-data';
import { createEmulatorClient } from '../support/emulator-client';

const urls = inject('urls');
const emulator = createEmulatorClient({ entraUrl: urls.entra, graphUrl: urls.graph });
const BATCH = `${urls.graph}/beta/$batch`;
const PROFILES = '/education/synchronizationProfiles';
const healthy = demoProfileIds.contosoHealthyCsv;
const errorProfile = demoProfileIds.contosoErrorOneRoster;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers, checked field by field
type Json = any;
type SubRequest = {
  id: string;
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  dependsOn?: string[];
};

let token: string;

async function batch(requests: SubRequest[] | unknown, auth: string | null = token) {
  const response = await fetch(BATCH, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${auth}` } : {}) },
    body: JSON.stringify({ requests }),
  });
  return { status: response.status, body: (await response.json()) as Json };
}

const byId = (body: Json, id: string) => body.responses.find((r: Json) => r.id === id);

const csvBody = {
  displayName: 'Batched profile',
  dataProvider: { '@odata.type': '#microsoft.graph.educationCsvDataProvider' },
  identitySynchronizationConfiguration: {
    '@odata.type': '#microsoft.graph.educationIdentityCreationConfiguration',
    userDomains: [{ appliesTo: 'student', name: 'students.contoso.edu' }],
  },
};

beforeEach(async () => {
  await emulator.reset();
  token = await emulator.graphToken('admin@contoso');
});

describe('$batch', () => {
  it('answers 200 with each request’s own id, status, headers and body', async () => {
    const answer = await batch([
      { id: 'list', method: 'GET', url: `${PROFILES}?$top=2&$select=id` },
      { id: 'missing', method: 'GET', url: `${PROFILES}/00000000-0000-0000-0000-000000000000` },
      {
        id: 'create',
        method: 'POST',
        url: PROFILES,
        headers: { 'Content-Type': 'application/json' },
        body: csvBody,
      },
      { id: 'delete', method: 'DELETE', url: `${PROFILES}/${demoProfileIds.contosoPausedCsv}` },
      { id: 'status', method: 'get', url: `education/synchronizationProfiles/${healthy}/profileStatus` },
    ]);
    expect(answer.status).toBe(200);
    expect(answer.body.responses.map((r: Json) => [r.id, r.status])).toEqual([
      ['list', 200],
      ['missing', 404],
      ['create', 202],
      ['delete', 202],
      ['status', 200],
    ]);
    const list = byId(answer.body, 'list');
    expect(list.headers).toMatchObject({
      'Content-Type': expect.stringMatching(/^application\/json/),
      'request-id': expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(list.body.value).toHaveLength(2);
    expect(list.body['@odata.nextLink']).toMatch(/\$skip=2$/);
    expect(byId(answer.body, 'missing').body.error.code).toBe('itemNotFound');
    expect(byId(answer.body, 'create').body).toMatchObject({
      displayName: 'Batched profile',
      state: 'provisioning',
    });
    expect(byId(answer.body, 'delete').body).toBeUndefined();
    expect(byId(answer.body, 'status').body.id).toBe(healthy);
  });

  it('takes 20 requests and refuses 21 with a 400 naming the limit', async () => {
    const requests = (n: number) =>
      Array.from({ length: n }, (_, i) => ({
        id: String(i + 1),
        method: 'GET',
        url: `${PROFILES}/${healthy}/profileStatus`,
      }));
    const twenty = await batch(requests(20));
    expect(twenty.status).toBe(200);
    expect(twenty.body.responses.every((r: Json) => r.status === 200)).toBe(true);
    const tooMany = await batch(requests(21));
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error).toMatchObject({ target: 'requests' });
    expect(tooMany.body.error.message).toMatch(/\(21\) exceeds the limit of 20/);
  });

  it('runs a request after the ones it depends on, and answers 424 when one of them failed', async () => {
    const answer = await batch([
      { id: 'after', method: 'POST', url: `${PROFILES}/${healthy}/resume`, dependsOn: ['pause'] },
      { id: 'pause', method: 'POST', url: `${PROFILES}/${healthy}/pause` },
      { id: 'bad', method: 'POST', url: `${PROFILES}/not-there/pause` },
      { id: 'blocked', method: 'POST', url: `${PROFILES}/${errorProfile}/reset`, dependsOn: ['bad'] },
      { id: 'chained', method: 'GET', url: `${PROFILES}/${errorProfile}`, dependsOn: ['blocked'] },
    ]);
    expect(answer.status).toBe(200);
    expect(answer.body.responses.map((r: Json) => [r.id, r.status])).toEqual([
      ['after', 200],
      ['pause', 200],
      ['bad', 404],
      ['blocked', 424],
      ['chained', 424],
    ]);
    expect(byId(answer.body, 'blocked').body.error).toMatchObject({ code: 'failedDependency' });
    expect(byId(answer.body, 'blocked').body.error.message).toMatch(
      /request 'bad', which it depends on, failed with status 404/,
    );
    // The reset did not run: the error profile still has its errors.
    const status = await fetch(`${urls.graph}/beta${PROFILES}/${errorProfile}/profileStatus`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(((await status.json()) as Json).errorCount).toBe(14);
  });

  it('checks permissions per request, with the batch’s token', async () => {
    const reader = await emulator.graphToken('reader@contoso');
    const answer = await batch(
      [
        { id: 'read', method: 'GET', url: `${PROFILES}/${healthy}` },
        { id: 'write', method: 'POST', url: `${PROFILES}/${healthy}/pause` },
      ],
      reader,
    );
    expect(answer.body.responses.map((r: Json) => r.status)).toEqual([200, 403]);
  });

  it('refuses the whole batch without a valid token', async () => {
    const answer = await batch([{ id: '1', method: 'GET', url: PROFILES }], null);
    expect(answer.status).toBe(401);
    expect(answer.body.error.code).toBe('InvalidAuthenticationToken');
  });

  it('gives a sub-request with a body but no Content-Type its own 415', async () => {
    const answer = await batch([{ id: 'create', method: 'POST', url: PROFILES, body: csvBody }]);
    expect(answer.status).toBe(200);
    expect(byId(answer.body, 'create').status).toBe(415);
  });

  it('passes each sub-request’s Prefer header on', async () => {
    await batch([{ id: 'reset', method: 'POST', url: `${PROFILES}/${healthy}/reset` }]);
    const answer = await batch([
      {
        id: 'preferred',
        method: 'GET',
        url: `${PROFILES}/${healthy}/profileStatus`,
        headers: { Prefer: 'include-unknown-enum-members' },
      },
      { id: 'plain', method: 'GET', url: `${PROFILES}/${healthy}/profileStatus` },
    ]);
    expect(byId(answer.body, 'preferred').body.status).toBe('extracting');
    expect(byId(answer.body, 'preferred').headers['Preference-Applied']).toBe('include-unknown-enum-members');
    expect(byId(answer.body, 'plain').body.status).toBe('unknownFutureValue');
  });

  it.each([
    [
      [{ id: '1', method: 'GET', url: `https://graph.microsoft.com/beta${PROFILES}` }],
      'requests.0.url',
      /must be relative/,
    ],
    [
      [
        { id: '1', method: 'GET', url: PROFILES },
        { id: '1', method: 'GET', url: PROFILES },
      ],
      'requests.1.id',
      /more than once/,
    ],
    [
      [{ id: '1', method: 'GET', url: PROFILES, dependsOn: ['9'] }],
      'requests.0.dependsOn',
      /'9', which is not another request/,
    ],
    [
      [
        { id: 'a', method: 'GET', url: PROFILES, dependsOn: ['b'] },
        { id: 'b', method: 'GET', url: PROFILES, dependsOn: ['a'] },
      ],
      'requests',
      /cycle/,
    ],
    [
      [{ id: '1', method: 'HEAD', url: PROFILES }],
      'requests.0.method',
      /must be GET, POST, PUT, PATCH or DELETE/,
    ],
    [[], 'requests', /at least one request/],
  ])('refuses a malformed batch with a 400 naming the field (%#)', async (requests, target, message) => {
    const answer = await batch(requests);
    expect(answer.status).toBe(400);
    expect(answer.body.error.target).toBe(target);
    expect(answer.body.error.message).toMatch(message);
  });

  it('logs the batch with its sub-requests, and each sub-request as a Graph request of its own', async () => {
    // A marker parameter (Graph ignores parameters without $) singles out this test's requests.
    const marker = '?test=batch-log';
    const since = await emulator.lastSeq();
    await fetch(`${BATCH}${marker}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        requests: [
          { id: '1', method: 'GET', url: `${PROFILES}/${healthy}${marker}` },
          { id: '2', method: 'POST', url: `${PROFILES}/${healthy}/pause${marker}` },
        ],
      }),
    });
    const logged = (await emulator.requests(since)).filter((r) => r.path.endsWith(marker));
    expect(logged.map((r) => [r.service, r.method, r.path, r.status])).toEqual([
      ['graph', 'GET', `/beta${PROFILES}/${healthy}${marker}`, 200],
      ['graph', 'POST', `/beta${PROFILES}/${healthy}/pause${marker}`, 200],
      ['graph', 'POST', `/beta/$batch${marker}`, 200],
    ]);
    expect(logged[2]!.batch).toEqual([
      { method: 'GET', url: `${PROFILES}/${healthy}${marker}`, status: 200 },
      { method: 'POST', url: `${PROFILES}/${healthy}/pause${marker}`, status: 200 },
    ]);
    expect(logged.every((r) => r.persona === 'admin@contoso')).toBe(true);
  });

  it('meets faults per sub-request, while the batch itself answers 200', async () => {
    await emulator.setFaults({ rate: 1, statuses: [503], pathPattern: '/errors', seed: 3 });
    const answer = await batch([
      { id: 'status', method: 'GET', url: `${PROFILES}/${errorProfile}/profileStatus` },
      { id: 'errors', method: 'GET', url: `${PROFILES}/${errorProfile}/errors` },
    ]);
    expect(answer.status).toBe(200);
    expect(answer.body.responses.map((r: Json) => r.status)).toEqual([200, 503]);
    expect(byId(answer.body, 'errors').body.error.code).toBe('serviceNotAvailable');

    await emulator.setFaults({ rate: 1, statuses: [500], seed: 3 });
    const everything = await batch([
      { id: '1', method: 'GET', url: PROFILES },
      { id: '2', method: 'GET', url: PROFILES },
    ]);
    expect(everything.status).toBe(200);
    expect(everything.body.responses.map((r: Json) => r.status)).toEqual([500, 500]);
  });
});
