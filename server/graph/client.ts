/**
 * The Microsoft Graph client for one API request: @microsoft/microsoft-graph-client 3 with the
 * caller's on-behalf-of token, its retry handler (429/503/504, honouring Retry-After) held to a
 * total time budget, and a timeout per attempt, so a slow Graph never hangs the tab past Teams'
 * 30 s limit (reliability-performance.md §2.1, §5.1).
 */
import { randomUUID } from 'node:crypto';
import {
  AuthenticationHandler,
  Client,
  HTTPMessageHandler,
  RedirectHandler,
  RedirectHandlerOptions,
  RetryHandler,
  RetryHandlerOptions,
  TelemetryHandler,
  type Context,
  type GraphRequest,
  type Middleware,
} from '@microsoft/microsoft-graph-client';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { PREFER_UNKNOWN_ENUM_MEMBERS } from '../../contracts/graph';
import type { Logger } from '../logger';
import { meters, tracer } from '../telemetry/instruments';

export type GraphSettings = {
  /** https origin of Graph, such as https://graph.microsoft.com. */
  baseUrl: string;
  /** Total time one API request may spend on Graph, retries and waits included. */
  budgetMs: number;
  attemptTimeoutMs: number;
  maxRetries: number;
  /** Base delay (s) when Graph sends no Retry-After; later retries back off exponentially. */
  retryDelaySeconds: number;
};

export type GraphApi = {
  /** A beta request for `path` (`/education/...`) or for an https link Graph returned (paging). */
  request(path: string): GraphRequest;
  /** True when `link` may receive our token: the configured Graph origin and nothing else. */
  isGraphLink(link: string): boolean;
  /** When the time budget of this API request runs out (epoch ms). */
  deadline: number;
  /** How often a failed request may be repeated (Graph's own batching retries follow it too). */
  maxRetries: number;
  log: Logger;
};

/** Header marking an answer we made up because Graph did not answer at all. */
export const SYNTHETIC_HEADER = 'x-sds-no-answer';

/** The least time worth starting another attempt with. */
const MIN_ATTEMPT_MS = 1000;

/**
 * Gives every attempt its own timeout (bounded by the request's deadline). A timeout or a failed
 * connection becomes a 504 answer, so the retry handler treats "no answer" like a gateway timeout.
 */
class AttemptTimeoutHandler implements Middleware {
  #next: Middleware | undefined;
  readonly #deadline: number;
  readonly #attemptTimeoutMs: number;

  constructor(deadline: number, attemptTimeoutMs: number) {
    this.#deadline = deadline;
    this.#attemptTimeoutMs = attemptTimeoutMs;
  }

  setNext(next: Middleware): void {
    this.#next = next;
  }

  async execute(context: Context): Promise<void> {
    const timeoutMs = Math.max(1, Math.min(this.#attemptTimeoutMs, this.#deadline - Date.now()));
    const signal = AbortSignal.timeout(timeoutMs);
    context.options = { ...context.options, signal };
    try {
      await this.#next!.execute(context);
    } catch (error) {
      const reason = signal.aborted
        ? `did not answer within ${Math.round(timeoutMs / 100) / 10} s`
        : `could not be reached (${error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)})`;
      context.response = new Response(
        JSON.stringify({ error: { code: 'noAnswer', message: `Microsoft Graph ${reason}.` } }),
        { status: 504, headers: { 'content-type': 'application/json', [SYNTHETIC_HEADER]: '1' } },
      );
    }
  }
}

function headerOf(headers: HeadersInit | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  if (Array.isArray(headers)) return headers.find(([key]) => key.toLowerCase() === name)?.[1];
  const entry = Object.entries(headers).find(([key]) => key.toLowerCase() === name);
  return entry?.[1];
}

/**
 * One client span per HTTP attempt (retries are spans of their own), a child of the API request's
 * span, with Graph's `request-id` and our `client-request-id`: the two ids Microsoft support asks
 * for. The URL's path only (never the query), never a header value beyond those ids.
 */
class GraphTracingHandler implements Middleware {
  #next: Middleware | undefined;

  setNext(next: Middleware): void {
    this.#next = next;
  }

  async execute(context: Context): Promise<void> {
    const url = new URL(typeof context.request === 'string' ? context.request : context.request.url);
    const method = (context.options?.method ?? 'GET').toUpperCase();
    const clientRequestId = headerOf(context.options?.headers, 'client-request-id');
    const span = tracer().startSpan(`Graph ${method}`, {
      kind: SpanKind.CLIENT,
      attributes: {
        'http.request.method': method,
        'server.address': url.hostname,
        'url.path': url.pathname,
        ...(clientRequestId ? { 'graph.client_request_id': clientRequestId } : {}),
      },
    });
    try {
      await this.#next!.execute(context);
      const status = context.response?.status ?? 0;
      const graphRequestId = context.response?.headers.get('request-id');
      span.setAttributes({
        'http.response.status_code': status,
        ...(graphRequestId ? { 'graph.request_id': graphRequestId } : {}),
      });
      if (status >= 500 || status === 429) span.setStatus({ code: SpanStatusCode.ERROR });
      const instruments = meters();
      instruments.graphRequests.add(1, { 'http.response.status_code': status });
      if (status === 429) instruments.graphThrottled.add(1);
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : 'error' });
      throw error;
    } finally {
      span.end();
    }
  }
}

