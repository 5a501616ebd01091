/**
 * Dependency checks for GET /api/health. Entra and Graph are cached for a few seconds so a busy
 * probe cannot turn into load on them; the shared state (one PING, or nothing in memory) is asked
 * every time, so an outage and its end show at once.
 */
import type { Health } from '../contracts/api';
import type { SharedState } from './sharedState/types';

export type CheckResult = { ok: boolean; detail?: string };
export type HealthProbe = () => Promise<CheckResult>;

export type HealthMonitor = { check(): Promise<Health> };

const PROBE_TIMEOUT_MS = 3000;
export const HEALTH_CACHE_MS = 10_000;

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return `${error.name === 'TimeoutError' ? 'timed out' : error.message}${cause}`;
  }
  return String(error);
}

/** Entra is up when our tenant's discovery document answers with a key set address. */
export function entraProbe(authorityHost: string, tenantId: string): HealthProbe {
  const url = `${authorityHost}/${tenantId}/v2.0/.well-known/openid-configuration`;
  return async () => {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
      if (!response.ok) return { ok: false, detail: `discovery document answered HTTP ${response.status}` };
      const document = (await response.json()) as { jwks_uri?: unknown };
      return typeof document.jwks_uri === 'string'
        ? { ok: true }
        : { ok: false, detail: 'discovery document has no jwks_uri' };
    } catch (error) {
      return { ok: false, detail: `discovery document unreachable (${describe(error)})` };
    }
  };
}

/** Graph is up when it answers at all: without a token any HTTP status proves it is there. */
export function graphProbe(graphBaseUrl: string): HealthProbe {
  return async () => {
    try {
      const response = await fetch(`${graphBaseUrl}/beta/`, {
        signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
      });
      await response.body?.cancel();
      return { ok: true };
    } catch (error) {
      return { ok: false, detail: `unreachable (${describe(error)})` };
    }
  };
}

export function createHealthMonitor(
  version: string,
  probes: { entra: HealthProbe; graph: HealthProbe },
  sharedState: Pick<SharedState, 'kind' | 'check'>,
  cacheMs: number = HEALTH_CACHE_MS,
): HealthMonitor {
  let cached: { at: number; checks: Promise<[CheckResult, CheckResult]> } | null = null;
  return {
    async check() {
      if (!cached || Date.now() - cached.at >= cacheMs) {
        cached = { at: Date.now(), checks: Promise.all([probes.entra(), probes.graph()]) };
      }
      const [[entra, graph], shared] = await Promise.all([cached.checks, sharedState.check()]);
      return {
        status: entra.ok && graph.ok && shared.ok ? 'ok' : 'degraded',
        version,
        sharedState: sharedState.kind,
        checks: { entra, graph, sharedState: shared },
      };
    },
  };
}
