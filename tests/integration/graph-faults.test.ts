/**
 * Dev Proxy–style faults (`POST /_emulator/faults`): seeded and deterministic, Retry-After on
 * 429 with workload-wide enforcement, logged with `fault: true`, cleared by DELETE and reset,
 * and never applied to the control API.
 */
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { demoProfileIds } from '../../emulator/graph/demo-data';
import { createEmulatorClient, type FaultSpec } from '../support/emulator-client';

const urls = inject('urls');
const emulator = createEmulatorClient({ entraUrl: urls.entra, graphUrl: urls.graph });
const BETA = `${urls.graph}/beta`;
const PROFILES = '/education/synchronizationProfiles';
const STATUS = `${PROFILES}/${demoProfileIds.contosoHealthyCsv}/profileStatus`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers, checked field by field
type Json = any;

let token: string;

async function get(path: string) {
  const response = await fetch(`${BETA}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Json };
}

/**
 * Statuses of `n` requests that only this file sends: the marker parameter (ignored by Graph) is
 * what pathPattern matches, so no other traffic can roll the same dice.
 */
async function statusSequence(spec: FaultSpec, n: number): Promise<number[]> {
  await emulator.setFaults({ ...spec, pathPattern: 'sequence=faults-test' });
  const statuses: number[] = [];
  for (let i = 0; i < n; i++) statuses.push((await get(`${STATUS}?sequence=faults-test`)).status);
  return statuses;
}

beforeEach(async () => {
  await emulator.reset();
  token = await emulator.graphToken('admin@contoso');
});

describe('determinism', () => {
  // 429 is left out: its Retry-After enforcement depends on how fast the requests come.
  const spec = { rate: 0.5, statuses: [500, 502, 503, 504], seed: 20261122 };

  it('the same seed and the same requests give the same statuses', async () => {
    const first = await statusSequence(spec, 30);
    const second = await statusSequence(spec, 30);
    expect(second).toEqual(first);
    expect(first.filter((s) => s === 200).length).toBeGreaterThan(3);
    expect(first.filter((s) => s !== 200).length).toBeGreaterThan(3);
  });

  it('a different seed gives a different sequence', async () => {
    const first = await statusSequence(spec, 30);
    expect(await statusSequence({ ...spec, seed: 7 }, 30)).not.toEqual(first);
  });
});

describe('fault answers', () => {
  it('a 429 carries Retry-After and Graph’s throttling body, and is logged as a fault', async () => {
    await emulator.setFaults({ rate: 1, statuses: [429], retryAfterSeconds: 2, maxFaults: 1, seed: 1 });
    const since = await emulator.lastSeq();
    const answer = await get(STATUS);
    expect(answer.status).toBe(429);
    expect(answer.headers.get('retry-after')).toBe('2');
    expect(answer.body.error).toMatchObject({
      code: 'TooManyRequests',
      message: 'Please retry again later.',
      innerError: { code: '429', message: 'Please retry after', status: '429' },
    });
    const [logged] = (await emulator.requests(since)).filter((r) => r.path === `/beta${STATUS}`);
    expect(logged).toMatchObject({
      status: 429,
      fault: true,
      persona: 'admin@contoso',
      path: `/beta${STATUS}`,
    });
  });

  it('calling the workload again before Retry-After has passed is throttled again', async () => {
    await emulator.setFaults({ rate: 1, statuses: [429], retryAfterSeconds: 30, maxFaults: 1, seed: 1 });
    expect((await get(STATUS)).status).toBe(429);
    // Another education URL is throttled too: Dev Proxy keys throttling by workload.
    expect((await get(PROFILES)).status).toBe(429);
    await emulator.advanceClock(30);
    expect((await get(PROFILES)).status).toBe(200);
  });

  it('5xx answers carry no Retry-After, except 503 when asked for', async () => {
    await emulator.setFaults({ rate: 1, statuses: [500, 502, 503, 504], seed: 9 });
    for (let i = 0; i < 8; i++) {
      const answer = await get(STATUS);
      expect([500, 502, 503, 504]).toContain(answer.status);
      expect(answer.headers.get('retry-after')).toBeNull();
    }
    await emulator.setFaults({
      rate: 1,
      statuses: [503],
      retryAfterOn503: true,
      retryAfterSeconds: 4,
      seed: 9,
    });
    const answer = await get(STATUS);
    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).toBe('4');
  });

  it('fault answers come before the token check, as from a proxy in front of Graph', async () => {
    await emulator.setFaults({ rate: 1, statuses: [502], seed: 1 });
    const response = await fetch(`${BETA}${STATUS}`);
    expect(response.status).toBe(502);
  });
});

describe('scope of faults', () => {
  it('only requests matching pathPattern fail', async () => {
    await emulator.setFaults({ rate: 1, statuses: [500], pathPattern: '/profileStatus$', seed: 1 });
    expect((await get(STATUS)).status).toBe(500);
    expect((await get(PROFILES)).status).toBe(200);
  });

  it('never apply to the control API', async () => {
    await emulator.setFaults({ rate: 1, statuses: [500], seed: 1 });
    expect((await fetch(`${urls.graph}/_emulator/health`)).status).toBe(200);
    await emulator.advanceClock(1);
    expect(await emulator.lastSeq()).toBeGreaterThanOrEqual(0);
    expect((await get(STATUS)).status).toBe(500);
  });

  it('stop after maxFaults', async () => {
    expect(await statusSequence({ rate: 1, statuses: [504], maxFaults: 2, seed: 1 }, 4)).toEqual([
      504, 504, 200, 200,
    ]);
  });

  it('add latency without failing when rate is 0', async () => {
    const spec = await emulator.setFaults({ rate: 0, latencyMs: [20, 40] as unknown as number, seed: 1 });
    expect(spec).toMatchObject({ rate: 0, latencyMs: [20, 40] });
    expect((await get(STATUS)).status).toBe(200);
  });
});

describe('control', () => {
  it('answers the active spec with defaults filled in, and GET shows it', async () => {
    const spec = await emulator.setFaults({ rate: 0.25, seed: 5 });
    expect(spec).toEqual({
      rate: 0.25,
      statuses: [429, 500, 502, 503, 504, 507],
      retryAfterSeconds: 5,
      retryAfterOn503: false,
      seed: 5,
    });
    const shown = (await (await fetch(`${urls.graph}/_emulator/faults`)).json()) as Json;
    expect(shown.faults).toEqual(spec);
  });

  it('DELETE clears the faults', async () => {
    await emulator.setFaults({ rate: 1, statuses: [500], seed: 1 });
    await emulator.clearFaults();
    expect((await get(STATUS)).status).toBe(200);
  });

  it('reset clears the faults and any throttling', async () => {
    await emulator.setFaults({ rate: 1, statuses: [429], retryAfterSeconds: 600, maxFaults: 1, seed: 1 });
    expect((await get(STATUS)).status).toBe(429);
    await emulator.reset();
    token = await emulator.graphToken('admin@contoso');
    expect((await get(STATUS)).status).toBe(200);
  });

  it.each([
    [{ rate: 2 }, /rate/],
    [{ rate: 1, statuses: [404] }, /statuses\.0: must each be one of 429, 500, 502, 503, 504, 507/],
    [{ rate: 1, pathPattern: '[' }, /pathPattern: must be a valid regular expression/],
    [{ rate: 1, latencyMs: -5 }, /latencyMs/],
    [{ rate: 1, colour: 'red' }, /colour/],
  ])('refuses a bad spec with a 400 naming the field (%#)', async (spec, message) => {
    const response = await fetch(`${urls.graph}/_emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(spec),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as Json).error.message).toMatch(message);
  });
});
