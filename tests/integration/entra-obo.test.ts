/**
 * Entra emulator token endpoint: on-behalf-of and client credentials succeed like Entra's, and
 * every refusal comes back in Entra's exact error shape with the AADSTS code callers see.
 */
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { appIdUri, demoApp, personas, tenants, teamsClientIds } from '../../emulator/directory';
import { createEmulatorClient } from '../support/emulator-client';

const urls = inject('urls');
const emulator = createEmulatorClient({ entraUrl: urls.entra, graphUrl: urls.graph });
const contoso = tenants.contoso.id;
const fabrikam = tenants.fabrikam.id;
const GRAPH_DEFAULT = 'https://graph.microsoft.com/.default';
const OBO_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

type TokenAnswer = { status: number; body: Record<string, unknown>; headers: Headers };

async function tokenRequest(
  tenant: string,
  fields: Record<string, string | undefined>,
  init: { headers?: Record<string, string>; query?: string } = {},
): Promise<TokenAnswer> {
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) if (value !== undefined) form.set(name, value);
  const response = await fetch(`${urls.entra}/${tenant}/oauth2/v2.0/token${init.query ?? ''}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...init.headers },
    body: form,
  });
  return {
    status: response.status,
    body: (await response.json()) as Record<string, unknown>,
    headers: response.headers,
  };
}

async function obo(
  persona: string,
  overrides: Record<string, string | undefined> = {},
  tenant?: string,
): Promise<TokenAnswer> {
  const assertion = overrides.assertion ?? (await emulator.ssoToken(persona));
  const tenantId = tenant ?? personas.find((p) => p.key === persona)!.tenantId;
  return tokenRequest(tenantId, {
    grant_type: OBO_GRANT,
    requested_token_use: 'on_behalf_of',
    client_id: demoApp.clientId,
    client_secret: demoApp.clientSecret,
    scope: GRAPH_DEFAULT,
    ...overrides,
    assertion,
  });
}

/** Entra's error shape, field by field. */
function expectEntraError(
  answer: TokenAnswer,
  expected: {
    status: number;
    error: string;
    code: number;
    suberror?: string;
    claims?: string;
    description?: RegExp;
  },
) {
  const { body } = answer;
  expect(answer.status).toBe(expected.status);
  expect(Object.keys(body).sort()).toEqual(
    [
      'correlation_id',
      'error',
      'error_codes',
      'error_description',
      'error_uri',
      'timestamp',
      'trace_id',
      ...(expected.suberror ? ['suberror'] : []),
      ...(expected.claims ? ['claims'] : []),
    ].sort(),
  );
  expect(body.error).toBe(expected.error);
  expect(body.error_codes).toEqual([expected.code]);
  expect(body.suberror).toBe(expected.suberror);
  expect(body.claims).toBe(expected.claims);
  expect(body.timestamp).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
  expect(body.trace_id).toMatch(/^[0-9a-f-]{36}$/);
  expect(body.correlation_id).toMatch(/^[0-9a-f-]{36}$/);
  const description = String(body.error_description);
  expect(description.startsWith(`AADSTS${expected.code}: `)).toBe(true);
  expect(description).toContain(
    `\r\nTrace ID: ${String(body.trace_id)}\r\nCorrelation ID: ${String(body.correlation_id)}\r\nTimestamp: ${String(body.timestamp)}`,
  );
  if (expected.description) expect(description).toMatch(expected.description);
  expect(answer.headers.get('cache-control')).toBe('no-store');
}

const jwks = createRemoteJWKSet(new URL(`${urls.entra}/common/discovery/v2.0/keys`));

beforeEach(async () => {
  await emulator.reset();
});

describe('on-behalf-of: success', () => {
  it('exchanges an SSO token for a Graph token with every consented permission for .default', async () => {
    const answer = await obo('admin@contoso');
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.body).sort()).toEqual([
      'access_token',
      'expires_in',
      'ext_expires_in',
      'scope',
      'token_type',
    ]);
    expect(answer.body).toMatchObject({
      token_type: 'Bearer',
      scope:
        'https://graph.microsoft.com/EduAdministration.Read https://graph.microsoft.com/EduAdministration.ReadWrite https://graph.microsoft.com/.default',
      expires_in: 3600,
      ext_expires_in: 3600,
    });
    const { payload, protectedHeader } = await jwtVerify(String(answer.body.access_token), jwks, {
      audience: 'https://graph.microsoft.com',
      issuer: `https://sts.windows.net/${contoso}/`,
    });
    expect(protectedHeader.x5t).toBe(protectedHeader.kid);
    expect(payload).toMatchObject({
      scp: 'EduAdministration.Read EduAdministration.ReadWrite',
      tid: contoso,
      oid: personas[0]!.objectId,
      appid: demoApp.clientId,
      ver: '1.0',
      wids: ['62e90394-69f5-4237-9190-012177145e10'],
    });
    expect(payload.roles).toBeUndefined();
  });

  it('grants exactly the explicit permissions asked for, full URI or bare name', async () => {
    for (const scope of ['https://graph.microsoft.com/EduAdministration.Read', 'EduAdministration.Read']) {
      const answer = await obo('reader@contoso', { scope });
      expect(answer.status).toBe(200);
      expect(answer.body.scope).toBe('https://graph.microsoft.com/EduAdministration.Read');
      expect(decodeJwt(String(answer.body.access_token)).scp).toBe('EduAdministration.Read');
    }
  });

  it('adds an ID token for openid and client_info when asked, as MSAL sends them', async () => {
    const answer = await obo('admin@contoso', {
      scope: `${GRAPH_DEFAULT} openid profile offline_access`,
      client_info: '1',
    });
    expect(answer.status).toBe(200);
    expect(answer.body.refresh_token).toBeUndefined();
    const idToken = await jwtVerify(String(answer.body.id_token), jwks, { audience: demoApp.clientId });
    expect(idToken.payload).toMatchObject({ iss: `${urls.entra}/${contoso}/v2.0`, tid: contoso, ver: '2.0' });
    expect(JSON.parse(Buffer.from(String(answer.body.client_info), 'base64url').toString())).toEqual({
      uid: personas[0]!.objectId,
      utid: contoso,
    });
    // OIDC scopes shape the answer, not the Graph token.
    expect(decodeJwt(String(answer.body.access_token)).scp).toBe(
      'EduAdministration.Read EduAdministration.ReadWrite',
    );
  });

  it('accepts a v1 SSO token (App ID URI audience, appid) and client_secret_basic at /organizations', async () => {
    const assertion = await emulator.ssoToken('admin@contoso', {
      version: 1,
      clientId: teamsClientIds.teamsWeb,
    });
    expect(decodeJwt(assertion).aud).toBe(appIdUri(new URL(urls.app).host));
    const basic = Buffer.from(`${demoApp.clientId}:${encodeURIComponent(demoApp.clientSecret)}`).toString(
      'base64',
    );
    const answer = await tokenRequest(
      'organizations',
      { grant_type: OBO_GRANT, requested_token_use: 'on_behalf_of', assertion, scope: GRAPH_DEFAULT },
      { headers: { authorization: `Basic ${basic}` } },
    );
    expect(answer.status).toBe(200);
  });

  it('logs the exchange with persona, tenant, client, scopes and grant type, and echoes the correlation id', async () => {
    const since = await emulator.lastSeq();
    const correlationId = '0b5c1e9a-1f0e-4c62-9d0e-3c1b8a7e2f10';
    const answer = await obo('admin@contoso', {}, 'organizations');
    expect(answer.status).toBe(200);
    const failed = await tokenRequest(
      contoso,
      { grant_type: OBO_GRANT, client_id: demoApp.clientId },
      { query: `?client-request-id=${correlationId}` },
    );
    expect(failed.body.correlation_id).toBe(correlationId);
    expect(failed.headers.get('client-request-id')).toBe(correlationId);
    expect(await emulator.requests(since)).toEqual([
      expect.objectContaining({
        service: 'entra',
        method: 'POST',
        path: '/organizations/oauth2/v2.0/token',
        status: 200,
        persona: 'admin@contoso',
        tenantId: contoso,
        clientId: demoApp.clientId,
        scopes: [GRAPH_DEFAULT],
        grantType: OBO_GRANT,
      }),
      expect.objectContaining({ path: `/${contoso}/oauth2/v2.0/token`, status: 401, grantType: OBO_GRANT }),
    ]);
  });
});