/** The wait the retry handler will choose before the next attempt (RetryHandler.getDelay, worst case). */
export function expectedRetryDelaySeconds(
  response: Response,
  nextAttempt: number,
  baseDelaySeconds: number,
): number {
  const retryAfter = response.headers.get('retry-after');
  if (retryAfter !== null) {
    const seconds = Number(retryAfter);
    if (!Number.isNaN(seconds)) return seconds;
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, (date - Date.now()) / 1000);
  }
  const backoff = nextAttempt >= 2 ? Math.round(0.5 * (2 ** nextAttempt - 1)) : 0;
  return backoff + baseDelaySeconds + 1;
}

/** Whether a $batch body carries GETs only (bulk actions carry POSTs, status reads GETs). */
function onlyReads(body: unknown): boolean {
  if (typeof body !== 'string') return false;
  try {
    const parsed = JSON.parse(body) as { requests?: { method?: unknown }[] };
    return (
      Array.isArray(parsed.requests) &&
      parsed.requests.every((r) => typeof r.method === 'string' && r.method.toUpperCase() === 'GET')
    );
  } catch {
    return false;
  }
}

export function createGraphApi(settings: GraphSettings, accessToken: string, log: Logger): GraphApi {
  const deadline = Date.now() + settings.budgetMs;
  const origin = new URL(settings.baseUrl).origin;

  const retryOptions = new RetryHandlerOptions(
    settings.retryDelaySeconds,
    settings.maxRetries,
    (_delay, attempt, request, options, response) => {
      const url = typeof request === 'string' ? request : request.url;
      const method = (options?.method ?? 'GET').toUpperCase();
      // A POST action that timed out may have been carried out; repeating it is not ours to decide.
      // A $batch is as safe to repeat as the requests it carries.
      if (
        method === 'POST' &&
        response.status === 504 &&
        !(url.includes('/$batch') && onlyReads(options?.body))
      ) {
        return false;
      }
      const waitSeconds = expectedRetryDelaySeconds(response, attempt + 1, settings.retryDelaySeconds);
      const fits = Date.now() + waitSeconds * 1000 + MIN_ATTEMPT_MS < deadline;
      log.info(
        {
          graphStatus: response.status,
          graphRequestId: response.headers.get('request-id') ?? undefined,
          attempt: attempt + 1,
          waitSeconds,
          retrying: fits,
        },
        fits ? 'retrying Graph request' : 'not retrying Graph request: it would pass the time budget',
      );
      return fits;
    },
  );

  const middleware: Middleware[] = [
    new AuthenticationHandler({ getAccessToken: async () => accessToken }),
    new RetryHandler(retryOptions),
    new RedirectHandler(new RedirectHandlerOptions()),
    new TelemetryHandler(),
    new AttemptTimeoutHandler(deadline, settings.attemptTimeoutMs),
    new GraphTracingHandler(),
    new HTTPMessageHandler(),
  ];
  const client = Client.initWithMiddleware({
    middleware,
    baseUrl: settings.baseUrl,
    defaultVersion: 'beta',
    // The client only attaches the token to Graph's own hosts and these (hostname only, no port).
    customHosts: new Set([new URL(settings.baseUrl).hostname]),
  });

  return {
    deadline,
    maxRetries: settings.maxRetries,
    log,
    isGraphLink: (link) => {
      try {
        return new URL(link).origin === origin;
      } catch {
        return false;
      }
    },
    request: (path) =>
      client
        .api(path)
        .header('Prefer', PREFER_UNKNOWN_ENUM_MEMBERS)
        .header('client-request-id', randomUUID()),
  };
}
