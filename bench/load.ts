/**
 * One load run with autocannon, with our own latency record: autocannon's histogram keeps whole
 * milliseconds and only 2xx answers, which is too coarse for a backend that answers in 1–3 ms.
 * Each client's `response` event carries the exact duration, so percentiles here are exact.
 */
import autocannon from 'autocannon';
import type { TLSSocket } from 'node:tls';

export type LoadOptions = {
  url: string;
  connections: number;
  /** Seconds; ignored when `amount` is given. */
  durationSeconds?: number;
  /** Stop after this many responses instead of after a duration. */
  amount?: number;
  headers?: Record<string, string>;
  /** Per-connection headers (e.g. a different user's token on each connection). */
  headersForConnection?: (index: number) => Record<string, string>;
};

export type LoadResult = {
  connections: number;
  durationSeconds: number;
  requests: number;
  /** Responses per second over the whole run, every status counted. */
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  statusCounts: Record<string, number>;
  /** Connection errors and timeouts. */
  errors: number;
};

/** The minimal surface of autocannon's client used here (its types do not expose the socket). */
type ClientInternals = autocannon.Client & {
  conn?: TLSSocket;
  _connect: () => void;
};

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const durations: number[] = [];
  const statusCounts: Record<string, number> = {};
  let untrusted: string | undefined;
  let connectionIndex = 0;

  let instance: autocannon.Instance | undefined;
  const finished = new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        ...(options.amount === undefined
          ? { duration: options.durationSeconds ?? 10 }
          : { amount: options.amount }),
        headers: options.headers,
        timeout: 30,
        setupClient(client) {
          const internals = client as ClientInternals;
          const index = connectionIndex++;
          if (options.headersForConnection) {
            client.setHeaders({ ...options.headers, ...options.headersForConnection(index) });
          }
          // autocannon connects with rejectUnauthorized: false and offers no option to change that
          // (lib/httpClient.js). So every connection, the first one included (setupClient runs before
          // it), is checked once its handshake completes: `authorized` covers the chain against
          // NODE_EXTRA_CA_CERTS and the host name. The first untrusted one stops the run with an error.
          const connect = internals._connect.bind(internals);
          internals._connect = () => {
            connect();
            internals.conn?.once('secureConnect', () => {
              if (internals.conn && !internals.conn.authorized) {
                untrusted ??= String(internals.conn.authorizationError ?? 'not authorized');
                instance?.stop();
              }
            });
          };
          client.on('response', (statusCode: number, _bytes: number, durationMs: number) => {
            durations.push(durationMs);
            statusCounts[statusCode] = (statusCounts[statusCode] ?? 0) + 1;
          });
        },
      },
      (error: unknown, result: autocannon.Result) => (error ? reject(error) : resolve(result)),
    );
  });
  const result = await finished;
  if (untrusted) {
    throw new Error(
      `${options.url} presented a certificate this process does not trust (${untrusted}). ` +
        'Run the benchmark through scripts/with-local-ca.ts (npm run bench).',
    );
  }
  durations.sort((a, b) => a - b);
  return {
    connections: options.connections,
    durationSeconds: result.duration,
    requests: durations.length,
    requestsPerSecond: durations.length / result.duration,
    p50Ms: percentile(durations, 0.5),
    p99Ms: percentile(durations, 0.99),
    statusCounts,
    errors: result.errors,
  };
}

/** Nearest-rank percentile of sorted values (NaN when there are none). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[rank]!;
}
