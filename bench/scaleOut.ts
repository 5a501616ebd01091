/**
 * Scale-out: three more app server processes against the bench's emulator, sharing a real
 * redis-server (started here on a free port, persistence off), as App Service runs several
 * instances behind its load balancer.
 *
 * - On-behalf-of exchanges per 1,000 status calls of one user (one SSO token) spread over the
 *   three instances, counted from the emulator's log: the shared token cache makes it 1.
 * - Status-poll throughput of an instance with Redis against one without (in memory), the same
 *   process and configuration otherwise, measured back to back twice (memory, Redis, memory,
 *   Redis) and compared by their sums: what sharing state costs a poll.
 */
import { apiRoutes } from '../contracts/api';
import { freePort } from '../tests/support/localServer';
import { startRedisServer } from '../tests/support/redisServer';
import { startServerProcess, type ServerProcess } from '../scripts/stack';
import { bearer, firstProfileId, isOnBehalfOf, logSince, type BenchContext } from './context';
import { runLoad, type LoadResult } from './load';
import type { Figure } from './report';

const SECTION = 'Scale-out: three instances sharing state in Redis';
const CALLS = 1000;
const INSTANCES = 3;
const THROUGHPUT_CONNECTIONS = 10;
/** Sharing state may cost a status poll at most 10 % of its throughput. */
const RATIO_TARGET = 0.9;

export type ScaleOutRaw = {
  oboCallsPerInstance: number[];
  throughput: { memory: LoadResult[]; redis: LoadResult[] };
};

export async function measureScaleOut(ctx: BenchContext): Promise<{ figures: Figure[]; raw: ScaleOutRaw }> {
  const { emulator, stack } = ctx;
  const redis = await startRedisServer();
  const servers: ServerProcess[] = [];
  const start = async (env: Record<string, string>) => {
    const server = await startServerProcess({
      stackPorts: stack.ports,
      certs: stack.certs,
      port: await freePort(),
      env: { RATE_LIMIT_PER_MINUTE: '100000000', LOG_LEVEL: 'warn', ...env },
    });
    servers.push(server);
    return server;
  };
  try {
    ctx.progress(
      `scale-out: redis-server on port ${redis.port}, ${INSTANCES} instances and one without Redis`,
    );
    const shared = await Promise.all(
      Array.from({ length: INSTANCES }, () => start({ REDIS_URL: redis.url })),
    );
    const alone = await start({});

    // One user's 1,000 calls, a third on each instance at once: a tab whose polls land anywhere.
    const token = await emulator.ssoToken('admin@contoso');
    const statusPath = apiRoutes.profileStatus(
      await firstProfileId(ctx, await emulator.ssoToken('admin@contoso')),
    );
    ctx.progress(`scale-out: ${CALLS} calls of one SSO token over ${INSTANCES} instances`);
    const seq = await emulator.lastSeq();
    const share = (i: number) => Math.floor(CALLS / INSTANCES) + (i < CALLS % INSTANCES ? 1 : 0);
    const oboRuns = await Promise.all(
      shared.map((server, i) =>
        runLoad({
          url: `${server.url}${statusPath}`,
          connections: 1,
          amount: share(i),
          headers: bearer(token),
        }),
      ),
    );
    const exchanges = (await logSince(ctx, seq)).filter(isOnBehalfOf).length;
    const okCalls = oboRuns.reduce((sum, r) => sum + (r.statusCounts['200'] ?? 0), 0);

    // Throughput with and without Redis, warmed up, alternating so that drift hits both alike.
    const seconds = Math.max(1, Math.round(8 * ctx.scale));
    const poll = (server: ServerProcess, durationSeconds: number) =>
      runLoad({
        url: `${server.url}${statusPath}`,
        connections: THROUGHPUT_CONNECTIONS,
        durationSeconds,
        headers: bearer(token),
      });
    ctx.progress(
      `scale-out: status polls with and without Redis, ${THROUGHPUT_CONNECTIONS} connections, 4 × ${seconds} s`,
    );
    await poll(alone, Math.max(1, Math.round(2 * ctx.scale)));
    await poll(shared[0]!, Math.max(1, Math.round(2 * ctx.scale)));
    const throughput: ScaleOutRaw['throughput'] = { memory: [], redis: [] };
    for (let round = 0; round < 2; round++) {
      throughput.memory.push(await poll(alone, seconds));
      throughput.redis.push(await poll(shared[0]!, seconds));
    }
    const total = (runs: LoadResult[]) => runs.reduce((sum, r) => sum + r.requests, 0);
    const rate = (runs: LoadResult[]) => total(runs) / runs.reduce((sum, r) => sum + r.durationSeconds, 0);
    const failed = [...throughput.memory, ...throughput.redis].filter(
      (r) => r.errors > 0 || (r.statusCounts['200'] ?? 0) !== r.requests,
    );

    return {
      figures: [
        {
          section: SECTION,
          name: `OBO token requests per ${CALLS} calls of 1 user over ${INSTANCES} instances`,
          value: exchanges,
          unit: '',
          digits: 0,
          target: { comparison: 'equal', value: 1, unit: '' },
          detail: `calls per instance ${oboRuns.map((r) => r.requests).join(' / ')}, all at once; one SSO token`,
          ...(okCalls === CALLS ? {} : { error: `only ${okCalls} of ${CALLS} calls answered 200` }),
        },
        {
          section: SECTION,
          name: `Status-poll throughput ratio Redis/in memory, ${THROUGHPUT_CONNECTIONS} conn.`,
          value: rate(throughput.redis) / rate(throughput.memory),
          unit: '',
          digits: 2,
          target: { comparison: 'atLeast', value: RATIO_TARGET, unit: '' },
          detail: `Redis ${rate(throughput.redis).toFixed(0)} req/s, in memory ${rate(throughput.memory).toFixed(0)} req/s (2 × ${seconds} s each, alternating)`,
          ...(failed.length
            ? { error: `${failed.length} throughput run(s) had errors or non-200 answers` }
            : {}),
        },
      ],
      raw: { oboCallsPerInstance: oboRuns.map((r) => r.requests), throughput },
    };
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
    await redis.stop();
  }
}
