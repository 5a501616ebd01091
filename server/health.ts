/**
 * Dependency checks for GET /api/health, cheap enough for App Service's health probe (every
 * minute per instance, and anyone may call it): Entra's signing keys, Graph and the history
 * database (one read of its schema version) are asked at most once per HEALTH_CACHE_MS whatever
 * the probe rate, concurrent probes share one round, and the answer says when it was taken. The
 * shared state (one PING, or nothing in memory) is asked every time, so a Redis outage and its
 * end show at once.
 *
 * Overall: `ok` when every dependency answers, `degraded` when one does not; each failed check
 * says what it breaks (`impact`). Always HTTP 200 while this process serves: restarting the
 * instance would not bring Entra, Graph, Redis or PostgreSQL back (README, "Operate").
 */
import type { Health } from '../contracts/api';
import type { History } from './history';
import type { SharedState } from './sharedState/types';

export type CheckResult = { ok: boolean; detail?: string };
export type HealthProbe = () => Promise<CheckResult>;

export type HealthMonitor = { check(): Promise<Health> };

const PROBE_TIMEOUT_MS = 3000;
export const HEALTH_CACHE_MS = 10_000;

/** What an operator loses while a dependency is down (README, "Operate"). */
export const IMPACT = {
  entra:
    'New sign-ins and on-behalf-of exchanges fail (503 entra_unavailable); users whose token this instance already validated and exchanged keep working.',
  graph: 'Profile reads, saves and actions fail (503/504 from Graph); the tab shows the outage and retries.',
  sharedState: 'Saves and actions answer 503 (no save lock); reads keep working.',
  database:
    'Saves and actions answer 503 (their change record cannot be written) and History cannot be read; profile reads keep working.',
} as const;

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return `${error.name === 'TimeoutError' ? 'timed out' : error.message}${cause}`;
  }
  return String(error);
}

async function getJson(url: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
  if (!response.ok) {
    await response.body?.cancel();
    return { status: response.status, body: undefined };
  }
  return { status: response.status, body: await response.json() };
}

/**
 * Entra is up when our tenant's discovery document names a key set that holds at least one
 * signing key: what the token validator needs to accept a sign-in.
 */
export function entraProbe(authorityHost: string, tenantId: string): HealthProbe {
  const url = `${authorityHost}/${tenantId}/v2.0/.well-known/openid-configuration`;
  return async () => {
    let jwksUri: unknown;
    try {
      const discovery = await getJson(url);
      if (discovery.status !== 200) {
        return { ok: false, detail: `discovery document answered HTTP ${discovery.status}` };
      }
      jwksUri = (discovery.body as { jwks_uri?: unknown } | null)?.jwks_uri;
      if (typeof jwksUri !== 'string') return { ok: false, detail: 'discovery document has no jwks_uri' };
    } catch (error) {
      return { ok: false, detail: `discovery document unreachable (${describe(error)})` };
    }
    try {
      const keySet = await getJson(jwksUri);
      if (keySet.status !== 200) return { ok: false, detail: `signing keys answered HTTP ${keySet.status}` };
      const keys = (keySet.body as { keys?: unknown } | null)?.keys;
      const signing = Array.isArray(keys)
        ? keys.filter((k: { kty?: unknown; use?: unknown }) => k?.kty === 'RSA' && (k.use ?? 'sig') === 'sig')
        : [];
      return signing.length > 0
        ? { ok: true, detail: `${signing.length} signing key${signing.length === 1 ? '' : 's'}` }
        : { ok: false, detail: 'the key set holds no RSA signing key' };
    } catch (error) {
      return { ok: false, detail: `signing keys unreachable (${describe(error)})` };
    }
  };
}

/** Graph is up when it answers at all: without a token any HTTP status but a 5xx proves it is there. */
export function graphProbe(graphBaseUrl: string): HealthProbe {
  return async () => {
    try {
      const response = await fetch(`${graphBaseUrl}/beta/`, {
        signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
      });
      await response.body?.cancel();
      return response.status >= 500
        ? { ok: false, detail: `answered HTTP ${response.status}` }
        : { ok: true };
    } catch (error) {
      return { ok: false, detail: `unreachable (${describe(error)})` };
    }
  };
}

type TimedCheck = Health['checks']['entra'];

async function timed(name: keyof typeof IMPACT, probe: HealthProbe): Promise<TimedCheck> {
  const started = performance.now();
  const result = await probe().catch((error: unknown) => ({ ok: false, detail: describe(error) }));
  return {
    ...result,
    latencyMs: Math.round(performance.now() - started),
    ...(result.ok ? {} : { impact: IMPACT[name] }),
  };
}

export function createHealthMonitor(
  version: string,
  probes: { entra: HealthProbe; graph: HealthProbe },
  sharedState: Pick<SharedState, 'kind' | 'check'>,
  database: Pick<History, 'engine' | 'check'>,
  cacheMs: number = HEALTH_CACHE_MS,
): HealthMonitor {
  type Round = { entra: TimedCheck; graph: TimedCheck; database: TimedCheck };
  let cached: { at: number; checks: Promise<Round> } | null = null;
  const round = async (): Promise<Round> => {
    const [entra, graph, db] = await Promise.all([
      timed('entra', probes.entra),
      timed('graph', probes.graph),
      timed('database', () => database.check()),
    ]);
    return { entra, graph, database: db };
  };
  return {
    async check() {
      if (!cached || Date.now() - cached.at >= cacheMs) cached = { at: Date.now(), checks: round() };
      const checkedAt = new Date(cached.at).toISOString();
      const [checks, shared] = await Promise.all([
        cached.checks,
        timed('sharedState', () => sharedState.check()),
      ]);
      const all = { ...checks, sharedState: shared };
      return {
        status: Object.values(all).every((c) => c.ok) ? 'ok' : 'degraded',
        version,
        sharedState: sharedState.kind,
        database: database.engine,
        checkedAt,
        checks: all,
      };
    },
  };
}
