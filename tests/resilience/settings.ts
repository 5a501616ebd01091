/**
 * How hard the resilience suite pushes. The same test files run twice: briefly inside `npm test`
 * (the `integration` project), and at full length with `npm run test:resilience`, whose config
 * (vitest.resilience.config.ts) sets RESILIENCE_FULL=1.
 */
import { POLL_BUSY_MS, POLL_FOLLOW_MS } from '../../src/lib/pollCadence';

export const RESILIENCE_FULL = process.env.RESILIENCE_FULL === '1';

export const resilience = RESILIENCE_FULL
  ? {
      /**
       * Simulated tabs polling at once (at most: the real rate limit decides how many fit), for
       * how long, and how often each polls: the tab's cadence while a sync runs.
       */
      pollingTabs: 200,
      pollingSeconds: 30,
      pollingCadenceMs: POLL_BUSY_MS,
      /** Dashboard loads and edits under injected Graph faults. */
      faultDashboardLoads: 12,
      faultEdits: 10,
      /** Each Graph request (and $batch sub-request) is slowed by up to this many ms. */
      faultLatencyMs: 2000,
      /** 503s carry no Retry-After, so the backend's exponential backoff is exercised. */
      retryAfterOn503: false,
      /** No cap: 30 % of requests fail for the whole test. */
      maxFaults: undefined,
      /** fast-check runs per property. */
      fuzzRuns: 400,
    }
  : {
      pollingTabs: 40,
      pollingSeconds: 5,
      // The tab's cadence right after a save, so a short run still sees repeat polls.
      pollingCadenceMs: POLL_FOLLOW_MS,
      faultDashboardLoads: 3,
      faultEdits: 3,
      faultLatencyMs: 200,
      // Short run: every wait is a Retry-After of 1 s rather than the backend's 3 s+ backoff, and
      // the dice stop failing after 6 faults, which keeps the run within seconds.
      retryAfterOn503: true,
      maxFaults: 6,
      fuzzRuns: 40,
    };

/** fast-check seed: the same bodies every run, so a failure reproduces. Override with FUZZ_SEED. */
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20_261_122);
