import { describe, expect, it } from 'vitest';
import {
  AFTER_CONSENT_HEADER,
  createApiClient,
  fetchTabConfig,
  type FetchLike,
  type TokenRequest,
} from '../../src/api/apiClient';
import { ApiError, retryAfterSeconds, toApiError } from '../../src/api/apiError';
import { getMe, listProfiles } from '../../src/api/firstLoad';
import { describeProblem, supportDetails } from '../../src/api/describeProblem';
import { TEAMS_SESSION_HEADER } from '../../contracts/wire';
import { sampleMe } from '../support/tab-profiles';

type Call = { url: string; init: RequestInit };

/** A fake network: answers calls in order and records what was sent. */
function network(...answers: (Response | Error)[]) {
  const calls: Call[] = [];
  const fetch: FetchLike = async (url, init) => {
    calls.push({ url, init });
    const next = answers.shift();
    if (!next) throw new Error(`unexpected call to ${url}`);
    if (next instanceof Error) throw next;
    return next;
  };
  return { calls, fetch };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

const problem = (status: number, code: string, extra: Record<string, unknown> = {}) =>
  json(
    status,
    { type: 'about:blank', title: code, status, code, detail: `detail of ${code}`, ...extra },
    {
      'content-type': 'application/problem+json',
      'x-request-id': 'req-1',
    },
  );

const me = sampleMe();

const header = (call: Call, name: string) => new Headers(call.init.headers).get(name);

function client(
  fetch: FetchLike,
  token: (request: TokenRequest) => string = (r) => (r.fresh ? 'fresh-token' : 'cached-token'),
) {
  const tokens: boolean[] = [];
  const requests: TokenRequest[] = [];
  const api = createApiClient({
    fetch,
    getToken: async (request) => {
      tokens.push(request.fresh);
      requests.push(request);
      return token(request);
    },
  });
  return { api, tokens, requests };
}

/** Waits (a few macrotasks at most) until `condition` holds. */
async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 50 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 0));
  expect(condition()).toBe(true);
}

/** An unsigned JWT-shaped token expiring at `exp` (seconds): the client reads only `exp`. */
const jwtExpiring = (exp: number) => `e30.${Buffer.from(JSON.stringify({ exp })).toString('base64url')}.sig`;

