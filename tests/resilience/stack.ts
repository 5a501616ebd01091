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
    // As in the integration setup: many simulated tabs share few personas, so the per-user limit
    // would answer 429 for reasons that are not under test here.
    serverEnv: { RATE_LIMIT_PER_MINUTE: '100000', LOG_LEVEL: 'warn' },
  });
  project.provide('urls', stack.urls);
  project.provide('caCertPath', stack.certs.caCertPath);
  return async () => {
    await stack.stop();
  };
}
