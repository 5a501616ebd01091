/**
 * The real @azure/msal-node ConfidentialClientApplication against the Entra emulator, configured
 * exactly as against Entra except for the authority host: discovery, on-behalf-of, MSAL's token
 * cache (proven from the emulator's request log), and the errors MSAL raises for Entra's answers.
 */
import {
  ConfidentialClientApplication,
  InteractionRequiredAuthError,
  LogLevel,
  ProtocolMode,
  ServerError,
  type Configuration,
} from '@azure/msal-node';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { demoApp, tenants } from '../../emulator/directory';
import { createEmulatorClient } from '../support/emulator-client';

const urls = inject('urls');
const emulator = createEmulatorClient({ entraUrl: urls.entra, graphUrl: urls.graph });
const GRAPH_DEFAULT = 'https://graph.microsoft.com/.default';

/** MSAL warnings and errors, so a test can show MSAL found nothing odd in the emulator's answers. */
let msalComplaints: string[] = [];

function confidentialClient(
  tenant: string,
  system: Configuration['system'] = {},
): ConfidentialClientApplication {
  return new ConfidentialClientApplication({
    auth: {
      clientId: demoApp.clientId,
      clientSecret: demoApp.clientSecret,
      authority: `${urls.entra}/${tenant}`,
      // Without it MSAL asks login.microsoftonline.com for instance discovery first.
      knownAuthorities: [new URL(urls.entra).host],
    },
    system: {
      loggerOptions: {
        logLevel: LogLevel.Warning,
        piiLoggingEnabled: false,
        loggerCallback: (_level, message) => msalComplaints.push(message),
      },
      ...system,
    },
  });
}

beforeEach(async () => {
  await emulator.reset();
  msalComplaints = [];
});

describe('msal-node acquireTokenOnBehalfOf against the emulator', () => {
  it('gets a Graph token, then serves the same request from its cache with no second POST', async () => {
    const since = await emulator.lastSeq();
    const cca = confidentialClient(tenants.contoso.id);
    const oboAssertion = await emulator.ssoToken('admin@contoso');

    const first = await cca.acquireTokenOnBehalfOf({ oboAssertion, scopes: [GRAPH_DEFAULT] });
    expect(first?.fromCache).toBe(false);
    expect(first?.tokenType).toBe('Bearer');
    expect(first?.account?.username).toBe('admin@contoso.edu');
    expect(first?.account?.homeAccountId).toBe(`a0000000-0000-4000-8000-00000000c001.${tenants.contoso.id}`);

    const second = await cca.acquireTokenOnBehalfOf({ oboAssertion, scopes: [GRAPH_DEFAULT] });
    expect(second?.fromCache).toBe(true);
    expect(second?.accessToken).toBe(first?.accessToken);

    const entraRequests = (await emulator.requests(since)).filter((r) => r.service === 'entra');
    expect(entraRequests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      `GET /${tenants.contoso.id}/v2.0/.well-known/openid-configuration 200`,
      `POST /${tenants.contoso.id}/oauth2/v2.0/token 200`,
    ]);
    // What MSAL sends, as the emulator recorded it.
    expect(entraRequests[1]).toMatchObject({
      grantType: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      clientId: demoApp.clientId,
      persona: 'admin@contoso',
      scopes: [GRAPH_DEFAULT, 'openid', 'profile', 'offline_access'],
    });
    expect(msalComplaints).toEqual([]);

    const { payload } = await jwtVerify(
      first!.accessToken,
      createRemoteJWKSet(new URL(`${urls.entra}/${tenants.contoso.id}/discovery/v2.0/keys`)),
      { audience: 'https://graph.microsoft.com' },
    );
    expect(payload.scp).toBe('EduAdministration.Read EduAdministration.ReadWrite');
  });

  it('exchanges again for a new assertion (the cache is keyed by assertion)', async () => {
    const cca = confidentialClient('organizations');
    await cca.acquireTokenOnBehalfOf({
      oboAssertion: await emulator.ssoToken('admin@contoso'),
      scopes: [GRAPH_DEFAULT],
    });
    const since = await emulator.lastSeq();

    const narrower = await cca.acquireTokenOnBehalfOf({
      oboAssertion: await emulator.ssoToken('admin@contoso'),
      scopes: ['https://graph.microsoft.com/EduAdministration.Read'],
    });
    expect(narrower?.fromCache).toBe(false);
    const tokenPosts = (await emulator.requests(since)).filter((r) => r.method === 'POST');
    expect(tokenPosts).toHaveLength(1);
    expect(tokenPosts[0]!.path).toBe('/organizations/oauth2/v2.0/token');
  });

  it('raises InteractionRequiredAuthError consent_required for Fabrikam until an admin consents', async () => {
    const cca = confidentialClient(tenants.fabrikam.id);
    const oboAssertion = await emulator.ssoToken('admin@fabrikam');
    const error = await cca
      .acquireTokenOnBehalfOf({ oboAssertion, scopes: [GRAPH_DEFAULT] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InteractionRequiredAuthError);
    expect(error).toMatchObject({ errorCode: 'invalid_grant', subError: 'consent_required' });
    // MSAL passes Entra's numeric error_codes[0] through (its typings say string).
    expect(String((error as InteractionRequiredAuthError).errorNo)).toBe('65001');
    expect((error as Error).message).toContain('AADSTS65001');

    await emulator.setConsent(tenants.fabrikam.id, true);
    const result = await cca.acquireTokenOnBehalfOf({ oboAssertion, scopes: [GRAPH_DEFAULT] });
    expect(result?.fromCache).toBe(false);
  });

  it('raises a ServerError with AADSTS500133 for an expired SSO token (not an interaction)', async () => {
    const cca = confidentialClient(tenants.contoso.id);
    const oboAssertion = await emulator.ssoToken('admin@contoso', { shiftSeconds: -7200 });
    const error = await cca
      .acquireTokenOnBehalfOf({ oboAssertion, scopes: [GRAPH_DEFAULT] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect(error).not.toBeInstanceOf(InteractionRequiredAuthError);
    expect(error).toMatchObject({ errorCode: 'invalid_grant' });
    expect(String((error as ServerError).errorNo)).toBe('500133');
  });

  it('raises an InteractionRequiredAuthError with the claims when Conditional Access asks for step-up', async () => {
    const { claims } = await emulator.requireStepUp('admin@contoso', true);
    const cca = confidentialClient(tenants.contoso.id);
    const error = await cca
      .acquireTokenOnBehalfOf({
        oboAssertion: await emulator.ssoToken('admin@contoso'),
        scopes: [GRAPH_DEFAULT],
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InteractionRequiredAuthError);
    expect(error).toMatchObject({ errorCode: 'interaction_required', subError: 'basic_action', claims });
    expect(String((error as InteractionRequiredAuthError).errorNo)).toBe('50076');
  });

  it('works in OIDC protocol mode, through the v1 discovery document', async () => {
    const since = await emulator.lastSeq();
    const cca = confidentialClient(tenants.contoso.id, { protocolMode: ProtocolMode.OIDC });
    const result = await cca.acquireTokenOnBehalfOf({
      oboAssertion: await emulator.ssoToken('admin@contoso'),
      scopes: [GRAPH_DEFAULT],
    });
    expect(result?.accessToken).toBeTruthy();
    expect((await emulator.requests(since)).map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /${tenants.contoso.id}/.well-known/openid-configuration`,
      `POST /${tenants.contoso.id}/oauth2/token`,
    ]);
  });
});
