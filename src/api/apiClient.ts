/**
 * The tab's client for its backend (routes in contracts/wire.ts). Every call carries the Teams
 * SSO token; an expired or rejected token is replaced once and the call retried, because Teams
 * refreshes its cached token only when asked again. Feature modules describe their own calls
 * (path, method, how to read the answer) and send them through `request`.
 */
import type { Me, ProfileList, TabConfig } from '../../contracts/api';
import { AFTER_CONSENT_HEADER, apiRoutes } from '../../contracts/wire';
import { ApiError, errorFromResponse } from './apiError';
import { readMe, readProfileList, readTabConfig } from './wireChecks';

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export type ApiClientOptions = {
  /** Returns an SSO token; `fresh` asks Teams again after the backend rejected the last one. */
  getToken: (fresh: boolean) => Promise<string>;
  fetch?: FetchLike;
  baseUrl?: string;
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
};

export type ApiResult<T> = { data: T; response: Response } | { data: null; response: Response };

export type ApiClient = {
  request: <T>(spec: RequestSpec<T>) => Promise<ApiResult<T>>;
  me: () => Promise<Me>;
  listProfiles: () => Promise<ProfileList>;
  /** After an admin granted consent: the next calls ask the backend to wait out propagation. */
  noteConsentGranted: () => void;
};

// Tells the backend consent was just granted (it then retries on-behalf-of patiently).
export { AFTER_CONSENT_HEADER };

const tokenProblems = new Set(['token_expired', 'invalid_token']);

export function createApiClient(options: ApiClientOptions): ApiClient {
  const doFetch: FetchLike = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const base = options.baseUrl ?? '';
  let afterConsent = false;

  async function send(spec: RequestSpec<unknown>, fresh: boolean): Promise<Response> {
    let token: string;
    try {
      token = await options.getToken(fresh);
    } catch (error) {
      throw new ApiError('auth', error instanceof Error ? error.message : String(error));
    }
    const headers: Record<string, string> = {
      Accept: 'application/json',
      Authorization: `Bearer ${token}`,
      ...spec.headers,
    };
    if (afterConsent) headers[AFTER_CONSENT_HEADER] = '1';
    if (spec.body !== undefined) headers['Content-Type'] = 'application/json';
    try {
      return await doFetch(`${base}${spec.path}`, {
        method: spec.method ?? 'GET',
        headers,
        body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
        cache: 'no-store',
      });
    } catch (error) {
      throw new ApiError('network', error instanceof Error ? error.message : String(error));
    }
  }

  async function request<T>(spec: RequestSpec<T>): Promise<ApiResult<T>> {
    let response = await send(spec, false);
    if (response.status === 401) {
      const error = await failure(response);
      if (!error.code || !tokenProblems.has(error.code)) throw error;
      response = await send(spec, true);
    }
    if (response.status === 304 && spec.allowNotModified) return { data: null, response };
    if (!response.ok) throw await failure(response);
    afterConsent = false;
    const body = response.status === 204 ? null : await readJson(response);
    try {
      return { data: spec.read(body), response };
    } catch (error) {
      throw new ApiError(
        'unexpected',
        `The server's answer to ${spec.path} was not understood (${error instanceof Error ? error.message : String(error)}).`,
        { status: response.status, requestId: response.headers.get('x-request-id') },
      );
    }
  }

  async function get<T>(path: string, read: (body: unknown) => T): Promise<T> {
    const { data } = await request({ path, read });
    return data as T;
  }

  return {
    request,
    me: () => get(apiRoutes.me, readMe),
    listProfiles: () => get(apiRoutes.profiles, readProfileList),
    noteConsentGranted() {
      afterConsent = true;
    },
  };
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

/** `GET /api/config` needs no token: it tells the tab which hosts may frame it. */
export async function fetchTabConfig(
  doFetch: FetchLike = (input, init) => globalThis.fetch(input, init),
): Promise<TabConfig> {
  let response: Response;
  try {
    response = await doFetch(apiRoutes.config, {
      headers: { Accept: 'application/json' },
      cache: 'no-store',
    });
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
      { status: response.status },
    );
  }
}
