/**
 * Several backend instances, one guarantee (docs/decisions/015-shared-state-on-redis.md): three
 * app server processes, started as `npm start` starts one, share a real redis-server (started
 * here on a free port, persistence off) in front of the suite's one emulator, as App Service
 * scale-out sends an admin's requests to any instance.
 *
 * What is proven from the outside only: HTTP answers, the emulator's request log (Graph PUTs,
 * token requests) and the keys in Redis.
 */
import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import {
  checkProfileUpdate,
  healthSchema,
  problemSchema,
  profileDetailSchema,
  type ProfileDetail,
  type ProfileUpdate,
} from '../../contracts/api';
import { tenants } from '../../emulator/directory';
import { demoProfileIds } from '../../emulator/graph/demo-data';
import type { ServerProcess } from '../../scripts/stack';
import { startAppServer } from '../support/appServer';
import { createEmulatorClient, type RequestLogEntry } from '../support/emulator-client';
import { jsonRequest, type JsonAnswer } from '../support/json-request';
import { startRedisServer, type RedisServer } from '../support/redisServer';

const urls = inject('urls');
const emulator = createEmulatorClient({ entraUrl: urls.entra, graphUrl: urls.graph });

/** Short leases keep the crash test short; production keeps the 30 s default. */
const LEASE_MS = 3000;
const RATE_LIMIT = 900;
const INSTANCE_ENV = {
  SAVE_LOCK_LEASE_MS: String(LEASE_MS),
  SAVE_LOCK_WAIT_MS: '15000',
  RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT),
  LOG_LEVEL: 'warn',
};

const profileId = demoProfileIds.contosoHealthyCsv;
const lockKey = `sds:lock:profile:${tenants.contoso.id}:${profileId}`;

let redis: RedisServer;
/** The test's own view into Redis, to see what the instances keep there. */
let inspector: Redis;
const instances: ServerProcess[] = [];

async function startInstance(): Promise<ServerProcess> {
  return startAppServer(urls, {
    env: { ...INSTANCE_ENV, REDIS_URL: redis.url },
    // Three servers compiling and opening a fresh embedded database at once on two cores.
    readyTimeoutMs: 150_000,
  });
}

beforeAll(async () => {
  redis = await startRedisServer();
  inspector = new Redis(redis.url, { maxRetriesPerRequest: 1, retryStrategy: () => 200 });
  inspector.on('error', () => undefined);
  instances.push(...(await Promise.all([startInstance(), startInstance(), startInstance()])));
}, 180_000);

afterAll(async () => {
  inspector?.disconnect();
  await Promise.all(instances.map((instance) => instance.stop()));
  await redis?.stop();
});

beforeEach(async () => {
  await emulator.reset();
});

const call = (
  instance: ServerProcess,
  token: string,
  path: string,
  init: Parameters<typeof jsonRequest>[2] = {},
) => jsonRequest(`${instance.url}${path}`, token, init);

async function open(instance: ServerProcess, token: string): Promise<ProfileDetail> {
  const answer = await call(instance, token, `/api/profiles/${profileId}`);
  expect(answer.status, answer.text).toBe(200);
  return profileDetailSchema.parse(answer.body);
}

function renamed(detail: ProfileDetail, displayName: string): ProfileUpdate {
  // Profiles are read leniently (issue 11 §2); the write rules the editor applies before a save.
  const checked = checkProfileUpdate(detail.profile);
  if (!checked.ok) throw new Error(`the profile breaks write rules: ${JSON.stringify(checked.fields)}`);
  return { ...structuredClone(checked.update), displayName };
}

const save = (instance: ServerProcess, token: string, etag: string, update: ProfileUpdate) =>
  call(instance, token, `/api/profiles/${profileId}`, {
    method: 'PUT',
    headers: { 'if-match': etag },
    json: update,
  });

const isProfilePut = (entry: RequestLogEntry) =>
  entry.service === 'graph' &&
  entry.method === 'PUT' &&
  entry.path.endsWith('/education/synchronizationProfiles');
