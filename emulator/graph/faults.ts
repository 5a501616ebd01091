/**
 * Injected faults, modelled on Microsoft Dev Proxy (reliability-performance.md §1): a share of
 * Graph requests fails with 429/5xx or is slowed down, decided by seeded dice so that the same
 * seed and the same request sequence give the same faults. Throttling is enforced per workload as
 * Dev Proxy's RetryAfterPlugin does: after a 429, a request to the same workload before
 * Retry-After has passed gets another 429 and restarts the wait.
 *
 * Faults apply to Graph requests (each $batch sub-request on its own), never to /_emulator.
 */
import { z } from 'zod';
import { GraphHttpError } from './errors';
import { seededRandom, type Random } from './prng';

export const faultStatuses = [429, 500, 502, 503, 504, 507] as const;
export type FaultStatus = (typeof faultStatuses)[number];

/** Dev Proxy's per-method sets: 507 Insufficient Storage only for methods that store something. */
const storingMethods = new Set(['POST', 'PUT', 'DELETE']);

/**
 * Early retries within this margin of Retry-After are forgiven: a client that sleeps exactly
 * Retry-After seconds can land a few milliseconds early through timer rounding.
 */
const RETRY_AFTER_TOLERANCE_MS = 100;

const latency = z.union([
  z.number().int().min(0).max(60_000),
  z
    .tuple([z.number().int().min(0).max(60_000), z.number().int().min(0).max(60_000)])
    .refine(([min, max]) => min <= max, { error: 'the minimum must not exceed the maximum' }),
]);

export const faultSpecSchema = z.strictObject({
  /** Share of matching requests that fail, 0..1. */
  rate: z.number().min(0).max(1),
  statuses: z
    .array(
      z.union(
        faultStatuses.map((s) => z.literal(s)),
        { error: `must each be one of ${faultStatuses.join(', ')}` },
      ),
    )
    .min(1)
    .default([429, 500, 502, 503, 504, 507]),
  /** Seconds sent in Retry-After on a 429 (Dev Proxy's default is 5). */
  retryAfterSeconds: z.number().positive().max(3600).default(5),
  /** Whether 503 answers carry Retry-After too (Graph's docs say they may). */
  retryAfterOn503: z.boolean().default(false),
  /** A fixed delay in ms, or [min, max] for a uniform random one. */
  latencyMs: latency.optional(),
  /**
   * Where the delay falls: before Graph handles the request (a slow way there, the default), or
   * after it answered (a slow way back: the answer holds the data as it was on arrival, so a read
   * can land after a later write).
   */
  latencyAt: z.enum(['request', 'response']).optional(),
  /** A regular expression matched against the request path and query (`/beta/education/...`). */
  pathPattern: z
    .string()
    .refine(
      (pattern) => {
        try {
          new RegExp(pattern);
          return true;
        } catch {
          return false;
        }
      },
      { error: 'must be a valid regular expression' },
    )
    .optional(),
  seed: z.union([z.number().int(), z.string()]).default(1),
  /** Stop failing after this many injected failures (latency continues). */
  maxFaults: z.number().int().positive().optional(),
  /** Only Graph faults are handled here. */
  service: z.literal('graph').optional(),
});
export type FaultSpecInput = z.input<typeof faultSpecSchema>;
export type FaultSpec = z.output<typeof faultSpecSchema>;

export type FaultDecision = {
  latencyMs: number;
  latencyAt?: 'request' | 'response';
  /** The failure to answer with, if any. */
  failure?: GraphHttpError;
  /** True when the failure enforces an earlier 429's Retry-After rather than a new roll. */
  enforced?: boolean;
};

