/**
 * aad.manifest.json, the Entra app registration `aadApp/update` applies: it must agree with what
 * the backend accepts and asks for, and with the registration the emulator plays.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  GRAPH_APPLICATION_PERMISSION_IDS,
  GRAPH_DELEGATED_PERMISSION_IDS,
  GRAPH_RESOURCE_APP_ID,
} from '../../contracts/graph';
import { preAuthorizedClientIds, registeredRedirectUris, teamsClientIds } from '../../emulator/directory';
import { fillPlaceholders, loadEnvironment } from '../../scripts/package';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const template = readFileSync(path.join(ROOT, 'aad.manifest.json'), 'utf8');

type AadManifest = {
  identifierUris: string[];
  signInAudience: string;
  groupMembershipClaims: string;
  api: {
    requestedAccessTokenVersion: number;
    oauth2PermissionScopes: { id: string; value: string; type: string; isEnabled: boolean }[];
    preAuthorizedApplications: { appId: string; delegatedPermissionIds: string[] }[];
  };
  requiredResourceAccess: { resourceAppId: string; resourceAccess: { id: string; type: string }[] }[];
  web: { redirectUris: string[] };
};

const SCOPE_ID = '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
/** The manifest as aadApp/update renders it for the local environment after aadApp/create. */
function filledForLocal(): AadManifest {
  const env = loadEnvironment('local', { processEnv: {} });
  const provisioned: Record<string, string> = {
    AAD_APP_OBJECT_ID: '11111111-2222-4333-8444-555555555555',
    AAD_APP_CLIENT_ID: '66666666-7777-4888-9999-aaaaaaaaaaaa',
    AAD_APP_ACCESS_AS_USER_PERMISSION_ID: SCOPE_ID,
  };
  const values = (name: string) => provisioned[name] ?? env.lookup(name)?.value;
  return JSON.parse(fillPlaceholders(template, values, { file: 'aad.manifest.json', env })) as AadManifest;
}

describe('aad.manifest.json', () => {
  const aad = filledForLocal();
  const raw = JSON.parse(template) as AadManifest;

  it('exposes access_as_user, the scope Teams asks for, and issues v2 tokens', () => {
    expect(aad.api.oauth2PermissionScopes).toEqual([
      expect.objectContaining({ id: SCOPE_ID, value: 'access_as_user', type: 'User', isEnabled: true }),
    ]);
    expect(aad.api.requestedAccessTokenVersion).toBe(2);
    expect(aad.signInAudience).toBe('AzureADMyOrg');
  });

  it('pre-authorizes the Teams clients (desktop, mobile and web) for access_as_user', () => {
    const byClient = new Map(
      aad.api.preAuthorizedApplications.map((p) => [p.appId, p.delegatedPermissionIds]),
    );
    expect(byClient.get(teamsClientIds.teamsDesktopAndMobile)).toEqual([SCOPE_ID]);
    expect(byClient.get(teamsClientIds.teamsWeb)).toEqual([SCOPE_ID]);
    for (const [appId, scopes] of byClient) {
      // Every client Entra lets in without a prompt is one the backend accepts as azp/appid.
      expect(preAuthorizedClientIds, appId).toContain(appId);
      expect(scopes, appId).toEqual([SCOPE_ID]);
    }
  });

  it('requests exactly the Graph permissions contracts/graph.ts lists: delegated scopes and application roles', () => {
    expect(aad.requiredResourceAccess).toHaveLength(1);
    const [graph] = aad.requiredResourceAccess;
    expect(graph!.resourceAppId).toBe(GRAPH_RESOURCE_APP_ID);
    const ofType = (type: string) =>
      graph!.resourceAccess
        .filter((r) => r.type === type)
        .map((r) => r.id)
        .sort();
    expect(ofType('Scope')).toEqual(Object.values(GRAPH_DELEGATED_PERMISSION_IDS).sort());
    expect(ofType('Role')).toEqual(Object.values(GRAPH_APPLICATION_PERMISSION_IDS).sort());
    expect(graph!.resourceAccess).toHaveLength(
      Object.keys(GRAPH_DELEGATED_PERMISSION_IDS).length +
        Object.keys(GRAPH_APPLICATION_PERMISSION_IDS).length,
    );
  });

  it('covers every Graph permission the server names (it asks for .default: these are the permissions)', () => {
    const source = serverSources().join('\n');
    const named = new Set(
      [...source.matchAll(/\b(?:EduAdministration|TeamsActivity)(?:\.[A-Za-z]+)+\b/g)].map((m) => m[0]),
    );
    const listed = new Set([
      ...Object.keys(GRAPH_DELEGATED_PERMISSION_IDS),
      ...Object.keys(GRAPH_APPLICATION_PERMISSION_IDS),
    ]);
    for (const permission of named) expect(listed, permission).toContain(permission);
    const explicitGraphScopes = [...source.matchAll(/https:\/\/graph\.microsoft\.com\/([A-Za-z.]+)/g)].map(
      (m) => m[1],
    );
    expect(explicitGraphScopes.filter((scope) => scope !== '.default')).toEqual([]);
  });

  it('emits the directory roles (wids) in access tokens, which decide read or write', () => {
    // wids is only issued when groupMembershipClaims includes directory roles ("DirectoryRole"
    // or "All"); DirectoryRole alone keeps group ids out of the token.
    expect(raw.groupMembershipClaims).toBe('DirectoryRole');
  });

  it('uses the api://<tab domain>/<client id> identifier URI', () => {
    expect(raw.identifierUris).toEqual(['api://${{TAB_DOMAIN}}/${{AAD_APP_CLIENT_ID}}']);
    expect(aad.identifierUris).toEqual(['api://localhost:53000/66666666-7777-4888-9999-aaaaaaaaaaaa']);
  });

  it('registers the consent pages as redirect URIs, the same ones the emulator accepts', () => {
    expect(aad.web.redirectUris).toEqual(registeredRedirectUris('https://localhost:53000'));
  });
});

function serverSources(dir = path.join(ROOT, 'server')): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return serverSources(full);
    return name.endsWith('.ts') ? [readFileSync(full, 'utf8')] : [];
  });
}
