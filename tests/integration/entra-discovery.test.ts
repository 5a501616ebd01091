/**
 * Entra emulator: per-tenant OpenID discovery, the signing keys, and key rotation with a grace
 * period, checked over real HTTPS the way a token validator (jose) reads them.
 */
import { createRemoteJWKSet, decodeProtectedHeader, errors, jwtVerify } from 'jose';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { tenants } from '../../emulator/directory';
import { createEmulatorClient } from '../support/emulator-client';

const urls = inject('urls');
const emulator = createEmulatorClient({ entraUrl: urls.entra, graphUrl: urls.graph });
const contoso = tenants.contoso.id;

type Discovery = {
  issuer: string;
  token_endpoint: string;
  authorization_endpoint: string;
  jwks_uri: string;
  id_token_signing_alg_values_supported: string[];
};
type Jwks = { keys: { kid: string; kty: string; alg: string; use: string; issuer?: string }[] };

async function getJson<T>(path: string): Promise<{ status: number; body: T }> {
  const response = await fetch(`${urls.entra}${path}`);
  return { status: response.status, body: (await response.json()) as T };
}

async function kids(path = `/${contoso}/discovery/v2.0/keys`): Promise<string[]> {
  return (await getJson<Jwks>(path)).body.keys.map((k) => k.kid);
}

beforeEach(async () => {
  await emulator.reset();
});

describe('OpenID discovery', () => {
  it('names the tenant id in the v2 document, asked by id or by verified domain', async () => {
    for (const segment of [contoso, 'contoso.edu', 'CONTOSO.EDU']) {
      const { status, body } = await getJson<Discovery>(`/${segment}/v2.0/.well-known/openid-configuration`);
      expect(status).toBe(200);
      expect(body.issuer).toBe(`${urls.entra}/${contoso}/v2.0`);
      expect(body.token_endpoint).toBe(`${urls.entra}/${contoso}/oauth2/v2.0/token`);
      expect(body.authorization_endpoint).toBe(`${urls.entra}/${contoso}/oauth2/v2.0/authorize`);
      expect(body.jwks_uri).toBe(`${urls.entra}/${contoso}/discovery/v2.0/keys`);
      expect(body.id_token_signing_alg_values_supported).toEqual(['RS256']);
    }
  });

  it('answers common and organizations with the {tenantid} issuer template', async () => {
    for (const alias of ['common', 'organizations']) {
      const { body } = await getJson<Discovery>(`/${alias}/v2.0/.well-known/openid-configuration`);
      expect(body.issuer).toBe(`${urls.entra}/{tenantid}/v2.0`);
      expect(body.token_endpoint).toBe(`${urls.entra}/${alias}/oauth2/v2.0/token`);
      expect(body.jwks_uri).toBe(`${urls.entra}/${alias}/discovery/v2.0/keys`);
    }
  });

  it('serves the v1 document with the sts.windows.net issuer and v1 endpoints', async () => {
    const { body } = await getJson<Discovery>(`/${contoso}/.well-known/openid-configuration`);
    expect(body.issuer).toBe(`https://sts.windows.net/${contoso}/`);
    expect(body.token_endpoint).toBe(`${urls.entra}/${contoso}/oauth2/token`);
    expect(body.jwks_uri).toBe(`${urls.entra}/${contoso}/discovery/keys`);
    const common = await getJson<Discovery>('/common/.well-known/openid-configuration');
    expect(common.body.issuer).toBe('https://sts.windows.net/{tenantid}/');
  });

  it('refuses an unknown tenant in Entra’s error shape (AADSTS90002)', async () => {
    const { status, body } = await getJson<Record<string, unknown>>(
      '/nowhere.edu/v2.0/.well-known/openid-configuration',
    );
    expect(status).toBe(400);
    expect(body).toMatchObject({ error: 'invalid_request', error_codes: [90002] });
    expect(body.error_description).toMatch(/^AADSTS90002: Tenant 'nowhere\.edu' not found/);
  });

  it('records discovery requests in the request log with the tenant', async () => {
    const since = await emulator.lastSeq();
    await getJson(`/contoso.edu/v2.0/.well-known/openid-configuration`);
    const entries = await emulator.requests(since);
    expect(entries).toEqual([
      expect.objectContaining({
        service: 'entra',
        method: 'GET',
        path: '/contoso.edu/v2.0/.well-known/openid-configuration',
        status: 200,
        tenantId: contoso,
      }),
    ]);
  });
});