describe('on-behalf-of: refusals in Entra’s shape', () => {
  it('AADSTS65001 consent_required when the user’s tenant has not consented', async () => {
    expectEntraError(await obo('admin@fabrikam'), {
      status: 400,
      error: 'invalid_grant',
      code: 65001,
      suberror: 'consent_required',
      description: /has not consented to use the application with ID '5d50f10e-0000-4000-8000-00000000a991'/,
    });
    await emulator.setConsent(contoso, false);
    expectEntraError(await obo('admin@contoso'), {
      status: 400,
      error: 'invalid_grant',
      code: 65001,
      suberror: 'consent_required',
    });
    await emulator.setConsent(fabrikam, true);
    expect((await obo('admin@fabrikam')).status).toBe(200);
  });

  it('AADSTS65001 for a real Graph permission our app does not ask for', async () => {
    expectEntraError(await obo('admin@contoso', { scope: 'https://graph.microsoft.com/User.Read' }), {
      status: 400,
      error: 'invalid_grant',
      code: 65001,
      suberror: 'consent_required',
    });
  });

  it('AADSTS500133 for an expired or not yet valid assertion, as Entra sends it', async () => {
    const expired = await emulator.ssoToken('admin@contoso', { shiftSeconds: -7200 });
    expectEntraError(await obo('admin@contoso', { assertion: expired }), {
      status: 400,
      error: 'invalid_grant',
      code: 500133,
      description: /^AADSTS500133: Assertion is not within its valid time range\. .*Current time: \d{4}-/,
    });
    const future = await emulator.ssoToken('admin@contoso', { shiftSeconds: 600 });
    expectEntraError(await obo('admin@contoso', { assertion: future }), {
      status: 400,
      error: 'invalid_grant',
      code: 500133,
    });
  });

  it('AADSTS50076 interaction_required with a claims challenge when Conditional Access asks for step-up', async () => {
    const { claims } = await emulator.requireStepUp('admin@contoso', true);
    expect(JSON.parse(claims)).toEqual({ access_token: { acrs: { essential: true, value: 'c1' } } });
    expectEntraError(await obo('admin@contoso'), {
      status: 400,
      error: 'interaction_required',
      code: 50076,
      suberror: 'basic_action',
      claims,
      description: /must use multi-factor authentication to access '00000003-0000-0000-c000-000000000000'/,
    });
    // Only that persona: another user of the tenant is not asked.
    expect((await obo('reader@contoso')).status).toBe(200);
    // A token that proves the authentication context (what the Teams host's prompt hands back) passes.
    const satisfied = await emulator.ssoToken('admin@contoso', {
      extraClaims: { acrs: ['c1'], amr: ['pwd', 'mfa'] },
    });
    expect((await obo('admin@contoso', { assertion: satisfied })).status).toBe(200);
    await emulator.requireStepUp('admin@contoso', false);
    expect((await obo('admin@contoso')).status).toBe(200);
  });

  it('AADSTS50013 for a forged or rotated-out assertion', async () => {
    const [header, , signature] = (await emulator.ssoToken('reader@contoso')).split('.');
    const admin = decodeJwt(await emulator.ssoToken('admin@contoso'));
    const forged = `${header}.${Buffer.from(JSON.stringify(admin)).toString('base64url')}.${signature}`;
    expectEntraError(await obo('admin@contoso', { assertion: forged }), {
      status: 400,
      error: 'invalid_grant',
      code: 50013,
      description: /failed signature validation/,
    });
    expectEntraError(await obo('admin@contoso', { assertion: 'not-a-jwt' }), {
      status: 400,
      error: 'invalid_grant',
      code: 50013,
    });

    const beforeRotation = await emulator.ssoToken('admin@contoso');
    await emulator.rotateKeys(0);
    expectEntraError(await obo('admin@contoso', { assertion: beforeRotation }), {
      status: 400,
      error: 'invalid_grant',
      code: 50013,
      description: /The key was not found/,
    });
  });

  it('AADSTS50013 when the assertion is for another audience, from a client that is not pre-authorized, or not delegated', async () => {
    const otherAudience = await emulator.ssoToken('admin@contoso', {
      audience: 'api://elsewhere.example/1234',
    });
    expectEntraError(await obo('admin@contoso', { assertion: otherAudience }), {
      status: 400,
      error: 'invalid_grant',
      code: 50013,
      description: /audience does not match/,
    });
    const strangeClient = await emulator.ssoToken('admin@contoso', {
      clientId: '11111111-2222-4333-8444-555555555555',
    });
    expectEntraError(await obo('admin@contoso', { assertion: strangeClient }), {
      status: 400,
      error: 'invalid_grant',
      code: 50013,
      description: /not a pre-authorized client/,
    });
    const noScope = await emulator.ssoToken('admin@contoso', { extraClaims: { scp: '' } });
    expectEntraError(await obo('admin@contoso', { assertion: noScope }), {
      status: 400,
      error: 'invalid_grant',
      code: 50013,
      description: /no 'scp' claim/,
    });
  });

  it('AADSTS500200 for a personal account, AADSTS50020 for a user of another tenant', async () => {
    expectEntraError(await obo('user@outlook.com', {}, 'organizations'), {
      status: 400,
      error: 'invalid_grant',
      code: 500200,
      description: /personal Microsoft account/,
    });
    expectEntraError(await obo('admin@fabrikam', {}, contoso), {
      status: 400,
      error: 'invalid_grant',
      code: 50020,
      description: /does not exist in tenant 'Contoso School District'/,
    });
  });

  it('AADSTS7000215 (401) for a wrong secret, AADSTS7000218 without one, AADSTS700027 for an unregistered certificate', async () => {
    expectEntraError(await obo('admin@contoso', { client_secret: 'wrong' }), {
      status: 401,
      error: 'invalid_client',
      code: 7000215,
    });
    expectEntraError(await obo('admin@contoso', { client_secret: undefined }), {
      status: 401,
      error: 'invalid_client',
      code: 7000218,
    });
    expectEntraError(
      await obo('admin@contoso', {
        client_secret: undefined,
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: 'eyJ.signed.byacertificate',
      }),
      { status: 401, error: 'invalid_client', code: 700027 },
    );
  });

  it('AADSTS700016 for an unknown client id', async () => {
    expectEntraError(await obo('admin@contoso', { client_id: '99999999-0000-4000-8000-000000000000' }), {
      status: 400,
      error: 'unauthorized_client',
      code: 700016,
      description: /was not found in the directory 'Contoso School District'/,
    });
  });

  it('AADSTS900144 naming each missing parameter', async () => {
    for (const name of ['grant_type', 'client_id', 'assertion', 'scope', 'requested_token_use']) {
      const answer = await obo('admin@contoso', {
        [name]: undefined,
        ...(name === 'assertion' ? { assertion: '' } : {}),
      });
      expectEntraError(answer, {
        status: 400,
        error: 'invalid_request',
        code: 900144,
        description: new RegExp(`must contain the following parameter: '${name}'`),
      });
    }
  });

  it('AADSTS70003 for an unsupported grant type', async () => {
    for (const grantType of ['authorization_code', 'password', 'refresh_token']) {
      expectEntraError(await obo('admin@contoso', { grant_type: grantType }), {
        status: 400,
        error: 'unsupported_grant_type',
        code: 70003,
        description: new RegExp(`unsupported grant type '${grantType}'`),
      });
    }
  });

  it('refuses scopes Entra would refuse: mixed .default, other resources, misspelt permissions', async () => {
    expectEntraError(
      await obo('admin@contoso', {
        scope: `${GRAPH_DEFAULT} https://graph.microsoft.com/EduAdministration.Read`,
      }),
      {
        status: 400,
        error: 'invalid_scope',
        code: 70011,
      },
    );
    expectEntraError(await obo('admin@contoso', { scope: 'https://management.azure.com/.default' }), {
      status: 400,
      error: 'invalid_resource',
      code: 500011,
    });
    expectEntraError(
      await obo('admin@contoso', { scope: 'https://graph.microsoft.com/EduAdministration.Reed' }),
      {
        status: 400,
        error: 'invalid_scope',
        code: 650053,
      },
    );
    expectEntraError(await obo('admin@contoso', { scope: 'openid profile' }), {
      status: 400,
      error: 'invalid_scope',
      code: 70011,
    });
  });
});

