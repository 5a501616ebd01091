/**
 * The tab's client for its backend (routes in contracts/wire.ts). Every call carries the Teams
 * SSO token. One token serves the whole load: it is asked for once and shared by concurrent
 * calls, and replaced only when the backend rejects it (expired or invalid: Teams refreshes its
 * cached token only when asked again) or when it is about to expire. When Entra wants more (a
 * Conditional Access or MFA claims challenge), the backend answers `interaction_required` with
 * the claims, and the call is retried once with a token that carries them.
 *
 * The modules next to this one describe the calls (first load, profiles, actions) and send them
 * through `request`.
 */
import { tabConfigSchema, type TabConfig } from '../../contracts/firstLoad';
import { AFTER_CONSENT_HEADER, apiRoutes, TEAMS_SESSION_HEADER } from '../../contracts/wire';
import { ApiError, errorFromResponse } from './apiError';
import { reader } from './read';

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/** What the client asks the host for: a cached token, a fresh one, or one satisfying claims. */
export type TokenRequest = { fresh: boolean; claims?: string };

export type ApiClientOptions = {
  getToken: (request: TokenRequest) => Promise<string>;
  fetch?: FetchLike;
  baseUrl?: string;
  /** For tests: the clock the token's expiry is compared with. */
  now?: () => number;
};

/** One call: where, how, and how to read a successful answer (throwing when it isn't one). */
export type RequestSpec<T> = {
  method?: 'GET' | 'PUT' | 'POST';
  path: string;
  read: (body: unknown) => T;
  body?: unknown;
  headers?: Record<string, string>;
  /** 304 Not Modified is an answer (conditional GET), not an error. */
  allowNotModified?: boolean;
  /** Aborts the call (TanStack Query cancels reads that a save makes obsolete). */
  signal?: AbortSignal;
};

export type ApiResult<T> = { data: T; response: Response } | { data: null; response: Response };

export type ApiClient = {
  request: <T>(spec: RequestSpec<T>) => Promise<ApiResult<T>>;
  /** After an admin granted consent: the next calls ask the backend to wait out propagation. */
  noteConsentGranted: () => void;
  /** The Teams session id (from the Teams context) every later call carries; null stops sending it. */
  setTeamsSessionId: (sessionId: string | null) => void;
};

// Tells the backend consent was just granted (it then retries on-behalf-of patiently).
export { AFTER_CONSENT_HEADER };

const tokenProblems = new Set(['token_expired', 'invalid_token']);
/** A token this close to its expiry is not worth sending: the backend would refuse it in flight. */
const EXPIRY_MARGIN_MS = 60_000;

