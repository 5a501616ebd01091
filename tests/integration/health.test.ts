/**
 * /api/health's probes against the emulator: Entra's signing keys and Graph's reachability, what
 * an outage looks like, and that a busy probe costs Entra one round per cache period.
 */
import { afterEach, describe, expect, inject, it } from 'vitest';
import { demoApp } from '../../emulator/directory';
import { createHealthMonitor, entraProbe, graphProbe, IMPACT } from '../../server/health';
import { createMemorySharedState } from '../../server/sharedState/memory';
import { createEmulatorClient } from '../support/emulator-client';

const urls = inject('urls');
const emulator = createEmulatorClient({ entraUrl: urls.entra, graphUrl: urls.graph });
const probes = {
  entra: entraProbe(urls.entra, demoApp.homeTenantId),
  graph: graphProbe(urls.graph),
};

afterEach(async () => {
  await emulator.reset();
});

describe('the health probes against the emulator', () => {
  it("find Entra's signing keys and Graph answering", async () => {
    const health = await createHealthMonitor('1.0.0', probes, createMemorySharedState(), 0).check();
    expect(health.status).toBe('ok');
    expect(health.checks.entra).toMatchObject({
      ok: true,
      detail: expect.stringMatching(/^\d+ signing keys?$/),
    });
    expect(health.checks.graph.ok).toBe(true);
    expect(health.checks.entra.impact).toBeUndefined();
  });

  it('report an Entra outage as degraded, saying what it breaks, and its end at the next round', async () => {
    const monitor = createHealthMonitor('1.0.0', probes, createMemorySharedState(), 0);
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
    const monitor = createHealthMonitor('1.0.0', probes, createMemorySharedState(), 60_000);
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
});
