/**
 * Global setup of the full resilience suite (vitest.resilience.config.ts): the real stack on its
 * own ports, RESILIENCE_PORT_BASE (default 53800) for the app and +100/+101/+102 for Entra, Graph
 * and the Teams host, provided to the tests exactly as the integration setup provides it.
 */
import type { TestProject } from 'vitest/node';
import { startStack } from '../../scripts/stack';

export function resiliencePorts(env: NodeJS.ProcessEnv = process.env) {
  const raw = env.RESILIENCE_PORT_BASE;
  const base = raw === undefined || raw === '' ? 53800 : Number(raw);
  if (!Number.isInteger(base) || base < 1024 || base + 102 > 65535) {
    throw new Error(`RESILIENCE_PORT_BASE must be a port number between 1024 and 65433, got "${raw}"`);
  }
  return { app: base, entra: base + 100, graph: base + 101, teamsHost: base + 102 };
}

export default async function setup(project: TestProject) {
  const stack = await startStack({
    ports: resiliencePorts(),
    stdio: 'capture',
    // The real default per-user rate limit: simulated tabs pace themselves as the tab does and
    // wait out a 429 (tests/resilience/api.ts), so what the suite shows holds in production.
    serverEnv: { LOG_LEVEL: 'warn' },
  });
  project.provide('urls', stack.urls);
  project.provide('caCertPath', stack.certs.caCertPath);
  return async () => {
    await stack.stop();
  };
}