describe('api client', () => {
  it('sends the SSO token as a bearer token', async () => {
    const net = network(json(200, me));
    const { api } = client(net.fetch);
    expect(await getMe(api)).toEqual(me);
    expect(net.calls[0]!.url).toBe('/api/me');
    expect(header(net.calls[0]!, 'authorization')).toBe('Bearer cached-token');
  });

  it('gets a fresh token and retries once when the token expired', async () => {
    const net = network(problem(401, 'token_expired'), json(200, me));
    const { api, tokens } = client(net.fetch);
    expect(await getMe(api)).toEqual(me);
    expect(tokens).toEqual([false, true]);
    expect(header(net.calls[1]!, 'authorization')).toBe('Bearer fresh-token');
  });

  it('does not retry twice, nor on other 401s', async () => {
    const twice = network(problem(401, 'token_expired'), problem(401, 'token_expired'));
    await expect(getMe(client(twice.fetch).api)).rejects.toMatchObject({
      kind: 'problem',
      code: 'token_expired',
    });
    expect(twice.calls).toHaveLength(2);
    const personal = network(problem(401, 'personal_account_not_supported'));
    await expect(getMe(client(personal.fetch).api)).rejects.toMatchObject({
      code: 'personal_account_not_supported',
    });
    expect(personal.calls).toHaveLength(1);
  });

  it('turns problem+json into an ApiError with the request id and Retry-After', async () => {
    const net = network(
      new Response(
        JSON.stringify({
          type: 'x',
          title: 'Throttled',
          status: 429,
          code: 'graph_throttled',
          detail: 'Graph is busy',
        }),
        { status: 429, headers: { 'retry-after': '7', 'x-request-id': 'req-9' } },
      ),
    );
    const error = (await listProfiles(client(net.fetch).api).catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.code).toBe('graph_throttled');
    expect(error.requestId).toBe('req-9');
    expect(error.retryAfterSeconds).toBe(7);
  });

  it('reports an answer that is not a problem, a network failure and a Teams token failure', async () => {
    const html = network(new Response('<html>Bad gateway</html>', { status: 502 }));
    await expect(getMe(client(html.fetch).api)).rejects.toMatchObject({ kind: 'unexpected', status: 502 });
    const offline = network(new TypeError('Failed to fetch'));
    await expect(getMe(client(offline.fetch).api)).rejects.toMatchObject({ kind: 'network' });
    const noToken = createApiClient({
      fetch: network().fetch,
      getToken: () => Promise.reject(new Error('resourceDisabled')),
    });
    await expect(getMe(noToken)).rejects.toMatchObject({ kind: 'auth', message: 'resourceDisabled' });
  });

  it('refuses a successful answer of the wrong shape, naming what is wrong', async () => {
    const net = network(
      json(200, {
        profiles: [
          {
            id: 'p1',
            displayName: 'x',
            provider: 'csv',
            state: 'provisioned',
            status: { status: 'success' },
          },
        ],
      }),
    );
    const error = (await listProfiles(client(net.fetch).api).catch((e: unknown) => e)) as ApiError;
    expect(error.kind).toBe('unexpected');
    expect(error.message).toContain('answer.profiles.0.status.id');
  });

  it('shares one SSO token between the calls of a load, asked for once', async () => {
    const net = network(json(200, me), json(200, { profiles: [] }), json(200, me));
    const { api, tokens } = client(net.fetch);
    await Promise.all([getMe(api), listProfiles(api)]);
    await getMe(api);
    expect(tokens).toEqual([false]);
    expect(net.calls.map((c) => header(c, 'authorization'))).toEqual(Array(3).fill('Bearer cached-token'));
  });

  it('asks for a new token instead of sending one about to expire', async () => {
    const now = Date.now();
    const net = network(json(200, me), json(200, me));
    const { api, requests } = client(net.fetch, (r) =>
      r.fresh ? jwtExpiring(now / 1000 + 3600) : jwtExpiring(now / 1000 + 30),
    );
    await getMe(api);
    await getMe(api);
    expect(requests.map((r) => r.fresh)).toEqual([false, true]);
    expect(header(net.calls[1]!, 'authorization')).toBe(`Bearer ${jwtExpiring(now / 1000 + 3600)}`);
  });

  it('replaces a token about to expire once for the calls that hold it together', async () => {
    const now = Date.now();
    const net = network(json(200, me), json(200, me), json(200, me));
    const { api, requests } = client(net.fetch, (r) =>
      r.fresh ? jwtExpiring(now / 1000 + 3600) : jwtExpiring(now / 1000 + 30),
    );
    await Promise.all([getMe(api), getMe(api), getMe(api)]);
    expect(requests.map((r) => r.fresh)).toEqual([false, true]);
    for (const call of net.calls) {
      expect(header(call, 'authorization')).toBe(`Bearer ${jwtExpiring(now / 1000 + 3600)}`);
    }
  });

  it('answers a claims challenge once: a token with the claims, then the same call again', async () => {
    const claims = '{"access_token":{"acrs":{"essential":true,"value":"c1"}}}';
    const net = network(problem(401, 'interaction_required', { claims }), json(200, me));
    const { api, requests } = client(net.fetch);
    expect(await getMe(api)).toEqual(me);
    expect(requests).toEqual([{ fresh: false }, { fresh: true, claims }]);
    expect(net.calls).toHaveLength(2);

    const again = network(
      problem(401, 'interaction_required', { claims }),
      problem(401, 'interaction_required', { claims }),
    );
    await expect(getMe(client(again.fetch).api)).rejects.toMatchObject({ code: 'interaction_required' });
    expect(again.calls).toHaveLength(2);
    const noClaims = network(problem(401, 'interaction_required'));
    await expect(getMe(client(noClaims.fetch).api)).rejects.toMatchObject({ code: 'interaction_required' });
    expect(noClaims.calls).toHaveLength(1);
  });

  it('asks for one claims token when concurrent calls meet the same challenge', async () => {
    const claims = '{"access_token":{"acrs":{"essential":true,"value":"c1"}}}';
    const calls: string[] = [];
    const fetch: FetchLike = async (_url, init) => {
      const bearer = new Headers(init.headers).get('authorization') ?? '';
      calls.push(bearer);
      return bearer === 'Bearer stepped-up'
        ? json(200, me)
        : problem(401, 'interaction_required', { claims });
    };
    // The host's prompt takes a while: every call has been refused before the admin verifies.
    const { api, requests } = client(fetch, (r) => (r.claims ? 'stepped-up' : 'cached-token'));
    const answers = await Promise.all([getMe(api), getMe(api), getMe(api)]);
    expect(answers).toEqual([me, me, me]);
    expect(requests).toEqual([{ fresh: false }, { fresh: true, claims }]);
    expect(calls.filter((c) => c === 'Bearer stepped-up')).toHaveLength(3);
  });

  it('asks no second time when a refusal arrives after the admin cancelled the prompt', async () => {
    const claims = '{"access_token":{"acrs":{"essential":true,"value":"c1"}}}';
    // Two calls sent with the cached token; the second one's refusal is slow to arrive.
    const refusals: (() => void)[] = [];
    const fetch: FetchLike = (_url, init) => {
      const bearer = new Headers(init.headers).get('authorization');
      if (bearer !== 'Bearer cached-token') return Promise.resolve(json(200, me));
      return new Promise((resolve) =>
        refusals.push(() => resolve(problem(401, 'interaction_required', { claims }))),
      );
    };
    const requests: TokenRequest[] = [];
    const api = createApiClient({
      fetch,
      getToken: async (request) => {
        requests.push(request);
        if (request.claims) throw new Error('CancelledByUser');
        return 'cached-token';
      },
    });
    const first = getMe(api);
    const second = listProfiles(api);
    await until(() => refusals.length === 2);
    refusals[0]!();
    // The error keeps the backend's problem: a verification is what is missing, with its request id.
    const cancelled = {
      kind: 'auth',
      message: 'CancelledByUser',
      code: 'interaction_required',
      requestId: 'req-1',
    };
    await expect(first).rejects.toMatchObject(cancelled);
    refusals[1]!();
    await expect(second).rejects.toMatchObject(cancelled);
    expect(requests).toEqual([{ fresh: false }, { fresh: true, claims }]);

    // Retry is a new start: a plain token, then one prompt for the claims.
    const third = getMe(api);
    await until(() => refusals.length === 3);
    refusals[2]!();
    await expect(third).rejects.toMatchObject({ kind: 'auth' });
    const described = describeProblem((await third.catch((error: unknown) => error)) as ApiError);
    expect(described).toMatchObject({ intent: 'warning', title: 'Verification needed', retryable: true });
    expect(described.message).toContain('(CancelledByUser)');
    // A token Teams would not give without any challenge stays "couldn't sign you in".
    expect(describeProblem(new ApiError('auth', 'FailedToOpenWindow')).title).toBe(
      "Teams couldn't sign you in",
    );
    expect(requests).toEqual([
      { fresh: false },
      { fresh: true, claims },
      { fresh: false },
      { fresh: true, claims },
    ]);
  });

  it('names the request id when an answer breaks its contract', async () => {
    const net = network(json(200, { displayName: 'x' }, { 'x-request-id': 'req-42' }));
    const error = (await getMe(client(net.fetch).api).catch((e: unknown) => e)) as ApiError;
    expect(error).toMatchObject({ kind: 'unexpected', requestId: 'req-42', status: 200 });
    expect(error.message).toContain('GET /api/me');
    expect(supportDetails(error)).toContain('Request ID: req-42');
  });

  it('treats 304 as an answer when asked to (conditional polling)', async () => {
    const net = network(new Response(null, { status: 304 }));
    const { api } = client(net.fetch);
    const result = await api.request({
      path: '/api/profiles/p1/status',
      read: () => 'unused',
      headers: { 'If-None-Match': '"abc"' },
      allowNotModified: true,
    });
    expect(result.data).toBeNull();
    expect(header(net.calls[0]!, 'if-none-match')).toBe('"abc"');
  });

  it('asks the backend to wait out consent propagation until a call succeeds', async () => {
    const net = network(problem(403, 'consent_required'), json(200, me), json(200, me));
    const { api } = client(net.fetch);
    api.noteConsentGranted();
    await expect(getMe(api)).rejects.toMatchObject({ code: 'consent_required' });
    await getMe(api);
    await getMe(api);
    expect(net.calls.map((c) => header(c, AFTER_CONSENT_HEADER))).toEqual(['1', '1', null]);
  });

  it('sends the Teams session id on every call once it is known, retries included', async () => {
    const net = network(json(200, me), problem(401, 'token_expired'), json(200, me), json(200, me));
    const { api } = client(net.fetch);
    await getMe(api);
    api.setTeamsSessionId('a3f1c2d4-0000-4000-8000-000000000001');
    await getMe(api);
    api.setTeamsSessionId(null);
    await getMe(api);
    expect(net.calls.map((c) => header(c, TEAMS_SESSION_HEADER))).toEqual([
      null,
      'a3f1c2d4-0000-4000-8000-000000000001',
      'a3f1c2d4-0000-4000-8000-000000000001',
      null,
    ]);
  });

  it('sends JSON bodies with a content type', async () => {
    const net = network(json(202, {}));
    await client(net.fetch).api.request({
      method: 'PUT',
      path: '/api/profiles/p1',
      body: { a: 1 },
      read: (b) => b,
    });
    expect(net.calls[0]!.init.method).toBe('PUT');
    expect(net.calls[0]!.init.body).toBe('{"a":1}');
    expect(header(net.calls[0]!, 'content-type')).toBe('application/json');
  });
});

