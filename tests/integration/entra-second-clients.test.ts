/**
 * Two clients the backend does not use, against the Entra emulator with certificate checks on
 * (the local CA is trusted through NODE_EXTRA_CA_CERTS, nothing is turned off): Azure Identity's
 * OnBehalfOfCredential (with disableInstanceDiscovery, as for any authority that is not
 * Microsoft's) and openid-client's discovery. A second client keeps the emulator honest about
 * what it shares with Entra beyond what msal-node happens to read.
 */
import {
  AuthenticationRequiredError,
  OnBehalfOfCredential,
  type OnBehalfOfCredentialOptions,
} from '@azure/identity';
import * as oidc from 'openid-client';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { demoApp, tenants } from '../../emulator/directory';
import { createEmulatorClient } from '../support/emulator-client';

const urls = inject('urls');
const emulator = createEmulatorClient({ entraUrl: urls.entra, graphUrl: urls.graph });
const contoso = tenants.contoso.id;
const GRAPH_DEFAULT = 'https://graph.microsoft.com/.default';

beforeEach(async () => {
  await emulator.reset();
});

async function listProfiles(accessToken: string): Promise<number> {
  const response = await fetch(`${urls.graph}/beta/education/synchronizationProfiles`, {
    headers: { authorization: `Bearer ${accessToken}` },
  });
  await response.arrayBuffer();
  return response.status;
}

describe('@azure/identity OnBehalfOfCredential', () => {
  const credential = (userAssertionToken: string) => {
    // OnBehalfOfCredentialOptions includes AuthorityValidationOptions, but 4.13's constructor
    // overloads leave it out; the implementation passes every option on to MSAL.
    const options = {
      tenantId: contoso,
      clientId: demoApp.clientId,
      clientSecret: demoApp.clientSecret,
      userAssertionToken,
      authorityHost: urls.entra,
      disableInstanceDiscovery: true,
    } satisfies OnBehalfOfCredentialOptions;
    return new OnBehalfOfCredential(options);
  };

  it('exchanges a Teams SSO token for a Graph token that Graph accepts', async () => {
    const since = await emulator.lastSeq();
    const token = await credential(await emulator.ssoToken('admin@contoso')).getToken(GRAPH_DEFAULT);
    expect(token.token).toMatch(/^eyJ/);
    expect(token.expiresOnTimestamp).toBeGreaterThan(Date.now());
    expect(await listProfiles(token.token)).toBe(200);
    // Only the emulator was asked: its discovery document and token endpoint, no instance discovery.
    const entra = (await emulator.requests(since)).filter((r) => r.service === 'entra');
    expect(entra.map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining([`POST /${contoso}/oauth2/v2.0/token`]),
    );
    expect(entra.every((r) => r.status < 400)).toBe(true);
  });

  it('fails with Entra’s step-up challenge when Conditional Access asks for it', async () => {
    await emulator.requireStepUp('admin@contoso', true);
    const error = await credential(await emulator.ssoToken('admin@contoso'))
      .getToken(GRAPH_DEFAULT)
      .catch((e: unknown) => e);
    // Azure Identity's way of saying "the user must sign in interactively".
    expect(error).toBeInstanceOf(AuthenticationRequiredError);
    expect(String((error as Error).message)).toMatch(/interaction_required|AADSTS50076/);
  });
});

describe('openid-client discovery', () => {
  const issuer = () => new URL(`${urls.entra}/${contoso}/v2.0`);

  it('discovers the tenant, validates the issuer, and reads the endpoints', async () => {
    const config = await oidc.discovery(issuer(), demoApp.clientId, demoApp.clientSecret);
    const metadata = config.serverMetadata();
    expect(metadata.issuer).toBe(`${urls.entra}/${contoso}/v2.0`);
    expect(metadata.token_endpoint).toBe(`${urls.entra}/${contoso}/oauth2/v2.0/token`);
    expect(metadata.jwks_uri).toBe(`${urls.entra}/${contoso}/discovery/v2.0/keys`);
    expect(metadata.userinfo_endpoint).toBe(`${urls.graph}/oidc/userinfo`);
  });

  it('runs on-behalf-of through a generic grant and reads UserInfo with the token', async () => {
    const config = await oidc.discovery(issuer(), demoApp.clientId, demoApp.clientSecret);
    const tokens = await oidc.genericGrantRequest(config, 'urn:ietf:params:oauth:grant-type:jwt-bearer', {
      assertion: await emulator.ssoToken('admin@contoso'),
      requested_token_use: 'on_behalf_of',
      scope: `openid profile ${GRAPH_DEFAULT}`,
    });
    expect(tokens.token_type.toLowerCase()).toBe('bearer');
    // The ID token was validated by openid-client (issuer, audience, times).
    expect(tokens.claims()).toMatchObject({ tid: contoso, preferred_username: 'admin@contoso.edu' });
    expect(await listProfiles(tokens.access_token)).toBe(200);
    const userInfo = await oidc.fetchUserInfo(config, tokens.access_token, tokens.claims()!.sub);
    expect(userInfo).toMatchObject({ name: 'Megan Bowen', email: 'admin@contoso.edu' });
  });

  it('gets an app-only token with client credentials', async () => {
    const config = await oidc.discovery(issuer(), demoApp.clientId, demoApp.clientSecret);
    const tokens = await oidc.clientCredentialsGrant(config, { scope: GRAPH_DEFAULT });
    expect(tokens.access_token).toMatch(/^eyJ/);
    expect(tokens.expires_in).toBeGreaterThan(0);
  });
});
