import { createHmac } from 'node:crypto';
import {
  createLocalJWKSet,
  exportJWK,
  exportSPKI,
  generateKeyPair,
  SignJWT,
  type CryptoKey,
  type JWK,
  type JWTPayload,
} from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { CONSUMERS_TENANT_ID, teamsClientIds } from '../../contracts/identity';
import { CLOCK_TOLERANCE_SECONDS, createTokenValidator } from '../../server/auth/tokenValidator';
import type { TokenValidator } from '../../server/auth/types';
import { HttpError } from '../../server/errors';

const AUTHORITY = 'https://login.example.test';
const CLIENT_ID = '5d50f10e-0000-4000-8000-00000000a991';
const TAB_DOMAIN = 'localhost:53000';
const APP_ID_URI = `api://${TAB_DOMAIN}/${CLIENT_ID}`;
const HOME = 'c0a70de5-0000-4000-8000-000000000001';
const OTHER_ALLOWED = 'fab01ca7-0000-4000-8000-000000000002';
const NOT_ALLOWED = '0dd0dd00-0000-4000-8000-000000000009';
const OID = 'a0000000-0000-4000-8000-00000000c001';

let signingKey: CryptoKey;
let publicJwk: JWK;
let strangerKey: CryptoKey;
let publicPem: string;
let validator: TokenValidator;

const now = () => Math.floor(Date.now() / 1000);

function v2Claims(overrides: JWTPayload = {}): JWTPayload {
  return {
    ver: '2.0',
    iss: `${AUTHORITY}/${HOME}/v2.0`,
    aud: CLIENT_ID,
    azp: teamsClientIds.teamsWeb,
    tid: HOME,
    oid: OID,
    scp: 'access_as_user',
    name: 'Megan Bowen',
    preferred_username: 'admin@contoso.edu',
    wids: ['62e90394-69f5-4237-9190-012177145e10'],
    iat: now(),
    nbf: now(),
    exp: now() + 3600,
    ...overrides,
  };
}

async function sign(claims: JWTPayload, key: CryptoKey = signingKey, kid = 'key-1'): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' }).sign(key);
}

function b64url(value: string | Buffer): string {
  return Buffer.from(value).toString('base64url');
}

async function rejection(token: string): Promise<HttpError> {
  const error = await validator.validate(token).then(
    () => new Error('the token was accepted'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HttpError);
  return error as HttpError;
}

beforeAll(async () => {
  const pair = await generateKeyPair('RS256', { extractable: true });
  signingKey = pair.privateKey;
  publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'key-1', alg: 'RS256', use: 'sig' };
  publicPem = await exportSPKI(pair.publicKey);
  strangerKey = (await generateKeyPair('RS256')).privateKey;
  validator = createTokenValidator({
    clientId: CLIENT_ID,
    appIdUri: APP_ID_URI,
    tenantId: HOME,
    authorityHost: AUTHORITY,
    allowedTenantIds: [HOME, OTHER_ALLOWED],
    keySet: createLocalJWKSet({ keys: [publicJwk] }),
  });
});