describe('client credentials', () => {
  const clientCredentials = (tenant: string, scope = GRAPH_DEFAULT) =>
    tokenRequest(tenant, {
      grant_type: 'client_credentials',
      client_id: demoApp.clientId,
      client_secret: demoApp.clientSecret,
      scope,
    });

  it('issues an app-only Graph token with roles and no scp', async () => {
    const answer = await clientCredentials('contoso.edu');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, ext_expires_in: 3600 });
    const { payload } = await jwtVerify(String(answer.body.access_token), jwks, {
      audience: 'https://graph.microsoft.com',
      issuer: `https://sts.windows.net/${contoso}/`,
    });
    expect(payload).toMatchObject({
      roles: ['EduAdministration.Read.All', 'TeamsActivity.Send'],
      tid: contoso,
      appid: demoApp.clientId,
      idtyp: 'app',
    });
    expect(payload.scp).toBeUndefined();
    expect(payload.oid).toBe(payload.sub);
  });

  it('refuses a tenant without consent, a non-.default scope, and a tenant alias', async () => {
    expectEntraError(await clientCredentials(fabrikam), {
      status: 401,
      error: 'invalid_client',
      code: 7000229,
    });
    expectEntraError(await clientCredentials(contoso, 'https://graph.microsoft.com/EduAdministration.Read'), {
      status: 400,
      error: 'invalid_scope',
      code: 1002012,
    });
    expectEntraError(await clientCredentials('common'), {
      status: 400,
      error: 'invalid_request',
      code: 50059,
    });
  });
});
