/**
 * What every benchmark section shares: the started stack, the emulator's control API, and the
 * few calls to our own API that the sections need to set themselves up.
 */
import { apiRoutes, profileListSchema } from '../contracts/api';
import type { Stack } from '../scripts/stack';
import type { EmulatorClient, RequestLogEntry } from '../tests/support/emulator-client';

export type BenchContext = {
  stack: Stack;
  emulator: EmulatorClient;
  /** Progress lines go to stderr so that stdout stays the table. */
  progress: (message: string) => void;
  /** Scale for durations: 1 for the real run, smaller for a quick look (BENCH_SCALE). */
  scale: number;
};

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

/** Calls our API and fails loudly on anything but the expected status. */
export async function apiJson(
  ctx: BenchContext,
  path: string,
  token: string,
  expectedStatus = 200,
): Promise<{ body: unknown; headers: Headers }> {
  const response = await fetch(`${ctx.stack.urls.app}${path}`, { headers: bearer(token) });
  const text = await response.text();
  if (response.status !== expectedStatus) {
    throw new Error(
      `GET ${path} answered ${response.status} (expected ${expectedStatus}): ${text.slice(0, 500)}`,
    );
  }
  return { body: text === '' ? undefined : JSON.parse(text), headers: response.headers };
}

/** The first profile on the dashboard of the SSO token's user. */
export async function firstProfileId(ctx: BenchContext, token: string): Promise<string> {
  const { body } = await apiJson(ctx, apiRoutes.profiles, token);
  const list = profileListSchema.parse(body);
  const first = list.profiles[0];
  if (!first) throw new Error('The dashboard lists no profiles: the emulator should start with demo data.');
  return first.id;
}

export const isGraph = (entry: RequestLogEntry) => entry.service === 'graph';

/**
 * The Graph entries that were HTTP requests of their own. The emulator logs each $batch
 * sub-request as an entry too (before the batch's own entry, which lists them), so those are
 * matched to their batch and left out: a batch of 20 is one request on the wire.
 */
export function graphHttpRequests(entries: readonly RequestLogEntry[]): RequestLogEntry[] {
  const graph = entries.filter(isGraph);
  const claimed = new Set<number>();
  for (const batch of graph) {
    for (const sub of batch.batch ?? []) {
      const url = sub.url.startsWith('/') ? sub.url : `/${sub.url}`;
      const version = batch.path.split('/')[1];
      const match = graph.find(
        (e) =>
          e.seq < batch.seq &&
          !claimed.has(e.seq) &&
          e.batch === undefined &&
          e.method === sub.method &&
          e.path === `/${version}${url}` &&
          e.status === sub.status,
      );
      if (match) claimed.add(match.seq);
    }
  }
  return graph.filter((e) => !claimed.has(e.seq));
}

/** On-behalf-of token requests (`grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer`). */
export const isOnBehalfOf = (entry: RequestLogEntry) =>
  entry.service === 'entra' && (entry.grantType ?? '').endsWith('jwt-bearer');

/** Log entries since `seq`, read after the backend has answered (the log is written synchronously). */
export async function logSince(ctx: BenchContext, seq: number): Promise<RequestLogEntry[]> {
  return ctx.emulator.requests(seq);
}