describe('token validator: accepted tokens', () => {
  it('verifies a token once and answers repeat validations from memory until it expires', async () => {
    let keyLookups = 0;
    const localKeys = createLocalJWKSet({ keys: [publicJwk] });
    const counting = createTokenValidator({
      clientId: CLIENT_ID,
      appIdUri: APP_ID_URI,
      tenantId: HOME,
      authorityHost: AUTHORITY,
      allowedTenantIds: [HOME],
      keySet: (header, token) => {
        keyLookups++;
        return localKeys(header, token);
      },
    });
    const token = await sign(v2Claims());
    const first = await counting.validate(token);
    expect(await counting.validate(token)).toEqual(first);
    expect(keyLookups).toBe(1);
    await counting.validate(await sign({ ...v2Claims(), uti: 'another-token' }));
    expect(keyLookups).toBe(2);
  });

  it('accepts a v2 Teams SSO token and says who the caller is', async () => {
    const auth = await validator.validate(await sign(v2Claims()));
    expect(auth).toMatchObject({
      tenantId: HOME,
      objectId: OID,
      displayName: 'Megan Bowen',
      userPrincipalName: 'admin@contoso.edu',
      directoryRoles: ['62e90394-69f5-4237-9190-012177145e10'],
      clientAppId: teamsClientIds.teamsWeb,
      tokenVersion: '2.0',
    });
  });

  it('accepts a v1 token with the App ID URI audience and the sts.windows.net issuer', async () => {
    const { azp: _azp, preferred_username: _pu, ...rest } = v2Claims();
    const token = await sign({
      ...rest,
      ver: '1.0',
      iss: `https://sts.windows.net/${HOME}/`,
      aud: APP_ID_URI,
      appid: teamsClientIds.teamsDesktopAndMobile,
      upn: 'admin@contoso.edu',
    });
    const auth = await validator.validate(token);
    expect(auth.tokenVersion).toBe('1.0');
    expect(auth.userPrincipalName).toBe('admin@contoso.edu');
  });

  it('accepts the public Entra issuer as well as the configured authority host', async () => {
    const token = await sign(v2Claims({ iss: `https://login.microsoftonline.com/${HOME}/v2.0` }));
    await expect(validator.validate(token)).resolves.toMatchObject({ tenantId: HOME });
  });

  it('accepts another allowed tenant', async () => {
    const token = await sign(v2Claims({ tid: OTHER_ALLOWED, iss: `${AUTHORITY}/${OTHER_ALLOWED}/v2.0` }));
    await expect(validator.validate(token)).resolves.toMatchObject({ tenantId: OTHER_ALLOWED });
  });

  it(`tolerates clock skew up to ${CLOCK_TOLERANCE_SECONDS} s`, async () => {
    const expiredMoments = await sign(v2Claims({ exp: now() - (CLOCK_TOLERANCE_SECONDS - 60) }));
    await expect(validator.validate(expiredMoments)).resolves.toBeDefined();
    const earlyMoments = await sign(v2Claims({ nbf: now() + (CLOCK_TOLERANCE_SECONDS - 60) }));
    await expect(validator.validate(earlyMoments)).resolves.toBeDefined();
  });
});

