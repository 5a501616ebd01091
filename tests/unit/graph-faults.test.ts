/** The Dev Proxy–style fault injector: seeded, per-method, throttling enforced per workload. */
import { describe, expect, it } from 'vitest';
import { FaultInjector, faultSpecSchema, workloadOf, type FaultSpecInput } from '../../emulator/graph/faults';

const T0 = Date.UTC(2026, 10, 22, 8, 0, 0);
const PATH = '/beta/education/synchronizationProfiles';

function injector(spec: FaultSpecInput): FaultInjector {
  const faults = new FaultInjector();
  faults.set(faultSpecSchema.parse(spec));
  return faults;
}

/** Statuses for `n` GETs one minute apart (far beyond any Retry-After). */
function statuses(faults: FaultInjector, n: number, method = 'GET'): number[] {
  return Array.from(
    { length: n },
    (_, i) => faults.decide(method, PATH, T0 + i * 60_000)?.failure?.status ?? 200,
  );
}

describe('fault decisions', () => {
  it('are the same for the same seed and request sequence', () => {
    const spec: FaultSpecInput = { rate: 0.5, statuses: [500, 502, 503, 504], seed: 1234 };
    const first = statuses(injector(spec), 40);
    expect(statuses(injector(spec), 40)).toEqual(first);
    expect(first.filter((s) => s !== 200).length).toBeGreaterThan(5);
    expect(statuses(injector({ ...spec, seed: 1235 }), 40)).not.toEqual(first);
  });

  it('never fail at rate 0 and always fail at rate 1', () => {
    expect(statuses(injector({ rate: 0, seed: 1 }), 20).every((s) => s === 200)).toBe(true);
    expect(statuses(injector({ rate: 1, statuses: [500], seed: 1 }), 20).every((s) => s === 500)).toBe(true);
  });

  it('give 507 to POST, PUT and DELETE only, as Dev Proxy does', () => {
    expect(statuses(injector({ rate: 1, statuses: [507], seed: 1 }), 5, 'GET')).toEqual([
      200, 200, 200, 200, 200,
    ]);
    expect(statuses(injector({ rate: 1, statuses: [507], seed: 1 }), 3, 'PATCH')).toEqual([200, 200, 200]);
    expect(statuses(injector({ rate: 1, statuses: [507], seed: 1 }), 3, 'PUT')).toEqual([507, 507, 507]);
  });

  it('stop failing after maxFaults', () => {
    expect(statuses(injector({ rate: 1, statuses: [503], maxFaults: 2, seed: 1 }), 4)).toEqual([
      503, 503, 200, 200,
    ]);
  });

  it('apply only to paths matching pathPattern', () => {
    const faults = injector({ rate: 1, statuses: [500], pathPattern: '/profileStatus$', seed: 1 });
    expect(faults.decide('GET', PATH, T0)).toBeNull();
    expect(faults.decide('GET', `${PATH}/x/profileStatus`, T0)?.failure?.status).toBe(500);
  });

  it('add latency, fixed or uniformly drawn from a range', () => {
    expect(injector({ rate: 0, latencyMs: 250, seed: 1 }).decide('GET', PATH, T0)?.latencyMs).toBe(250);
    const ranged = injector({ rate: 0, latencyMs: [100, 200], seed: 1 });
    const delays = Array.from({ length: 50 }, (_, i) => ranged.decide('GET', PATH, T0 + i)!.latencyMs);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(100);
    expect(Math.max(...delays)).toBeLessThan(200);
    expect(new Set(delays).size).toBeGreaterThan(10);
  });

  it('put the latency before Graph handles the request, or after it answered when asked to', () => {
    expect(injector({ rate: 0, latencyMs: 250, seed: 1 }).decide('GET', PATH, T0)?.latencyAt).toBeUndefined();
    const late = injector({ rate: 0, latencyMs: 250, latencyAt: 'response', seed: 1 }).decide(
      'GET',
      PATH,
      T0,
    );
    expect(late).toMatchObject({ latencyMs: 250, latencyAt: 'response' });
    expect(() => injector({ rate: 0, latencyAt: 'sometime' as 'response' })).toThrow();
  });

  it('send Retry-After on 429, and on 503 only when asked to', () => {
    const throttled = injector({ rate: 1, statuses: [429], retryAfterSeconds: 7, seed: 1 }).decide(
      'GET',
      PATH,
      T0,
    )!;
    expect(throttled.failure).toMatchObject({
      status: 429,
      code: 'TooManyRequests',
      headers: { 'Retry-After': '7' },
    });
    const plain = injector({ rate: 1, statuses: [503], seed: 1 }).decide('GET', PATH, T0)!;
    expect(plain.failure?.headers).toEqual({});
    const withHeader = injector({
      rate: 1,
      statuses: [503],
      retryAfterOn503: true,
      retryAfterSeconds: 2,
      seed: 1,
    });
    expect(withHeader.decide('GET', PATH, T0)!.failure?.headers).toEqual({ 'Retry-After': '2' });
    const others = injector({ rate: 1, statuses: [500, 502, 504], seed: 1 });
    for (let i = 0; i < 10; i++) expect(others.decide('GET', PATH, T0 + i)!.failure?.headers).toEqual({});
  });
});