const failureText: Record<Exclude<FaultStatus, 429>, { code: string; message: string }> = {
  500: { code: 'generalException', message: 'General exception while processing.' },
  502: { code: 'badGateway', message: 'The service encountered a problem reaching a dependency.' },
  503: {
    code: 'serviceNotAvailable',
    message: 'The service is temporarily unavailable. Please retry later.',
  },
  504: { code: 'gatewayTimeout', message: 'The request timed out before the service answered.' },
  507: { code: 'quotaLimitReached', message: 'Insufficient storage to complete the request.' },
};

function retryAfterHeader(seconds: number): Record<string, string> {
  return { 'Retry-After': String(seconds) };
}

function throttled(seconds: number): GraphHttpError {
  // The body of the throttling sample in Graph's docs (graph-sds-api.md §8.2).
  return new GraphHttpError(429, 'TooManyRequests', 'Please retry again later.', {
    headers: retryAfterHeader(seconds),
    innerError: { code: '429', message: 'Please retry after', status: '429' },
  });
}

/** The Graph workload a path belongs to: the segment after the version (`education`). */
export function workloadOf(path: string): string {
  return (path.split('?')[0]!.split('/').filter(Boolean)[1] ?? '').toLowerCase();
}

export class FaultInjector {
  #spec: FaultSpec | null = null;
  #pattern: RegExp | null = null;
  #random: Random = seededRandom(1);
  #failures = 0;
  /** Caller and workload → epoch ms until which requests are throttled. */
  #throttledUntil = new Map<string, number>();

  get spec(): FaultSpec | null {
    return this.#spec;
  }

  set(spec: FaultSpec): void {
    this.#spec = spec;
    this.#pattern = spec.pathPattern === undefined ? null : new RegExp(spec.pathPattern);
    this.#random = seededRandom(spec.seed);
    this.#failures = 0;
    this.#throttledUntil.clear();
  }

  clear(): void {
    this.#spec = null;
    this.#pattern = null;
    this.#failures = 0;
    this.#throttledUntil.clear();
  }

  /**
   * Rolls the dice for one request. Every matching request consumes exactly three numbers
   * (fail?, which status?, how slow?), so one request's outcome never shifts another's.
   */
  decide(method: string, pathAndQuery: string, now: number, caller = ''): FaultDecision | null {
    const spec = this.#spec;
    if (!spec) return null;

    const workload = `${caller}|${workloadOf(pathAndQuery)}`;
    const until = this.#throttledUntil.get(workload);
    if (until !== undefined && now < until - RETRY_AFTER_TOLERANCE_MS) {
      this.#throttledUntil.set(workload, now + spec.retryAfterSeconds * 1000);
      return { latencyMs: 0, failure: throttled(spec.retryAfterSeconds), enforced: true };
    }
    if (this.#pattern && !this.#pattern.test(pathAndQuery)) return null;

    const failRoll = this.#random();
    const statusRoll = this.#random();
    const latencyRoll = this.#random();

    const latencyMs = Array.isArray(spec.latencyMs)
      ? Math.floor(spec.latencyMs[0] + latencyRoll * (spec.latencyMs[1] - spec.latencyMs[0]))
      : (spec.latencyMs ?? 0);

    const exhausted = spec.maxFaults !== undefined && this.#failures >= spec.maxFaults;
    const candidates = spec.statuses.filter((s) => s !== 507 || storingMethods.has(method.toUpperCase()));
    if (exhausted || candidates.length === 0 || failRoll >= spec.rate)
      return { latencyMs, latencyAt: spec.latencyAt };

    this.#failures++;
    const status = candidates[Math.floor(statusRoll * candidates.length)]!;
    if (status === 429) {
      this.#throttledUntil.set(workload, now + spec.retryAfterSeconds * 1000);
      return { latencyMs, failure: throttled(spec.retryAfterSeconds) };
    }
    const { code, message } = failureText[status];
    const headers = status === 503 && spec.retryAfterOn503 ? retryAfterHeader(spec.retryAfterSeconds) : {};
    return { latencyMs, failure: new GraphHttpError(status, code, message, { headers }) };
  }
}
