/**
 * Starts the real stack once for the integration project, on its own ports so that a running
 * `npm start` does not get in the way, and tells the tests where it is through `inject`.
 */
import type { TestProject } from 'vitest/node';
import { startStack, type StackUrls } from '../../scripts/stack';

/** Ports: TEST_PORT_BASE (default 53200) for the app, +100/+101/+102 for Entra, Graph, Teams host. */
export function testPorts(defaultBase: number) {
  const base = Number(process.env.TEST_PORT_BASE ?? defaultBase);
  return { app: base, entra: base + 100, graph: base + 101, teamsHost: base + 102 };
}

declare module 'vitest' {
  export interface ProvidedContext {
    urls: StackUrls;
    caCertPath: string;
  }
}

export default async function setup(project: TestProject) {
  const stack = await startStack({
    ports: testPorts(53200),
    stdio: 'capture',
    // Tests drive many requests as one user; the per-user limit is exercised by its own test.
    serverEnv: { RATE_LIMIT_PER_MINUTE: '100000', LOG_LEVEL: 'warn', OBO_CONSENT_RETRY_MS: '50,100,200' },
  });
  project.provide('urls', stack.urls);
  project.provide('caCertPath', stack.certs.caCertPath);
  return async () => {
    await stack.stop();
  };
}
