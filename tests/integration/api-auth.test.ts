/**
 * The backend as the security boundary, over real HTTPS against the started stack: every bad SSO
 * token is refused with the right status and code, and the emulator's request log proves that
 * none of them reached the token endpoint or Graph.
 */
import { createHmac, createPublicKey, randomUUID, type JsonWebKey } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, generateKeyPair, SignJWT, type JWK } from 'jose';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { problemSchema, type Problem } from '../../contracts/api';
import { tenants } from '../../emulator/directory';
import { createEmulatorClient, type RequestLogEntry } from '../support/emulator-client';

const urls = inject('urls');
const emulator = createEmulatorClient({ entraUrl: urls.entra, graphUrl: urls.graph });
const contoso = tenants.contoso.id;
const NOT_ALLOWED_TENANT = '0dd0dd00-0000-4000-8000-000000000009';

type Answer = { status: number; headers: Headers; body: unknown };

async function getProfiles(token: string): Promise<Answer> {
  const response = await fetch(`${urls.app}/api/profiles`, { headers: { authorization: `Bearer ${token}` } });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

function problemOf(answer: Answer): Problem {
  expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  return problemSchema.parse(answer.body);
}

/** Token exchanges and Graph calls the backend made since `seq` (key fetches do not count). */
async function exchangesAndGraphCalls(since: number): Promise<RequestLogEntry[]> {
  return (await emulator.requests(since)).filter(
    (entry) =>
      entry.service === 'graph' || (entry.service === 'entra' && entry.path.endsWith('/oauth2/v2.0/token')),
  );
}

function b64url(value: unknown): string {
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
}

async function emulatorPublicKeyPem(): Promise<string> {
  const discovery = (await (
    await fetch(`${urls.entra}/${contoso}/v2.0/.well-known/openid-configuration`)
  ).json()) as {
    jwks_uri: string;
  };
  const { keys } = (await (await fetch(discovery.jwks_uri)).json()) as { keys: JWK[] };
  return createPublicKey({ key: keys[0]! as JsonWebKey, format: 'jwk' })
    .export({ type: 'spki', format: 'pem' })
    .toString();
}

beforeEach(async () => {
  await emulator.reset();
});

describe('SSO token validation', () => {
  it('accepts a genuine v2 and v1 Teams token (and exchanges it)', async () => {
    const since = await emulator.lastSeq();
    for (const version of [2, 1] as const) {
      const answer = await getProfiles(await emulator.ssoToken('admin@contoso', { version }));
      expect(answer.status, `v${version}`).toBe(200);
    }
    const calls = await exchangesAndGraphCalls(since);
    expect(calls.filter((c) => c.service === 'entra')).toHaveLength(2);
    expect(calls.some((c) => c.service === 'graph')).toBe(true);
  });

  type Case = { name: string; token: () => Promise<string>; status: number; code: string; detail: RegExp };

  const cases: Case[] = [
    {
      name: 'unsigned (alg none)',
      token: async () => {
        const genuine = decodeJwt(await emulator.ssoToken('admin@contoso'));
        return `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(genuine)}.`;
      },
      status: 401,
      code: 'invalid_token',
      detail: /RS256/,
    },
    {
      name: "HS256 signed with Entra's public key",
      token: async () => {
        const genuine = await emulator.ssoToken('admin@contoso');
        const { kid } = decodeProtectedHeader(genuine);
        const header = b64url({ alg: 'HS256', typ: 'JWT', kid });
        const payload = b64url(decodeJwt(genuine));
        const mac = createHmac('sha256', await emulatorPublicKeyPem())
          .update(`${header}.${payload}`)
          .digest('base64url');
        return `${header}.${payload}.${mac}`;
      },
      status: 401,
      code: 'invalid_token',
      detail: /RS256/,
    },
    {
      name: 'signed by a key Entra does not publish',
      token: async () => {
        const claims = decodeJwt(await emulator.ssoToken('admin@contoso'));
        const { privateKey } = await generateKeyPair('RS256');
        return new SignJWT(claims)
          .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: randomUUID() })
          .sign(privateKey);
      },
      status: 401,
      code: 'invalid_token',
      detail: /key/,
    },
    {
      name: 'expired',
      token: () => emulator.ssoToken('admin@contoso', { shiftSeconds: -7200 }),
      status: 401,
      code: 'token_expired',
      detail: /expired/,
    },
    {
      name: 'not yet valid',
      token: () => emulator.ssoToken('admin@contoso', { shiftSeconds: 3600 }),
      status: 401,
      code: 'invalid_token',
      detail: /not valid yet/,
    },
    {
      name: 'for another audience',
      token: () => emulator.ssoToken('admin@contoso', { audience: 'api://localhost:1/someone-else' }),
      status: 401,
      code: 'invalid_token',
      detail: /meant for/,
    },
    {
      name: 'from another issuer',
      token: () =>
        emulator.ssoToken('admin@contoso', {
          extraClaims: { iss: `https://login.evil.example/${contoso}/v2.0` },
        }),
      status: 401,
      code: 'invalid_token',
      detail: /issuer/,
    },
    {
      name: 'from a tenant that is not allowed',
      token: () =>
        emulator.ssoToken('admin@contoso', {
          extraClaims: { tid: NOT_ALLOWED_TENANT, iss: `${urls.entra}/${NOT_ALLOWED_TENANT}/v2.0` },
        }),
      status: 403,
      code: 'tenant_not_allowed',
      detail: /not allowed/,
    },
    {
      name: 'of a personal Microsoft account',
      token: () => emulator.ssoToken('user@outlook.com'),
      status: 401,
      code: 'personal_account_not_supported',
      detail: /Personal Microsoft accounts .*not supported/,
    },
    {
      name: 'without the access_as_user scope',
      token: () => emulator.ssoToken('admin@contoso', { scopes: ['User.Read'] }),
      status: 401,
      code: 'invalid_token',
      detail: /access_as_user/,
    },
    {
      name: 'obtained by a client that is not Teams or Microsoft 365',
      token: () => emulator.ssoToken('admin@contoso', { clientId: randomUUID() }),
      status: 401,
      code: 'invalid_token',
      detail: /not a Teams or Microsoft 365 client/,
    },
    {
      name: 'that is garbage',
      token: async () => 'this-is-not-a-token',
      status: 401,
      code: 'invalid_token',
      detail: /well-formed/,
    },
  ];

  it.each(cases)('refuses a token $name without exchanging it or calling Graph', async (c) => {
    const token = await c.token();
    const since = await emulator.lastSeq();
    const answer = await getProfiles(token);
    expect(answer.status).toBe(c.status);
    const problem = problemOf(answer);
    expect(problem.code).toBe(c.code);
    expect(problem.detail).toMatch(c.detail);
    expect(problem.requestId).toBe(answer.headers.get('x-request-id'));
    if (c.status === 401) {
      expect(answer.headers.get('www-authenticate')).toMatch(
        /^Bearer error="invalid_token", error_description="[^"]+"$/,
      );
    }
    expect(await exchangesAndGraphCalls(since)).toEqual([]);
  });

  it('refuses a request without a token the same way', async () => {
    const since = await emulator.lastSeq();
    const response = await fetch(`${urls.app}/api/profiles`);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
    expect(await exchangesAndGraphCalls(since)).toEqual([]);
  });

  it('asks for a fresh token when Entra no longer accepts the assertion', async () => {
    // Our clock still accepts the token; Entra's has moved past its expiry.
    const token = await emulator.ssoToken('admin@contoso', { lifetimeSeconds: 600 });
    await emulator.advanceClock(3600);
    const answer = await getProfiles(token);
    expect(answer.status).toBe(401);
    expect(problemOf(answer).code).toBe('token_expired');
  });
});

describe('Conditional Access step-up (claims challenge)', () => {
  it('answers 401 interaction_required with Entra’s claims; a token that satisfies them is served', async () => {
    const { claims } = await emulator.requireStepUp('admin@contoso', true);
    const refused = await getProfiles(await emulator.ssoToken('admin@contoso'));
    expect(refused.status).toBe(401);
    const problem = problemOf(refused);
    expect(problem.code).toBe('interaction_required');
    // Exactly as Entra gave it: the tab passes it to getAuthToken({ claims: [claims] }).
    expect(problem.claims).toBe(claims);
    const header = refused.headers.get('www-authenticate') ?? '';
    expect(header).toMatch(/^Bearer error="insufficient_claims"/);
    expect(Buffer.from(/claims="([^"]+)"/.exec(header)![1]!, 'base64').toString('utf8')).toBe(claims);

    // What the Teams host hands back after its prompt: the authentication context in acrs.
    const satisfied = await emulator.ssoToken('admin@contoso', {
      extraClaims: { acrs: ['c1'], amr: ['pwd', 'mfa'] },
    });
    expect((await getProfiles(satisfied)).status).toBe(200);
  });
});
