/**
 * Backend overhead: GET /api/profiles/:id/status through the backend (SSO token validation, OBO
 * cache hit, Graph client) against the very Graph request the backend makes, sent straight to the
 * Graph emulator with a valid Graph token. Both paths include the emulator, so the difference is
 * what our backend adds. Each pair runs back to back with the same duration, after a warm-up.
 */
import { apiRoutes } from '../contracts/api';
import { bearer, firstProfileId, graphHttpRequests, logSince, type BenchContext } from './context';
import { runLoad, type LoadResult } from './load';
import type { Figure } from './report';

const SECTION = 'Backend overhead: GET /api/profiles/:id/status vs the same Graph request sent directly';
export const OVERHEAD_CONNECTIONS = [1, 10, 50] as const;
const RATIO_TARGET = 0.5;
const P99_OVERHEAD_TARGET_MS = 10;

export type OverheadRaw = {
  graphRequest: string;
  runs: { connections: number; backend: LoadResult; direct: LoadResult }[];
};

export async function measureBackendOverhead(
  ctx: BenchContext,
): Promise<{ figures: Figure[]; raw: OverheadRaw }> {
  const { emulator, stack } = ctx;
  const ssoToken = await emulator.ssoToken('admin@contoso');
  const profileId = await firstProfileId(ctx, ssoToken);
  const backendUrl = `${stack.urls.app}${apiRoutes.profileStatus(profileId)}`;

  // Warms the OBO cache and shows which Graph request the backend makes for this route, so the
  // direct path sends exactly that request rather than our guess of it.
  const seq = await emulator.lastSeq();
  const first = await fetch(backendUrl, { headers: bearer(ssoToken) });
  await first.text();
  if (first.status !== 200) throw new Error(`${backendUrl} answered ${first.status}, expected 200`);
  const graphCalls = graphHttpRequests(await logSince(ctx, seq));
  if (graphCalls.length !== 1) {
    throw new Error(
      `Expected one Graph request behind ${apiRoutes.profileStatus(profileId)}, saw ${graphCalls.length}: ` +
        graphCalls.map((e) => `${e.method} ${e.path}`).join(', '),
    );
  }
  const graphCall = graphCalls[0]!;
  const directUrl = `${stack.urls.graph}${graphCall.path}`;
  const graphToken = await emulator.graphToken('admin@contoso');

  const seconds = Math.max(1, Math.round(8 * ctx.scale));
  const warmUpSeconds = Math.max(1, Math.round(2 * ctx.scale));
  const figures: Figure[] = [];
  const raw: OverheadRaw = { graphRequest: `${graphCall.method} ${graphCall.path}`, runs: [] };

  for (const connections of OVERHEAD_CONNECTIONS) {
    const backendLoad = { url: backendUrl, connections, headers: bearer(ssoToken) };
    const directLoad = { url: directUrl, connections, headers: bearer(graphToken) };
    ctx.progress(`overhead: ${connections} connection(s), warm-up then 2 × ${seconds} s`);
    await runLoad({ ...backendLoad, durationSeconds: warmUpSeconds });
    await runLoad({ ...directLoad, durationSeconds: warmUpSeconds });
    const backend = await runLoad({ ...backendLoad, durationSeconds: seconds });
    const direct = await runLoad({ ...directLoad, durationSeconds: seconds });
    raw.runs.push({ connections, backend, direct });

    const failure = unexpectedStatuses(backend, 'backend') ?? unexpectedStatuses(direct, 'direct');
    const describe = (r: LoadResult) =>
      `${r.requestsPerSecond.toFixed(0)} req/s, p50 ${r.p50Ms.toFixed(2)} ms, p99 ${r.p99Ms.toFixed(2)} ms`;
    figures.push({
      section: SECTION,
      name: `Throughput ratio backend/direct, ${connections} conn.`,
      value: backend.requestsPerSecond / direct.requestsPerSecond,
      unit: '',
      digits: 2,
      target: { comparison: 'atLeast', value: RATIO_TARGET, unit: '' },
      detail: `backend ${describe(backend)}; direct ${describe(direct)}`,
      ...(failure ? { error: failure } : {}),
    });
    figures.push({
      section: SECTION,
      name: `p99 latency added by the backend, ${connections} conn.`,
      value: backend.p99Ms - direct.p99Ms,
      unit: 'ms',
      digits: 2,
      // The issue sets the latency target at 50 connections; the others are context.
      ...(connections === 50
        ? { target: { comparison: 'atMost' as const, value: P99_OVERHEAD_TARGET_MS, unit: 'ms' } }
        : {}),
      detail: `p50 added ${(backend.p50Ms - direct.p50Ms).toFixed(2)} ms`,
      ...(failure ? { error: failure } : {}),
    });
  }
  return { figures, raw };
}

function unexpectedStatuses(result: LoadResult, label: string): string | undefined {
  const other = Object.entries(result.statusCounts).filter(([status]) => status !== '200');
  if (other.length === 0 && result.errors === 0) return undefined;
  return `${label} path answered ${other.map(([s, n]) => `${n}× ${s}`).join(', ') || 'no errors'} and had ${result.errors} connection errors`;
}
