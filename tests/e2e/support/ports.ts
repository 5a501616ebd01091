/**
 * Where the browser suite's stack listens: E2E_PORT_BASE (default 53400) for the app server and
 * +100/+101/+102 for the Entra, Graph and Teams host emulators, so it never collides with
 * `npm start` (53000) or the integration suite (53200).
 */
import { stackUrls, type StackPorts, type StackUrls } from '../../../scripts/stack';

export const DEFAULT_E2E_PORT_BASE = 53400;

export function e2ePorts(env: NodeJS.ProcessEnv = process.env): StackPorts {
  const raw = env.E2E_PORT_BASE;
  const base = raw === undefined || raw === '' ? DEFAULT_E2E_PORT_BASE : Number(raw);
  if (!Number.isInteger(base) || base < 1024 || base + 102 > 65535) {
    throw new Error(`E2E_PORT_BASE must be a port number between 1024 and 65433, got "${raw}"`);
  }
  return { app: base, entra: base + 100, graph: base + 101, teamsHost: base + 102 };
}

export function e2eUrls(env: NodeJS.ProcessEnv = process.env): StackUrls {
  return stackUrls(e2ePorts(env));
}
