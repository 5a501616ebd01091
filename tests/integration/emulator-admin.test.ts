/**
 * The emulator's control API (`/_emulator/*`): what each request does, that it answers on both
 * the Entra and the Graph port, and that every invalid body is refused naming the field to fix.
 */
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { appIdUri, demoApp, personas, tenants, teamsClientIds } from '../../emulator/directory';
import { createEmulatorClient } from '../support/emulator-client';

const urls = inject('urls');
const emulator = createEmulatorClient({ entraUrl: urls.entra, graphUrl: urls.graph });

async function control(
  method: string,
  path: string,
  body?: string,
  base = urls.entra,
): Promise<{ status: number; json: Record<string, unknown> | undefined }> {
  const response = await fetch(`${base}/_emulator${path}`, {
    method,
    body,
    headers: { 'content-type': 'application/json' },
  });
  const text = await response.text();
  return { status: response.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}

/** A refusal names the field: `{ error: { code, message } }` with the field at the start. */
async function expectRefusal(
  method: string,
  path: string,
  body: string,
  field: string,
  code = 'invalid_request',
) {
  const { status, json } = await control(method, path, body);
  expect(status, `${method} ${path} ${body}`).toBe(400);
  expect(Object.keys(json!)).toEqual(['error']);
  const error = json!.error as { code: string; message: string };
  expect(error.code).toBe(code);
  expect(error.message).toContain(field);
}

beforeEach(async () => {
  await emulator.reset();
});

describe('control API', () => {
  it('answers health on the Entra and the Graph port', async () => {
    for (const base of [urls.entra, urls.graph]) {
      expect(await control('GET', '/health', undefined, base)).toEqual({
        status: 200,
        json: { status: 'ok' },
      });
    }
  });

  it('mints the SSO token Teams would hand the tab, with every option passed through', async () => {
    const v2 = decodeJwt(await emulator.ssoToken('reader@contoso'));
    expect(v2).toMatchObject({
      aud: demoApp.clientId,
      iss: `${urls.entra}/${tenants.contoso.id}/v2.0`,
      azp: teamsClientIds.teamsDesktopAndMobile,
      scp: 'access_as_user',
      preferred_username: 'reader@contoso.edu',
      ver: '2.0',
    });
    expect(v2.exp! - v2.iat!).toBe(3600);

    const v1Token = await emulator.ssoToken('admin@contoso', {
      version: 1,
      clientId: teamsClientIds.teamsWeb,
      scopes: ['access_as_user', 'other'],
      lifetimeSeconds: 120,
      shiftSeconds: -60,
      extraClaims: { xms_test: 'yes' },
    });
    const v1 = decodeJwt(v1Token);
    expect(decodeProtectedHeader(v1Token).x5t).toBeDefined();
    expect(v1).toMatchObject({
      aud: appIdUri(new URL(urls.app).host),
      iss: `https://sts.windows.net/${tenants.contoso.id}/`,
      appid: teamsClientIds.teamsWeb,
      scp: 'access_as_user other',
      ver: '1.0',
      xms_test: 'yes',
    });
    expect(v1.exp! - v1.iat!).toBe(120);
    expect(v1.iat!).toBeLessThan(Math.floor(Date.now() / 1000) - 30);

    const audience = decodeJwt(await emulator.ssoToken('admin@contoso', { audience: 'api://other' }));
    expect(audience.aud).toBe('api://other');
  });

  it('refuses an unknown persona, listing the personas', async () => {
    const { status, json } = await control('POST', '/teams/sso-token', '{"persona":"nobody@contoso"}');
    expect(status).toBe(400);
    const error = json!.error as { code: string; message: string };
    expect(error.code).toBe('unknown_persona');
    for (const persona of personas) expect(error.message).toContain(persona.key);
  });

  it('moves the clock forward, and reset puts it back', async () => {
    const before = Date.now();
    const moved = await emulator.advanceClock(7200);
    expect(moved.getTime() - before).toBeGreaterThanOrEqual(7200_000);
    const minted = decodeJwt(await emulator.ssoToken('admin@contoso'));
    expect(minted.iat! * 1000).toBeGreaterThanOrEqual(moved.getTime() - 1000);
    await emulator.reset();
    const { json } = await control('GET', '/clock');
    expect(new Date(String(json!.now)).getTime() - Date.now()).toBeLessThan(60_000);
  });

  it('lists logged requests after a sequence number, never logs itself, and clears', async () => {
    await emulator.clearRequests();
    expect(await emulator.requests()).toEqual([]);
    const start = await emulator.lastSeq();
    await fetch(`${urls.entra}/common/v2.0/.well-known/openid-configuration`);
    const middle = await emulator.lastSeq();
    await fetch(`${urls.entra}/organizations/discovery/v2.0/keys`);
    // Control requests in between (lastSeq, requests) are not in the log.
    const all = await emulator.requests(start);
    expect(all.map((r) => r.path)).toEqual([
      '/common/v2.0/.well-known/openid-configuration',
      '/organizations/discovery/v2.0/keys',
    ]);
    expect(all[0]!.seq).toBe(middle);
    expect((await emulator.requests(middle)).map((r) => r.path)).toEqual([
      '/organizations/discovery/v2.0/keys',
    ]);
    expect(await emulator.lastSeq()).toBe(all[1]!.seq);
  });

  it('grants and revokes a tenant’s consent', async () => {
    expect(await emulator.setConsent('fabrikam.edu', true)).toEqual({
      tenantId: tenants.fabrikam.id,
      granted: true,
      application: true,
      consentedTenants: [tenants.contoso.id, tenants.fabrikam.id],
      appConsentedTenants: [tenants.contoso.id, tenants.fabrikam.id],
    });
    expect((await emulator.setConsent(tenants.contoso.id, false)).consentedTenants).toEqual([
      tenants.fabrikam.id,
    ]);
    await emulator.reset();
    expect((await emulator.setConsent(tenants.contoso.id, true)).consentedTenants).toEqual([
      tenants.contoso.id,
    ]);
  });

  it('takes the token endpoint down (connection reset) until cleared or reset', async () => {
    const since = await emulator.lastSeq();
    expect(await emulator.setEntraOutage(true)).toEqual({ down: true, endpoints: 'token' });
    const failure = await emulator.graphToken('admin@contoso').catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(TypeError);
    expect((failure as TypeError & { cause?: { code?: string } }).cause?.code).toBe('ECONNRESET');
    // Discovery stays up unless the whole of Entra is down.
    expect((await fetch(`${urls.entra}/common/v2.0/.well-known/openid-configuration`)).status).toBe(200);
    expect(await emulator.requests(since)).toEqual([
      expect.objectContaining({ service: 'entra', method: 'POST', status: 0, fault: true }),
      expect.objectContaining({ path: '/common/v2.0/.well-known/openid-configuration', status: 200 }),
    ]);

    await emulator.setEntraOutage(false);
    await expect(emulator.graphToken('admin@contoso')).resolves.toBeTruthy();

    await control('POST', '/entra/outage', '{"down":true,"endpoints":"all"}');
    await expect(fetch(`${urls.entra}/common/v2.0/.well-known/openid-configuration`)).rejects.toThrow();
    await emulator.reset();
    expect((await control('GET', '/entra/outage')).json).toEqual({ down: false, endpoints: 'token' });
    expect((await fetch(`${urls.entra}/common/v2.0/.well-known/openid-configuration`)).status).toBe(200);
  });

  it('refuses invalid bodies naming the field', async () => {
    await expectRefusal('POST', '/teams/sso-token', '{}', 'persona');
    await expectRefusal('POST', '/teams/sso-token', '{"persona":"admin@contoso","version":3}', 'version');
    await expectRefusal(
      'POST',
      '/teams/sso-token',
      '{"persona":"admin@contoso","lifetimeSeconds":0}',
      'lifetimeSeconds',
    );
    await expectRefusal(
      'POST',
      '/teams/sso-token',
      '{"persona":"admin@contoso","scopes":"access_as_user"}',
      'scopes',
    );
    await expectRefusal('POST', '/teams/sso-token', '{"persona":"admin@contoso","lifetime":60}', 'lifetime');
    await expectRefusal('POST', '/keys/rotate', '{"graceSeconds":-1}', 'graceSeconds');
    await expectRefusal('POST', '/clock', '{}', 'advanceSeconds');
    await expectRefusal('POST', '/clock', '{"advanceSeconds":-10}', 'advanceSeconds');
    await expectRefusal('POST', '/clock', '{"advanceSeconds":"60"}', 'advanceSeconds');
    await expectRefusal('POST', '/consent', '{"tenantId":"c0a70de5-0000-4000-8000-000000000001"}', 'granted');
    await expectRefusal(
      'POST',
      '/consent',
      '{"tenantId":"nowhere.edu","granted":true}',
      'tenantId',
      'unknown_tenant',
    );
    await expectRefusal('POST', '/entra/outage', '{"down":"yes"}', 'down');
    await expectRefusal('POST', '/entra/outage', '{"down":true,"endpoints":"keys"}', 'endpoints');
    await expectRefusal('POST', '/clock', '{"advanceSeconds":', 'body', 'invalid_json');
    const since = await control('GET', '/requests?since=-1');
    expect(since.status).toBe(400);
    expect((since.json!.error as { message: string }).message).toMatch(/^since: /);
  });

  it('answers 404 in its own shape for an unknown control request', async () => {
    const { status, json } = await control('POST', '/nothing-here', '{}');
    expect(status).toBe(404);
    expect(json).toEqual({
      error: { code: 'not_found', message: expect.stringContaining('/_emulator/nothing-here') },
    });
  });
});