describe('throttling after a 429', () => {
  it('refuses the whole workload until Retry-After has passed, restarting the wait on each early call', () => {
    const faults = injector({ rate: 1, statuses: [429], retryAfterSeconds: 5, maxFaults: 1, seed: 1 });
    expect(faults.decide('GET', PATH, T0)?.failure?.status).toBe(429);
    const early = faults.decide('GET', `${PATH}/x/profileStatus`, T0 + 3000)!;
    expect(early).toMatchObject({ enforced: true, failure: { status: 429 } });
    // The early call restarted the wait: 5 s after the first 429 is still too early.
    expect(faults.decide('GET', PATH, T0 + 5000)?.failure?.status).toBe(429);
    expect(faults.decide('GET', PATH, T0 + 15_000)?.failure).toBeUndefined();
  });

  it('is keyed by workload, the segment after the version', () => {
    expect(workloadOf('/beta/education/synchronizationProfiles?$top=1')).toBe('education');
    const faults = injector({ rate: 1, statuses: [429], maxFaults: 1, seed: 1 });
    faults.decide('GET', PATH, T0);
    expect(faults.decide('GET', '/beta/users', T0 + 1000)?.failure).toBeUndefined();
  });

  it('is kept per caller: one caller’s 429 does not throttle another', () => {
    const faults = injector({ rate: 1, statuses: [429], maxFaults: 1, seed: 1 });
    expect(faults.decide('GET', PATH, T0, 'contoso/admin')?.failure?.status).toBe(429);
    expect(faults.decide('GET', PATH, T0 + 1000, 'contoso/reader')?.failure).toBeUndefined();
    expect(faults.decide('GET', PATH, T0 + 1000, 'contoso/admin')?.failure?.status).toBe(429);
  });

  it('ends when the faults are cleared', () => {
    const faults = injector({ rate: 1, statuses: [429], maxFaults: 1, seed: 1 });
    faults.decide('GET', PATH, T0);
    faults.clear();
    expect(faults.decide('GET', PATH, T0 + 1000)).toBeNull();
  });
});

describe('fault spec validation', () => {
  const issues = (spec: unknown) => {
    const result = faultSpecSchema.safeParse(spec);
    return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('fills Dev Proxy defaults', () => {
    expect(faultSpecSchema.parse({ rate: 0.5 })).toMatchObject({
      statuses: [429, 500, 502, 503, 504, 507],
      retryAfterSeconds: 5,
      seed: 1,
    });
  });

  it('names each bad field', () => {
    expect(issues({ rate: 1.5 })[0]).toMatch(/^rate:/);
    expect(issues({})[0]).toMatch(/^rate:/);
    expect(issues({ rate: 1, statuses: [404] })[0]).toMatch(/^statuses\.0: must each be one of 429, 500/);
    expect(issues({ rate: 1, statuses: [] })[0]).toMatch(/^statuses:/);
    expect(issues({ rate: 1, latencyMs: [300, 100] })[0]).toMatch(/^latencyMs/);
    expect(issues({ rate: 1, pathPattern: '(' })[0]).toMatch(
      /^pathPattern: must be a valid regular expression/,
    );
    expect(issues({ rate: 1, retryAfterSeconds: 0 })[0]).toMatch(/^retryAfterSeconds:/);
    expect(issues({ rate: 1, surprise: true })[0]).toMatch(/surprise/);
  });
});
