/**
 * Entra emulator: per-tenant OpenID discovery, the signing keys, and key rotation with a grace
 * period, checked over real HTTPS the way a token validator (jose) reads them.
 */
import { X509Certificate } from 'node:crypto';
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
type Jwks = {
  keys: {
    kid: string;
    kty: string;
    alg?: string;
    use: string;
    issuer?: string;
    x5t?: string;
    x5c?: string[];
    n?: string;
    e?: string;
  }[];
};

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
    expect(body).toMatchObject({ error: 'invalid_tenant', error_codes: [90002] });
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
  it('publishes keys as Entra does: x5c certificate, x5t thumbprint as kid, no alg; v2 keys carry the issuer', async () => {
    const v2 = await getJson<Jwks>(`/${contoso}/discovery/v2.0/keys`);
    // The current key and the next one (published before it signs anything).
    expect(v2.body.keys).toHaveLength(2);
    for (const key of v2.body.keys) {
      expect(Object.keys(key).sort()).toEqual(['e', 'issuer', 'kid', 'kty', 'n', 'use', 'x5c', 'x5t']);
      expect(key).toMatchObject({ kty: 'RSA', use: 'sig', issuer: `${urls.entra}/${contoso}/v2.0` });
      const certificate = new X509Certificate(Buffer.from(key.x5c![0]!, 'base64'));
      // x5t is the certificate's SHA-1 thumbprint (base64url), and kid is x5t, as in Entra's keys.
      expect(key.x5t).toBe(
        Buffer.from(certificate.fingerprint.replaceAll(':', ''), 'hex').toString('base64url'),
      );
      expect(key.kid).toBe(key.x5t);
      // The certificate holds the published key.
      expect(certificate.publicKey.export({ format: 'jwk' })).toMatchObject({ n: key.n, e: key.e });
    }
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
  it('rolls over to the key already published as next, keeping the old one for the grace period', async () => {
    const [initialKid, nextKid] = await kids();
    const oldToken = await emulator.ssoToken('admin@contoso');
    expect(decodeProtectedHeader(oldToken).kid).toBe(initialKid);

    const rotated = await emulator.rotateKeys(600);
    // A validator that cached the JWKS before the rollover already knows the new signing key.
    expect(rotated).toMatchObject({ previousKid: initialKid, kid: nextKid });
    expect(await kids()).toEqual([nextKid, initialKid, rotated.nextKid]);

    const newToken = await emulator.ssoToken('admin@contoso');
    expect(decodeProtectedHeader(newToken).kid).toBe(nextKid);

    // Within the grace period both tokens verify against freshly fetched keys.
    const jwksUrl = new URL(`${urls.entra}/${contoso}/discovery/v2.0/keys`);
    await expect(jwtVerify(oldToken, createRemoteJWKSet(jwksUrl))).resolves.toBeTruthy();
    await expect(jwtVerify(newToken, createRemoteJWKSet(jwksUrl))).resolves.toBeTruthy();

    // Past the grace period the old kid is gone; the emulator's "now" is what tokens are checked against.
    const now = await emulator.advanceClock(601);
    expect(await kids()).toEqual([nextKid, rotated.nextKid]);
    await expect(
      jwtVerify(oldToken, createRemoteJWKSet(jwksUrl), { currentDate: now }),
    ).rejects.toBeInstanceOf(errors.JWKSNoMatchingKey);
    const laterToken = await emulator.ssoToken('admin@contoso');
    await expect(
      jwtVerify(laterToken, createRemoteJWKSet(jwksUrl), { currentDate: now }),
    ).resolves.toBeTruthy();
  });

  it('an emergency rotation signs at once with a key nobody has seen', async () => {
    const before = await kids();
    const rotated = await emulator.rotateKeys(0, 'emergency');
    expect(before).not.toContain(rotated.kid);
    expect(decodeProtectedHeader(await emulator.ssoToken('admin@contoso')).kid).toBe(rotated.kid);
    expect(await kids()).toEqual([rotated.kid, before[1]]);
  });

  it('is undone by reset: the keys the emulator started with are current and next again', async () => {
    const initial = await kids();
    // No grace period: the initial key stops being published at once.
    await emulator.rotateKeys(0);
    expect(await kids()).not.toContain(initial[0]);
    await emulator.reset();
    expect(await kids()).toEqual(initial);
    expect(decodeProtectedHeader(await emulator.ssoToken('reader@contoso')).kid).toBe(initial[0]);
  });
});

describe('advertised endpoints', () => {
  it('every endpoint a discovery document names answers (none is a 404)', async () => {
    for (const path of [
      `/${contoso}/v2.0/.well-known/openid-configuration`,
      `/${contoso}/.well-known/openid-configuration`,
    ]) {
      const { body } = await getJson<Record<string, unknown>>(path);
      const endpoints = Object.entries(body).filter(
        ([key, value]) => (key.endsWith('_endpoint') || key === 'jwks_uri') && typeof value === 'string',
      );
      expect(endpoints.map(([key]) => key)).toEqual(
        expect.arrayContaining(['token_endpoint', 'userinfo_endpoint']),
      );
      for (const [key, url] of endpoints) {
        const response = await fetch(url as string, { method: key === 'token_endpoint' ? 'POST' : 'GET' });
        await response.arrayBuffer();
        expect(response.status, `${key} ${String(url)}`).not.toBe(404);
      }
    }
  });

  it('the userinfo endpoint answers who a Graph token’s user is', async () => {
    const { body } = await getJson<{ userinfo_endpoint: string }>(
      `/${contoso}/v2.0/.well-known/openid-configuration`,
    );
    // As Entra allows: the OpenID Connect scopes beside the resource's .default.
    const token = await emulator.graphToken('admin@contoso', [
      'openid',
      'profile',
      'https://graph.microsoft.com/.default',
    ]);
    const response = await fetch(body.userinfo_endpoint, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ name: 'Megan Bowen', email: 'admin@contoso.edu' });
    const anonymous = await fetch(body.userinfo_endpoint);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer /);
  });
});