describe('tab configuration', () => {
  it('reads /api/config without a token', async () => {
    const config = {
      teamsHostOrigins: ['https://localhost:53102'],
      clientId: 'c',
      version: '1',
      authorityHost: 'https://e',
    };
    const net = network(json(200, config));
    expect(await fetchTabConfig(net.fetch)).toEqual(config);
    expect(header(net.calls[0]!, 'authorization')).toBeNull();
  });

  it('names what is missing', async () => {
    const net = network(json(200, { teamsHostOrigins: [], clientId: 'c', version: '1' }));
    await expect(fetchTabConfig(net.fetch)).rejects.toThrow(/config\.authorityHost/);
  });
});

describe('describing problems', () => {
  it('words each kind of failure for the admin, with retry where it can help', () => {
    expect(describeProblem(new ApiError('network', 'Failed to fetch'))).toMatchObject({
      retryable: true,
      title: "Can't reach SDS Profiles",
    });
    const throttled = new ApiError('problem', 'busy', {
      status: 429,
      problem: {
        type: 'x',
        title: 't',
        status: 429,
        code: 'graph_throttled',
        detail: 'busy',
        retryAfterSeconds: 12,
      },
    });
    expect(describeProblem(throttled).message).toContain('Try again in 12 seconds.');
    const forbidden = new ApiError('problem', 'no', {
      status: 403,
      problem: {
        type: 'x',
        title: 't',
        status: 403,
        code: 'forbidden',
        detail: 'Readers cannot change profiles.',
      },
    });
    expect(describeProblem(forbidden)).toMatchObject({
      retryable: false,
      message: 'Readers cannot change profiles.',
    });
  });

  it('lists what support needs: our request id, Graph’s request-id and code', () => {
    const error = new ApiError('problem', 'x', {
      status: 502,
      problem: {
        type: 'x',
        title: 't',
        status: 502,
        code: 'graph_unavailable',
        detail: 'd',
        requestId: 'ours-1',
        graph: { code: 'serviceNotAvailable', message: 'm', requestId: 'graph-1' },
      },
    });
    const lines = supportDetails(error);
    expect(lines).toContain('Request ID: ours-1');
    expect(lines).toContain('Graph request-id: graph-1');
    expect(lines).toContain('Graph error: serviceNotAvailable');
    expect(lines).toContain('Error: 502 graph_unavailable');
  });

  it('reads Retry-After as seconds or a date, and wraps anything thrown', () => {
    expect(retryAfterSeconds('2.5')).toBe(2.5);
    expect(retryAfterSeconds(new Date(Date.now() + 10_000).toUTCString())).toBeGreaterThan(8);
    expect(retryAfterSeconds(null)).toBeNull();
    expect(toApiError(new Error('boom'))).toMatchObject({ kind: 'unexpected', message: 'boom' });
  });
});
