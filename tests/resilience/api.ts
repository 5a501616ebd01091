/**
 * Our API as the tab calls it, for the resilience tests: plain HTTPS requests with an SSO token,
 * answers kept whole (status, headers, parsed body) so a test can judge every one of them.
 *
 * Requests go through node:https with a keep-alive agent rather than fetch: fetch (undici) gives
 * up on a connection after 10 s, a browser waits far longer. When 200 simulated tabs, the backend
 * and the emulator share two cores, a slow handshake is slowness to report, not a failed answer.
 * An answer that takes longer than REQUEST_TIMEOUT_MS is a failure. A 429 from our own per-user
 * limit is waited out (Retry-After) and asked again, as the tab does, and the wait is recorded.
 */
import https from 'node:https';
import { inject } from 'vitest';
import { problemSchema, type Problem } from '../../contracts/api';
import { createEmulatorClient, type EmulatorClient } from '../support/emulator-client';

export type ApiAnswer = {
  status: number;
  headers: Headers;
  /** Parsed JSON, or the text when the body is not JSON, or undefined when empty. */
  body: unknown;
};

export type Api = {
  appUrl: string;
  emulator: EmulatorClient;
  /**
   * Seconds waited on our own per-user limit (429 rate_limited): the suite runs with the real
   * default limit, and a simulated tab waits out Retry-After and asks again, as the tab does.
   */
  rateLimitWaits: number[];
  request(
    method: string,
    path: string,
    token: string,
    options?: { headers?: Record<string, string>; body?: string | Buffer },
  ): Promise<ApiAnswer>;
};

export const REQUEST_TIMEOUT_MS = 30_000;
/** How often one request waits out our rate limit before its 429 is the answer. */
const RATE_LIMIT_RETRIES = 3;

/** Connections are kept and reused as a browser does; NODE_EXTRA_CA_CERTS makes the CA trusted. */
const agent = new https.Agent({ keepAlive: true });

function send(
  url: string,
  method: string,
  headers: Record<string, string>,
  body: string | Buffer | undefined,
): Promise<{ status: number; headers: Headers; text: string }> {
  return new Promise((resolve, reject) => {
    const request = https.request(
      url,
      { method, headers, agent, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const answerHeaders = new Headers();
          for (const [name, value] of Object.entries(response.headers)) {
            if (value !== undefined) answerHeaders.set(name, Array.isArray(value) ? value.join(', ') : value);
          }
          resolve({
            status: response.statusCode ?? 0,
            headers: answerHeaders,
            text: Buffer.concat(chunks).toString('utf8'),
          });
        });
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

function parsed(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    // Not JSON: the text itself is what the test reports.
    return text;
  }
}

/** Our own limit's answer (not Graph's throttling, which the backend reports as graph_throttled). */
function rateLimitedFor(answer: ApiAnswer): number | null {
  if (answer.status !== 429) return null;
  const problem = problemSchema.safeParse(answer.body);
  const seconds = Number(answer.headers.get('retry-after'));
  return problem.success && problem.data.code === 'rate_limited' && seconds > 0 ? seconds : null;
}

export function connectApi(): Api {
  const urls = inject('urls');
  const emulator = createEmulatorClient({ entraUrl: urls.entra, graphUrl: urls.graph });
  const rateLimitWaits: number[] = [];
  return {
    appUrl: urls.app,
    emulator,
    rateLimitWaits,
    async request(method, path, token, options = {}) {
      for (let attempt = 0; ; attempt++) {
        const response = await send(
          `${urls.app}${path}`,
          method,
          {
            authorization: `Bearer ${token}`,
            ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
            ...options.headers,
          },
          options.body,
        );
        const answer = { status: response.status, headers: response.headers, body: parsed(response.text) };
        const wait = rateLimitedFor(answer);
        if (wait === null || attempt === RATE_LIMIT_RETRIES) return answer;
        rateLimitWaits.push(wait);
        await new Promise((resolve) => setTimeout(resolve, wait * 1000));
      }
    },
  };
}

/** The answer's problem+json, or a failure that shows what came instead. */
export function problemOf(answer: ApiAnswer): Problem {
  const parsed = problemSchema.safeParse(answer.body);
  if (!parsed.success) {
    throw new Error(
      `Expected a problem+json body with ${answer.status}, got ${JSON.stringify(answer.body)?.slice(0, 400)}`,
    );
  }
  return parsed.data;
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

/**
 * A figure a resilience test reports rather than asserts (a p99, a tally): attached to the test
 * as an annotation (kept in the JSON report) and printed, so a terminal run shows it too.
 */
export async function report(
  annotate: (message: string) => Promise<unknown>,
  message: string,
): Promise<void> {
  console.log(message);
  await annotate(message);
}