const isOnBehalfOf = (entry: RequestLogEntry) =>
  entry.service === 'entra' && (entry.grantType ?? '').endsWith('jwt-bearer');

function problemOf(answer: JsonAnswer) {
  return problemSchema.parse(answer.body);
}

describe('three instances on one Redis', () => {
  it('let exactly one of 50 concurrent conflicting saves through, ten rounds in a row', async () => {
    const admin = await emulator.ssoToken('admin@contoso');
    for (let round = 0; round < 10; round++) {
      const before = await open(instances[round % 3]!, admin);
      const since = await emulator.lastSeq();
      const names = Array.from({ length: 50 }, (_, i) => `Round ${round} save ${i}`);
      const answers = await Promise.all(
        names.map((name, i) => save(instances[i % 3]!, admin, before.etag, renamed(before, name))),
      );

      const accepted = answers.flatMap((answer, i) => (answer.status === 202 ? [i] : []));
      expect(accepted, `round ${round}: ${answers.map((a) => a.status).join(' ')}`).toHaveLength(1);
      for (const answer of answers) {
        if (answer.status === 202) continue;
        // The losers saw the winner's change (412), or gave up waiting for the lock (503).
        expect([412, 503], answer.text).toContain(answer.status);
        expect(problemOf(answer).code).toBe(
          answer.status === 412 ? 'precondition_failed' : 'save_in_progress',
        );
      }
      const winner = names[accepted[0]!]!;
      expect((await open(instances[(round + 1) % 3]!, admin)).profile.displayName).toBe(winner);
      expect((await emulator.requests(since)).filter(isProfilePut)).toHaveLength(1);
    }
  }, 120_000);

  it('recover the lock of an instance killed while holding it once its lease runs out; nothing is lost', async () => {
    const admin = await emulator.ssoToken('admin@contoso');
    const before = await open(instances[1]!, admin);
    const since = await emulator.lastSeq();
    // The doomed save's re-read of the profile hangs in Graph, with the lock held (and ends in a
    // 503 nobody reads, which marks it in the emulator's log).
    await emulator.setFaults({
      rate: 1,
      statuses: [503],
      maxFaults: 1,
      latencyMs: LEASE_MS + 2000,
      pathPattern: `synchronizationProfiles/${profileId}$`,
    });
    const doomed = instances[0]!;
    const doomedSave = save(doomed, admin, before.etag, renamed(before, 'Saved by a crashed instance')).catch(
      (error: unknown) => error,
    );
    await until(async () => (await inspector.exists(lockKey)) === 1, 'the first instance holds the lock');
    doomed.child.kill('SIGKILL');
    await doomedSave;
    await emulator.clearFaults();

    // The lock is still held by nobody alive: the next save waits out the lease, then goes through.
    expect(await inspector.pttl(lockKey)).toBeGreaterThan(0);
    const answer = await save(instances[1]!, admin, before.etag, renamed(before, 'Saved after the crash'));
    expect(answer.status, answer.text).toBe(202);
    expect((await open(instances[2]!, admin)).profile.displayName).toBe('Saved after the crash');
    expect((await emulator.requests(since)).filter(isProfilePut)).toHaveLength(1);

    instances[0] = await startInstance();
    // The hung request ends in the emulator's log before the next test reads the log.
    await until(
      async () => (await emulator.requests(since)).some((e) => e.fault === true),
      'the killed instance’s hung request has ended',
    );
  }, 60_000);

  it('share one rate limit per user', async () => {
    const reader = await emulator.ssoToken('reader@contoso');
    const answers: JsonAnswer[] = [];
    // Sent in batches spread over the three: each instance alone sees a third of the limit.
    for (let sent = 0; sent < RATE_LIMIT; sent += 30) {
      answers.push(
        ...(await Promise.all(
          Array.from({ length: 30 }, (_, i) => call(instances[i % 3]!, reader, '/api/me')),
        )),
      );
    }
    expect(answers.filter((a) => a.status === 200)).toHaveLength(RATE_LIMIT);
    for (const instance of instances) {
      const limited = await call(instance, reader, '/api/me');
      expect(limited.status).toBe(429);
      expect(problemOf(limited).code).toBe('rate_limited');
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    // Another user has a limit of their own.
    expect((await call(instances[0]!, await emulator.ssoToken('admin@contoso'), '/api/me')).status).toBe(200);
  }, 60_000);

  it('exchange each SSO token once across the instances, two tokens of one admin side by side', async () => {
    const desktop = await emulator.ssoToken('admin@contoso');
    const web = await emulator.ssoToken('admin@contoso');
    const status = `/api/profiles/${profileId}/status`;
    const since = await emulator.lastSeq();
    // First calls at once on every instance (the race), then interleaved, round robin.
    const first = await Promise.all(
      instances.flatMap((instance) => [call(instance, desktop, status), call(instance, web, status)]),
    );
    expect(first.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200]);
    for (let i = 0; i < 30; i++) {
      const answer = await call(instances[i % 3]!, i % 2 ? desktop : web, status);
      expect(answer.status).toBe(200);
    }
    expect((await emulator.requests(since)).filter(isOnBehalfOf)).toHaveLength(2);

    // One partition per SSO token, named by its SHA-256, and sealed: neither MSAL's JSON nor a
    // Graph token (a JWT's header) nor the account's name shows, as text or once decoded.
    const keys = [desktop, web].map(
      (t) => `sds:cache:msal:${createHash('sha256').update(t).digest('base64url')}`,
    );
    for (const key of keys) {
      const stored = (await inspector.get(key)) ?? '';
      expect(stored.length).toBeGreaterThan(100);
      expect(() => JSON.parse(stored)).toThrow();
      const decoded = Buffer.from(stored, 'base64url').toString('latin1');
      for (const clear of ['AccessToken', 'eyJhbGci', 'eyJ0eXAi', 'eyJraWQi', 'admin@contoso', 'Megan']) {
        expect(stored).not.toContain(clear);
        expect(decoded).not.toContain(clear);
      }
    }
  });

  it('keep reading while Redis is down, refuse changes with 503, and recover without a restart', async () => {
    const admin = await emulator.ssoToken('admin@contoso');
    const before = await open(instances[0]!, admin);
    const since = await emulator.lastSeq();
    await redis.stop();
    try {
      for (const instance of instances) {
        // Reads go on, even for an SSO token no instance has seen (its exchange is not shared then).
        expect((await open(instance, admin)).profile.displayName).toBe(before.profile.displayName);
        const fresh = await emulator.ssoToken('admin@contoso');
        expect((await call(instance, fresh, '/api/profiles')).status).toBe(200);

        const refused = await save(instance, admin, before.etag, renamed(before, 'Saved without a lock'));
        expect(refused.status).toBe(503);
        expect(problemOf(refused)).toMatchObject({ code: 'shared_state_unavailable' });
        expect(problemOf(refused).detail).toMatch(/Nothing was changed/);
        expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
        const paused = await call(instance, admin, `/api/profiles/${profileId}/pause`, { method: 'POST' });
        expect(paused.status).toBe(503);
        expect(problemOf(paused).code).toBe('shared_state_unavailable');

        const health = healthSchema.parse((await call(instance, admin, '/api/health')).body);
        expect(health).toMatchObject({ status: 'degraded', sharedState: 'redis' });
        expect(health.checks.sharedState.ok).toBe(false);
      }
      expect((await emulator.requests(since)).filter(isProfilePut)).toHaveLength(0);
    } finally {
      await redis.start();
    }

    for (const instance of instances) {
      await until(
        async () =>
          healthSchema.parse((await call(instance, admin, '/api/health')).body).checks.sharedState.ok,
        'the instance reconnects to Redis',
      );
    }
    const answer = await save(
      instances[2]!,
      admin,
      before.etag,
      renamed(before, 'Saved after Redis came back'),
    );
    expect(answer.status, answer.text).toBe(202);
    expect((await open(instances[0]!, admin)).profile.displayName).toBe('Saved after Redis came back');
  }, 60_000);
});

/** Polls `condition` (a state in another process, which sends no event) for up to 15 s. */
async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!(await condition().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting until ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