describe('token validator: the bad-token matrix', () => {
  const cases: [string, () => Promise<string>, number, string, RegExp][] = [
    [
      'unsigned (alg none)',
      async () =>
        `${b64url(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${b64url(JSON.stringify(v2Claims()))}.`,
      401,
      'invalid_token',
      /RS256/,
    ],
    [
      'HS256 signed with the public key as the secret',
      async () => {
        const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: 'key-1' }));
        const body = b64url(JSON.stringify(v2Claims()));
        const mac = createHmac('sha256', publicPem).update(`${header}.${body}`).digest('base64url');
        return `${header}.${body}.${mac}`;
      },
      401,
      'invalid_token',
      /RS256/,
    ],
    [
      'signed by an unknown key',
      () => sign(v2Claims(), strangerKey, 'key-unknown'),
      401,
      'invalid_token',
      /key/,
    ],
    [
      'signed by another key under our kid',
      () => sign(v2Claims(), strangerKey, 'key-1'),
      401,
      'invalid_token',
      /signature/,
    ],
    [
      'expired beyond the tolerance',
      () =>
        sign(v2Claims({ iat: now() - 7200, nbf: now() - 7200, exp: now() - CLOCK_TOLERANCE_SECONDS - 60 })),
      401,
      'token_expired',
      /expired/,
    ],
    [
      'not yet valid',
      () => sign(v2Claims({ nbf: now() + CLOCK_TOLERANCE_SECONDS + 600 })),
      401,
      'invalid_token',
      /not valid yet/,
    ],
    [
      'for another audience',
      () => sign(v2Claims({ aud: 'api://elsewhere/123' })),
      401,
      'invalid_token',
      /meant for/,
    ],
    [
      'from another issuer',
      () => sign(v2Claims({ iss: `https://evil.example/${HOME}/v2.0` })),
      401,
      'invalid_token',
      /issuer/,
    ],
    [
      'with a v1 issuer on a v2 token',
      () => sign(v2Claims({ iss: `https://sts.windows.net/${HOME}/` })),
      401,
      'invalid_token',
      /issuer/,
    ],
    [
      'whose issuer names another tenant than tid',
      () => sign(v2Claims({ iss: `${AUTHORITY}/${OTHER_ALLOWED}/v2.0` })),
      401,
      'invalid_token',
      /issuer/,
    ],
    [
      'from a tenant that is not allowed',
      () => sign(v2Claims({ tid: NOT_ALLOWED, iss: `${AUTHORITY}/${NOT_ALLOWED}/v2.0` })),
      403,
      'tenant_not_allowed',
      /not allowed/,
    ],
    [
      'from a personal Microsoft account',
      () => sign(v2Claims({ tid: CONSUMERS_TENANT_ID, iss: `${AUTHORITY}/${CONSUMERS_TENANT_ID}/v2.0` })),
      401,
      'personal_account_not_supported',
      /Personal Microsoft accounts .* not supported/,
    ],
    [
      'without the access_as_user scope',
      () => sign(v2Claims({ scp: 'User.Read' })),
      401,
      'invalid_token',
      /access_as_user/,
    ],
    [
      'without any scope (app-only)',
      () => sign(v2Claims({ scp: undefined, roles: ['x'] })),
      401,
      'invalid_token',
      /access_as_user/,
    ],
    [
      'obtained by an unknown client (azp)',
      () => sign(v2Claims({ azp: '11111111-2222-4333-8444-555555555555' })),
      401,
      'invalid_token',
      /not a Teams or Microsoft 365 client/,
    ],
    ['without an oid', () => sign(v2Claims({ oid: undefined })), 401, 'invalid_token', /oid/],
    ['with an unknown ver', () => sign(v2Claims({ ver: '3.0' })), 401, 'invalid_token', /ver/],
    ['that is garbage', async () => 'not.a.jwt', 401, 'invalid_token', /well-formed/],
  ];

  it.each(cases)('rejects a token %s', async (_name, make, status, code, detail) => {
    const error = await rejection(await make());
    expect(error.status).toBe(status);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(detail);
    if (status === 401)
      expect(error.headers['WWW-Authenticate']).toMatch(
        /^Bearer error="invalid_token", error_description="[^"]+"$/,
      );
  });
});

describe('token validator: keys that change', () => {
  function validatorOver(published: () => JWK[], refreshMs: number) {
    let reads = 0;
    const keyed = createTokenValidator({
      clientId: CLIENT_ID,
      appIdUri: APP_ID_URI,
      tenantId: HOME,
      authorityHost: AUTHORITY,
      allowedTenantIds: [HOME],
      keyRefreshMs: refreshMs,
      unknownKidCooldownMs: 60_000,
      loadJwks: async () => {
        reads++;
        return { keys: published() };
      },
    });
    return { validator: keyed, reads: () => reads };
  }

  it('drops a cached validation once its key is no longer published', async () => {
    let keys = [publicJwk];
    const { validator: keyed } = validatorOver(() => keys, 50);
    const token = await sign(v2Claims());
    await keyed.validate(token);
    keys = [];
    await new Promise((resolve) => setTimeout(resolve, 200));
    await expect(keyed.validate(token)).rejects.toMatchObject({ status: 401, code: 'invalid_token' });
  });

  it('reads the keys early for an unknown kid only after the cooldown', async () => {
    const { validator: keyed, reads } = validatorOver(() => [publicJwk], 60_000);
    await keyed.validate(await sign(v2Claims()));
    expect(reads()).toBe(1);
    const stranger = await sign(v2Claims(), strangerKey, 'key-2');
    for (let i = 0; i < 3; i++) await expect(keyed.validate(stranger)).rejects.toMatchObject({ status: 401 });
    expect(reads()).toBe(1);
  });

  it(`refuses an iat more than ${CLOCK_TOLERANCE_SECONDS} s in the future`, async () => {
    const error = await rejection(await sign(v2Claims({ iat: now() + CLOCK_TOLERANCE_SECONDS + 60 })));
    expect(error.message).toMatch(/issued in the future/);
    await expect(validator.validate(await sign(v2Claims({ iat: now() + 60 })))).resolves.toBeTruthy();
  });
});