describe('signing keys', () => {
  it('publishes RS256 keys with kid; v2 keys carry the issuer they sign for', async () => {
    const v2 = await getJson<Jwks>(`/${contoso}/discovery/v2.0/keys`);
    expect(v2.body.keys).toHaveLength(1);
    expect(v2.body.keys[0]).toMatchObject({
      kty: 'RSA',
      alg: 'RS256',
      use: 'sig',
      issuer: `${urls.entra}/${contoso}/v2.0`,
    });
    const v1 = await getJson<Jwks>(`/${contoso}/discovery/keys`);
    expect(v1.body.keys.map((k) => k.kid)).toEqual(v2.body.keys.map((k) => k.kid));
    expect(v1.body.keys[0]!.issuer).toBeUndefined();
    const common = await getJson<Jwks>('/common/discovery/v2.0/keys');
    expect(common.body.keys[0]!.issuer).toBe(`${urls.entra}/{tenantid}/v2.0`);
  });

  it('signs SSO tokens that verify against the discovered JWKS', async () => {
    const { body: discovery } = await getJson<Discovery>(`/${contoso}/v2.0/.well-known/openid-configuration`);
    const token = await emulator.ssoToken('admin@contoso');
    const { payload, protectedHeader } = await jwtVerify(
      token,
      createRemoteJWKSet(new URL(discovery.jwks_uri)),
      {
        issuer: discovery.issuer,
        algorithms: ['RS256'],
      },
    );
    expect(protectedHeader.kid).toBe((await kids())[0]);
    expect(payload).toMatchObject({ tid: contoso, ver: '2.0', scp: 'access_as_user' });
  });
});

describe('key rotation', () => {
  it('keeps the old key published for the grace period, then drops it', async () => {
    const [initialKid] = await kids();
    const oldToken = await emulator.ssoToken('admin@contoso');

    const rotated = await emulator.rotateKeys(600);
    expect(rotated.previousKid).toBe(initialKid);
    expect(rotated.kid).not.toBe(initialKid);
    expect(await kids()).toEqual(expect.arrayContaining([initialKid, rotated.kid]));

    const newToken = await emulator.ssoToken('admin@contoso');
    expect(decodeProtectedHeader(newToken).kid).toBe(rotated.kid);

    // Within the grace period both tokens verify against freshly fetched keys.
    const jwksUrl = new URL(`${urls.entra}/${contoso}/discovery/v2.0/keys`);
    await expect(jwtVerify(oldToken, createRemoteJWKSet(jwksUrl))).resolves.toBeTruthy();
    await expect(jwtVerify(newToken, createRemoteJWKSet(jwksUrl))).resolves.toBeTruthy();

    // Past the grace period the old kid is gone; the emulator's "now" is what tokens are checked against.
    const now = await emulator.advanceClock(601);
    expect(await kids()).toEqual([rotated.kid]);
    await expect(
      jwtVerify(oldToken, createRemoteJWKSet(jwksUrl), { currentDate: now }),
    ).rejects.toBeInstanceOf(errors.JWKSNoMatchingKey);
    const laterToken = await emulator.ssoToken('admin@contoso');
    await expect(
      jwtVerify(laterToken, createRemoteJWKSet(jwksUrl), { currentDate: now }),
    ).resolves.toBeTruthy();
  });

  it('is undone by reset: the key the emulator started with is current again', async () => {
    const [initialKid] = await kids();
    // No grace period: the initial key stops being published at once.
    await emulator.rotateKeys(0);
    expect(await kids()).not.toContain(initialKid);
    await emulator.reset();
    expect(await kids()).toEqual([initialKid]);
    expect(decodeProtectedHeader(await emulator.ssoToken('reader@contoso')).kid).toBe(initialKid);
  });
});