export function createApiClient(options: ApiClientOptions): ApiClient {
  const doFetch: FetchLike = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const base = options.baseUrl ?? '';
  const now = options.now ?? Date.now;
  let afterConsent = false;
  let teamsSessionId: string | null = null;
  let token: Promise<string> | null = null;

  /** Which token took the place of a refused one, and for which claims. */
  const replacements = new WeakMap<Promise<string>, { claims?: string; token: Promise<string> }>();

  /**
   * The token to send. `refused` is the token just turned down (by the backend, or here for being
   * about to expire): when another call already replaced it (three reads of the profile page
   * refused at once), the replacement serves this call too, so the admin sees one verification
   * prompt, not three — unless this call needs claims that replacement was not asked for. That
   * holds after the replacement failed as well: a call whose refusal arrives after the admin
   * cancelled the prompt fails the same way instead of asking again.
   */
  function currentToken(request: TokenRequest, refused?: Promise<string>): Promise<string> {
    const replacement = refused && replacements.get(refused);
    if (replacement && (request.claims === undefined || replacement.claims === request.claims)) {
      return replacement.token;
    }
    if (request.fresh || request.claims) token = null;
    if (!token) {
      const asked = options.getToken(request);
      token = asked;
      // A refused request is not remembered: the next call asks the host again.
      asked.catch(() => {
        if (token === asked) token = null;
      });
    }
    if (refused) replacements.set(refused, { claims: request.claims, token });
    return token;
  }

  type Sent = { response: Response; sentWith: Promise<string> };

  async function send(
    spec: RequestSpec<unknown>,
    request: TokenRequest,
    refused?: Promise<string>,
  ): Promise<Sent> {
    let bearer: string;
    let sentWith: Promise<string>;
    try {
      sentWith = currentToken(request, refused);
      bearer = await sentWith;
      if (!request.fresh && expiresWithin(bearer, now() + EXPIRY_MARGIN_MS)) {
        sentWith = currentToken({ fresh: true }, sentWith);
        bearer = await sentWith;
      }
    } catch (error) {
      throw new ApiError('auth', error instanceof Error ? error.message : String(error));
    }
    const headers: Record<string, string> = {
      Accept: 'application/json',
      Authorization: `Bearer ${bearer}`,
      ...spec.headers,
    };
    if (afterConsent) headers[AFTER_CONSENT_HEADER] = '1';
    if (teamsSessionId) headers[TEAMS_SESSION_HEADER] = teamsSessionId;
    if (spec.body !== undefined) headers['Content-Type'] = 'application/json';
    try {
      const response = await doFetch(`${base}${spec.path}`, {
        method: spec.method ?? 'GET',
        headers,
        body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
        cache: 'no-store',
        signal: spec.signal,
      });
      return { response, sentWith };
    } catch (error) {
      if (spec.signal?.aborted) throw spec.signal.reason;
      throw new ApiError('network', error instanceof Error ? error.message : String(error));
    }
  }

  async function request<T>(spec: RequestSpec<T>): Promise<ApiResult<T>> {
    const first = await send(spec, { fresh: false });
    let response = first.response;
    if (response.status === 401 || response.status === 403) {
      const refusal = await failure(response);
      const retry = retryFor(response, refusal);
      if (retry) response = (await sendRetry(spec, retry, first.sentWith, refusal)).response;
    }
    if (response.status === 304 && spec.allowNotModified) return { data: null, response };
    if (!response.ok) throw await failure(response);
    afterConsent = false;
    const body = response.status === 204 ? null : await readJson(response);
    return { data: readAnswer(spec, body, response), response };
  }

  /**
   * The retry of a refused call. When Teams gives no token for a claims challenge (the admin
   * cancelled the verification), the error keeps the backend's `interaction_required` problem, so
   * the tab can say that a verification is what is missing, and quote its request id.
   */
  async function sendRetry(
    spec: RequestSpec<unknown>,
    retry: TokenRequest,
    refused: Promise<string>,
    refusal: ApiError,
  ): Promise<Sent> {
    try {
      return await send(spec, retry, refused);
    } catch (error) {
      if (error instanceof ApiError && error.kind === 'auth' && retry.claims) {
        throw new ApiError('auth', error.message, { status: refusal.status, problem: refusal.problem });
      }
      throw error;
    }
  }

  /** The token a rejected call is worth one retry with, or null (the rejection stands). */
  function retryFor(response: Response, error: ApiError): TokenRequest | null {
    if (error.code === 'interaction_required' && error.problem?.claims) {
      return { fresh: true, claims: error.problem.claims };
    }
    if (response.status === 401 && error.code && tokenProblems.has(error.code)) return { fresh: true };
    throw error;
  }

  return {
    request,
    noteConsentGranted() {
      afterConsent = true;
    },
    setTeamsSessionId(sessionId) {
      teamsSessionId = sessionId || null;
    },
  };
}

/** Reads a successful answer; an answer that breaks its contract is an error with the request id. */
function readAnswer<T>(spec: RequestSpec<T>, body: unknown, response: Response): T {
  try {
    return spec.read(body);
  } catch (error) {
    throw new ApiError(
      'unexpected',
      `The server's answer to ${spec.method ?? 'GET'} ${spec.path} was not understood (${error instanceof Error ? error.message : String(error)}).`,
      { status: response.status, requestId: response.headers.get('x-request-id') },
    );
  }
}

/** Whether a JWT's `exp` is before `limitMs`; false when the token has no readable expiry. */
function expiresWithin(jwt: string, limitMs: number): boolean {
  const payload = jwt.split('.')[1];
  if (!payload) return false;
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/')) as string;
    const exp = (JSON.parse(json) as { exp?: unknown }).exp;
    return typeof exp === 'number' && exp * 1000 < limitMs;
  } catch {
    return false;
  }
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

async function failure(response: Response): Promise<ApiError> {
  const body = await readJson(response);
  return errorFromResponse(response.status, body, {
    requestId: response.headers.get('x-request-id'),
    retryAfter: response.headers.get('retry-after'),
  });
}

const readTabConfig = reader(tabConfigSchema, 'config');

/** `GET /api/config` needs no token: it tells the tab which hosts may frame it. */
export async function fetchTabConfig(
  doFetch: FetchLike = (input, init) => globalThis.fetch(input, init),
): Promise<TabConfig> {
  let response: Response;
  try {
    // No `cache: 'no-store'` here: it would refuse the answer index.html preloads. The backend
    // marks every /api answer no-store, so nothing stale is ever reused.
    response = await doFetch(apiRoutes.config, { headers: { Accept: 'application/json' } });
  } catch (error) {
    throw new ApiError('network', error instanceof Error ? error.message : String(error));
  }
  if (!response.ok) throw await failure(response);
  try {
    return readTabConfig(await readJson(response));
  } catch (error) {
    throw new ApiError(
      'unexpected',
      `The tab configuration from ${apiRoutes.config} was not understood (${error instanceof Error ? error.message : String(error)}).`,
      { status: response.status, requestId: response.headers.get('x-request-id') },
    );
  }
}
