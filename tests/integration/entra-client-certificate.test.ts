/**
 * A certificate credential instead of a client secret, end to end: the certificate registered for
 * our app in the emulator (as an admin uploads one in Entra), the backend's on-behalf-of client
 * (msal-node's clientCertificate, from SECRET_AAD_APP_CLIENT_CERTIFICATE) signing client
 * assertions with it, and the emulator refusing the assertions Entra refuses.
 */
import { createHash, createPrivateKey, randomUUID, X509Certificate } from 'node:crypto';
import { SignJWT } from 'jose';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { demoApp, tenants } from '../../emulator/directory';
import { createOnBehalfOf } from '../../server/auth/onBehalfOf';
import { createTokenValidator } from '../../server/auth/tokenValidator';
import { loadConfig } from '../../server/config';
import { createLogger } from '../../server/logger';
import { createMemorySharedState } from '../../server/sharedState/memory';
import { makeAppCertificate, type AppCertificate } from '../support/appCertificate';
import { createEmulatorClient } from '../support/emulator-client';

const urls = inject('urls');
const emulator = createEmulatorClient({ entraUrl: urls.entra, graphUrl: urls.graph });
const tenantId = tenants.contoso.id;
const tokenEndpoint = `${urls.entra}/${tenantId}/oauth2/v2.0/token`;
const registered = makeAppCertificate();
const logger = createLogger('silent');

async function register(certificate: AppCertificate): Promise<Response> {
  return fetch(`${urls.entra}/_emulator/entra/app-certificates`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ certificate: certificate.certificatePem }),
  });
}

const thumbprint = (certificate: AppCertificate) =>
  createHash('sha256').update(new X509Certificate(certificate.certificatePem).raw).digest('base64url');

/** A client assertion as msal-node makes one, with the parts a test wants to get wrong. */
async function assertion(
  options: {
    signWith?: AppCertificate;
    name?: AppCertificate;
    alg?: string;
    audience?: string;
    expiresIn?: number;
    iat?: number;
  } = {},
): Promise<string> {
  const now = options.iat ?? Math.floor(Date.now() / 1000);
  return new SignJWT({ jti: randomUUID() })
    .setProtectedHeader({
      alg: options.alg ?? 'PS256',
      typ: 'JWT',
      'x5t#S256': thumbprint(options.name ?? registered),
    })
    .setIssuer(demoApp.clientId)
    .setSubject(demoApp.clientId)
    .setAudience(options.audience ?? tokenEndpoint)
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + (options.expiresIn ?? 600))
    .sign(createPrivateKey((options.signWith ?? registered).privateKeyPem));
}

async function oboWithAssertion(clientAssertion: string) {
  const form = new URLSearchParams({
    grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
    requested_token_use: 'on_behalf_of',
    client_id: demoApp.clientId,
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion: clientAssertion,
    scope: 'https://graph.microsoft.com/.default',
    assertion: await emulator.ssoToken('admin@contoso'),
  });
  const response = await fetch(tokenEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form,
  });
  return {
    status: response.status,
    body: (await response.json()) as {
      error?: string;
      error_codes?: number[];
      error_description?: string;
      access_token?: string;
    },
  };
}

beforeEach(async () => {
  await emulator.reset();
  expect((await register(registered)).status).toBe(201);
});

describe('the backend with a certificate credential', () => {
  it('exchanges an SSO token on-behalf-of with a client assertion, and Graph takes the token', async () => {
    const config = loadConfig({
      AAD_APP_CLIENT_ID: demoApp.clientId,
      AAD_APP_TENANT_ID: demoApp.homeTenantId,
      AAD_APP_OAUTH_AUTHORITY_HOST: urls.entra,
      SECRET_AAD_APP_CLIENT_CERTIFICATE: registered.credentialPem,
      TAB_ENDPOINT: urls.app,
      TAB_DOMAIN: new URL(urls.app).host,
    });
    const validator = createTokenValidator({
      clientId: config.clientId,
      appIdUri: config.appIdUri,
      tenantId: config.tenantId,
      authorityHost: config.authorityHost,
      allowedTenantIds: config.allowedTenantIds,
    });
    const obo = createOnBehalfOf(
      {
        clientId: config.clientId,
        credential: config.clientCredential,
        authorityHost: config.authorityHost,
        tenantId: config.tenantId,
        tabEndpoint: config.tabEndpoint,
        consentRetryMs: [],
      },
      logger,
      createMemorySharedState(),
    );
    const since = await emulator.lastSeq();
    const auth = await validator.validate(await emulator.ssoToken('admin@contoso'));
    const graphToken = await obo.graphToken(auth, { afterConsent: false, log: logger });
    const exchanges = (await emulator.requests(since)).filter((e) => e.path.endsWith('/oauth2/v2.0/token'));
    expect(exchanges).toMatchObject([{ status: 200, clientId: demoApp.clientId }]);
    const profiles = await fetch(`${urls.graph}/beta/education/synchronizationProfiles`, {
      headers: { authorization: `Bearer ${graphToken}` },
    });
    expect(profiles.status).toBe(200);
    await profiles.body?.cancel();
  });
});

describe("the emulator's token endpoint with a client assertion", () => {
  it('accepts one signed with the registered certificate (RS256 too)', async () => {
    for (const alg of ['PS256', 'RS256']) {
      const answer = await oboWithAssertion(await assertion({ alg }));
      expect(answer.status, answer.body.error_description).toBe(200);
      expect(answer.body.access_token).toMatch(/^eyJ/);
    }
  });

  it.each([
    [
      'a certificate that is not registered',
      () => assertion({ signWith: makeAppCertificate(), name: makeAppCertificate() }),
      700027,
      /Key was not found/,
    ],
    [
      'a signature by another key under the registered thumbprint',
      () => assertion({ signWith: makeAppCertificate() }),
      700027,
      /^AADSTS700027: Client assertion failed signature validation\.\s/,
    ],
    [
      'another audience',
      () => assertion({ audience: `${urls.entra}/common/oauth2/v2.0/token` }),
      700021,
      /'aud'/,
    ],
    [
      'an expired assertion',
      () => assertion({ iat: Math.floor(Date.now() / 1000) - 3600, expiresIn: 600 }),
      700024,
      /valid time range/,
    ],
    [
      'HS256',
      async () => {
        const header = Buffer.from(
          JSON.stringify({ alg: 'HS256', 'x5t#S256': thumbprint(registered) }),
        ).toString('base64url');
        const valid = (await assertion()).split('.');
        return `${header}.${valid[1]}.${valid[2]}`;
      },
      700027,
      /signature validation/,
    ],
    ['no JWT at all', async () => 'not-a-jwt', 50027, /well-formed/],
  ])('refuses %s', async (_name, make, code, description) => {
    const answer = await oboWithAssertion(await make());
    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({ error: 'invalid_client', error_codes: [code] });
    expect(answer.body.error_description).toMatch(description);
  });

  it('forgets registered certificates on reset, and refuses a certificate that is not one', async () => {
    await emulator.reset();
    const answer = await oboWithAssertion(await assertion());
    expect(answer.body).toMatchObject({ error: 'invalid_client', error_codes: [700027] });
    expect(answer.body.error_description).toMatch(/has no certificate or federated credential registered/);
    const refused = await fetch(`${urls.entra}/_emulator/entra/app-certificates`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ certificate: 'not a certificate' }),
    });
    expect(refused.status).toBe(400);
  });
});
