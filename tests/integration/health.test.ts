/**
 * /api/health's probes against the emulator and a real PostgreSQL this file starts: Entra's
 * signing keys, Graph's reachability, the history database, what an outage looks like and its
 * end, and that a busy probe costs Entra one round per cache period. (PGlite's check runs in the
 * deploy artifact's test, from the installed bundle.)
 */
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { demoApp } from '../../emulator/directory';
import { createHealthMonitor, entraProbe, graphProbe, IMPACT } from '../../server/health';
import { createHistory, type History } from '../../server/history';
import { LATEST_SCHEMA_VERSION } from '../../server/history/database';
import { createLogger } from '../../server/logger';
import { createMemorySharedState } from '../../server/sharedState/memory';
import { createEmulatorClient } from '../support/emulator-client';
import { startPostgresServer, type PostgresServer } from '../support/postgresServer';

const urls = inject('urls');
const emulator = createEmulatorClient({ entraUrl: urls.entra, graphUrl: urls.graph });
const probes = {
  entra: entraProbe(urls.entra, demoApp.homeTenantId),
  graph: graphProbe(urls.graph),
};

let postgres: PostgresServer;
let history: History;
beforeAll(async () => {
  postgres = await startPostgresServer();
  history = createHistory({ kind: 'postgres', url: postgres.url }, '1.0.0', createLogger('silent'));
}, 60_000);
afterAll(async () => {
  await history?.close();
  await postgres?.destroy();
});

afterEach(async () => {
  await emulator.reset();
});

describe('the health probes against the emulator', () => {
  it("find Entra's signing keys and Graph answering", async () => {
    const health = await createHealthMonitor('1.0.0', probes, createMemorySharedState(), history, 0).check();
    expect(health.status).toBe('ok');
    expect(health.checks.entra).toMatchObject({
      ok: true,
      detail: expect.stringMatching(/^\d+ signing keys?$/),
    });
    expect(health.checks.graph.ok).toBe(true);
    expect(health.checks.entra.impact).toBeUndefined();
  });

  it('report an Entra outage as degraded, saying what it breaks, and its end at the next round', async () => {
    const monitor = createHealthMonitor('1.0.0', probes, createMemorySharedState(), history, 0);
    await emulator.setEntraOutage(true, 'all');
    const down = await monitor.check();
    expect(down.status).toBe('degraded');
    expect(down.checks.entra).toMatchObject({ ok: false, impact: IMPACT.entra });
    expect(down.checks.entra.detail).toMatch(/discovery document|signing keys/);
    expect(down.checks.graph.ok).toBe(true);
    await emulator.setEntraOutage(false);
    expect((await monitor.check()).status).toBe('ok');
  });

  it('ask Entra once per cache period however often the probe comes', async () => {
    const monitor = createHealthMonitor('1.0.0', probes, createMemorySharedState(), history, 60_000);
    const since = await emulator.lastSeq();
    const answers = await Promise.all(Array.from({ length: 20 }, () => monitor.check()));
    await monitor.check();
    expect(new Set(answers.map((a) => a.checkedAt)).size).toBe(1);
    const entra = (await emulator.requests(since)).filter((e) => e.service === 'entra');
    // One discovery document and one key set, for 21 probes.
    expect(entra.map((e) => e.path).sort()).toEqual(
      [
        `/${demoApp.homeTenantId}/discovery/v2.0/keys`,
        `/${demoApp.homeTenantId}/v2.0/.well-known/openid-configuration`,
      ].sort(),
    );
  });

  it('report PostgreSQL up, then down with what it breaks, then up again, without the credentials', async () => {
    const monitor = createHealthMonitor('1.0.0', probes, createMemorySharedState(), history, 0);
    const { host, password } = new URL(postgres.url);
    const up = await monitor.check();
    expect(up.status).toBe('ok');
    expect(up.database).toBe('postgres');
    expect(up.checks.database).toEqual({
      ok: true,
      detail: `PostgreSQL at ${host}, schema version ${LATEST_SCHEMA_VERSION}`,
      latencyMs: expect.any(Number),
    });

    await postgres.stop();
    try {
      const down = await monitor.check();
      expect(down.status).toBe('degraded');
      expect(down.checks.database).toMatchObject({ ok: false, impact: IMPACT.database });
      expect(down.checks.database.detail).toMatch(new RegExp(`^PostgreSQL at ${host} unreachable \\(.+\\)$`));
      expect(down.checks.entra.ok && down.checks.graph.ok && down.checks.sharedState.ok).toBe(true);
      if (password) expect(JSON.stringify(down)).not.toContain(password);
    } finally {
      await postgres.start();
    }
    expect((await monitor.check()).checks.database.ok).toBe(true);
  });
});
