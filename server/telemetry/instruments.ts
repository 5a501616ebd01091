/**
 * What the server measures, through the OpenTelemetry API only: without a registered SDK (no
 * APPLICATIONINSIGHTS_CONNECTION_STRING) every call here is a no-op costing a function call.
 * Instruments are created on first use, after server/index.ts has registered the SDK.
 *
 * Names (README, "Operate"):
 * - `http.server.request.duration` (s): every API request by method, route and status: rate and latency.
 * - `sds.graph.requests`: Graph HTTP attempts by status; `sds.graph.throttled`: those Graph answered 429.
 * - `sds.obo.tokens`: Graph tokens handed out by where they came from (`memory`, `shared_cache`,
 *   `entra`): the first two are cache hits. `sds.obo.exchanges`: exchanges with Entra by outcome.
 */
import { metrics, trace, type Counter, type Histogram, type Tracer } from '@opentelemetry/api';
import { APP_VERSION } from '../version';

const SCOPE = 'sds-profiles';

type Instruments = {
  requestDuration: Histogram;
  graphRequests: Counter;
  graphThrottled: Counter;
  oboTokens: Counter;
  oboExchanges: Counter;
};

let instruments: Instruments | undefined;

export function meters(): Instruments {
  if (instruments) return instruments;
  const meter = metrics.getMeter(SCOPE, APP_VERSION);
  instruments = {
    requestDuration: meter.createHistogram('http.server.request.duration', {
      unit: 's',
      description: 'Duration of API requests',
      advice: { explicitBucketBoundaries: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25] },
    }),
    graphRequests: meter.createCounter('sds.graph.requests', {
      description: 'HTTP attempts to Microsoft Graph, retries included',
    }),
    graphThrottled: meter.createCounter('sds.graph.throttled', {
      description: 'Graph attempts answered 429 Too Many Requests',
    }),
    oboTokens: meter.createCounter('sds.obo.tokens', {
      description:
        'Graph tokens handed out, by source: memory and shared_cache are cache hits, entra an exchange',
    }),
    oboExchanges: meter.createCounter('sds.obo.exchanges', {
      description: 'On-behalf-of exchanges with Entra ID, by outcome',
    }),
  };
  return instruments;
}

export function tracer(): Tracer {
  return trace.getTracer(SCOPE, APP_VERSION);
}

/** Forgets the instruments (a test registers a fresh SDK). */
export function resetInstruments(): void {
  instruments = undefined;
}
