/**
 * Graph misbehaving under the backend (the emulator's injected faults): throttling and outages
 * are retried out of the tab's sight while they pass, and reported clearly, with Graph's
 * request-id, when they do not. A status Graph cannot give leaves one card without it, not the page.
 */
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { problemSchema, profileDetailSchema, profileListSchema } from '../../contracts/api';
import { demoProfileIds } from '../../emulator/graph/demo-data';
import { createEmulatorClient, type FaultSpec, type RequestLogEntry } from '../support/emulator-client';

const urls = inject('urls');
const emulator = createEmulatorClient({ entraUrl: urls.entra, graphUrl: urls.graph });
const id = demoProfileIds.contosoHealthyCsv;
const profilePattern = `/education/synchronizationProfiles/${id}$`;

type Answer = { status: number; headers: Headers; body: unknown };

async function get(token: string, path: string): Promise<Answer> {
  const response = await fetch(`${urls.app}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

const graphRequestsFor = (entries: RequestLogEntry[], pattern: string) =>
  entries.filter((e) => e.service === 'graph' && new RegExp(pattern).test(e.path.split('?')[0]!));

let admin: string;
beforeEach(async () => {
  await emulator.reset();
  admin = await emulator.ssoToken('admin@contoso');
  // Exchange once up front, so the faults below meet Graph calls only.
  expect((await get(admin, '/api/me')).status).toBe(200);
});

afterEach(async () => {
  await emulator.clearFaults();
});

describe('transient Graph failures', () => {
  it.each([
    ['a 429 with Retry-After', { statuses: [429], retryAfterSeconds: 1 }],
    ['a 503 without Retry-After', { statuses: [503] }],
    ['a 504', { statuses: [504] }],
  ])('retries %s transparently', async (_name, spec) => {
    await emulator.setFaults({ rate: 1, maxFaults: 1, pathPattern: profilePattern, ...spec } as FaultSpec);
    const since = await emulator.lastSeq();
    const answer = await get(admin, `/api/profiles/${id}`);
    expect(answer.status).toBe(200);
    expect(profileDetailSchema.parse(answer.body).profile.id).toBe(id);
    const attempts = graphRequestsFor(await emulator.requests(since), profilePattern);
    expect(attempts.map((a) => [a.status, a.fault ?? false])).toEqual([
      [spec.statuses[0], true],
      [200, false],
    ]);
  });
});

describe('failures that outlast the retries', () => {
  it('reports throttling as 429 graph_throttled with Retry-After and Graph’s request-id', async () => {
    await emulator.setFaults({ rate: 1, statuses: [429], retryAfterSeconds: 1, pathPattern: profilePattern });
    const since = await emulator.lastSeq();
    const answer = await get(admin, `/api/profiles/${id}`);
    expect(answer.status).toBe(429);
    expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
    const problem = problemSchema.parse(answer.body);
    expect(problem).toMatchObject({
      code: 'graph_throttled',
      graph: { code: 'TooManyRequests', requestId: expect.any(String) },
    });
    // One attempt and three retries, each after the Retry-After Graph asked for.
    expect(graphRequestsFor(await emulator.requests(since), profilePattern)).toHaveLength(4);
  });

  it('reports an outage as 503 graph_unavailable with Graph’s request-id', async () => {
    await emulator.setFaults({
      rate: 1,
      statuses: [503],
      retryAfterSeconds: 1,
      retryAfterOn503: true,
      pathPattern: profilePattern,
    } as FaultSpec);
    const answer = await get(admin, `/api/profiles/${id}`);
    expect(answer.status).toBe(503);
    expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(problemSchema.parse(answer.body)).toMatchObject({
      code: 'graph_unavailable',
      graph: { code: 'serviceNotAvailable', requestId: expect.any(String) },
    });
  });

  it('does not retry a failure that will not pass (500) and carries Graph’s words', async () => {
    await emulator.setFaults({ rate: 1, statuses: [500], pathPattern: profilePattern });
    const since = await emulator.lastSeq();
    const answer = await get(admin, `/api/profiles/${id}`);
    expect(answer.status).toBe(502);
    expect(problemSchema.parse(answer.body)).toMatchObject({
      code: 'graph_error',
      graph: { code: 'generalException' },
    });
    expect(graphRequestsFor(await emulator.requests(since), profilePattern)).toHaveLength(1);
  });
});

describe('statuses on the dashboard', () => {
  it('asks again for statuses Graph throttled inside a batch', async () => {
    // One 429 throttles the whole workload for Retry-After (as Graph and Dev Proxy do), so every
    // other status of that batch is refused too, and all of them are asked for again.
    await emulator.setFaults({
      rate: 1,
      maxFaults: 1,
      statuses: [429],
      retryAfterSeconds: 1,
      pathPattern: 'profileStatus$',
    });
    const since = await emulator.lastSeq();
    const answer = await get(admin, '/api/profiles');
    expect(answer.status).toBe(200);
    const { profiles } = profileListSchema.parse(answer.body);
    expect(profiles.every((p) => p.status !== null)).toBe(true);
    const batches = (await emulator.requests(since)).filter((e) => e.path.startsWith('/beta/$batch'));
    expect(batches).toHaveLength(2);
    // The first batch may carry the list too (the ids guessed from an earlier list): it is not throttled.
    const statuses = (batch: (typeof batches)[number]) =>
      batch.batch!.filter((s) => s.url.endsWith('/profileStatus'));
    expect(statuses(batches[0]!).every((s) => s.status === 429)).toBe(true);
    expect(batches[1]!.batch!.every((s) => s.status === 200)).toBe(true);
    expect(batches[1]!.batch).toHaveLength(profiles.length);
  });

  it('leaves the statuses Graph could not give empty, with the reason, and shows the rest', async () => {
    await emulator.setFaults({ rate: 1, maxFaults: 2, statuses: [500], pathPattern: 'profileStatus$' });
    const answer = await get(admin, '/api/profiles');
    expect(answer.status).toBe(200);
    const { profiles } = profileListSchema.parse(answer.body);
    const missing = profiles.filter((p) => p.status === null);
    expect(missing).toHaveLength(2);
    for (const p of missing)
      expect(p.statusProblem).toMatchObject({ code: 'graph_error', detail: expect.stringMatching(/Graph/) });
    expect(profiles.length - missing.length).toBeGreaterThan(0);
    expect(profiles.filter((p) => p.status !== null).every((p) => p.statusProblem === undefined)).toBe(true);
  });
});
