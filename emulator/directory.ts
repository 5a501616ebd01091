/**
 * The demo directory the emulator serves: tenants, personas and our app's registration.
 * Every id is a fixed GUID so links, tests and screenshots stay stable across runs.
 *
 * The app registration below is a dev-only value: it is valid against this emulator alone and
 * grants nothing in any real tenant.
 */

import { CONSUMERS_TENANT_ID, directoryRoleIds } from '../contracts/identity';

export { CONSUMERS_TENANT_ID, preAuthorizedClientIds, teamsClientIds } from '../contracts/identity';

export type SdsRole = 'admin' | 'reader' | 'none';

export type Persona = {
  /** The short name used everywhere locally: `admin@contoso`. */
  key: string;
  objectId: string;
  tenantId: string;
  displayName: string;
  userPrincipalName: string;
  sdsRole: SdsRole;
  /** Directory role template ids, emitted in the `wids` claim. */
  directoryRoles: string[];
  /** A personal Microsoft account (the consumers tenant), not a work or school account. */
  personalAccount: boolean;
};

export type Tenant = {
  id: string;
  displayName: string;
  defaultDomain: string;
  /** Whether an admin has granted our app tenant-wide consent when the emulator starts. */
  consentGrantedAtStart: boolean;
};

/** Directory role template ids (Entra built-in roles), as the backend reads them from `wids`. */
export const directoryRoles = directoryRoleIds;

export const tenants = {
  contoso: {
    id: 'c0a70de5-0000-4000-8000-000000000001',
    displayName: 'Contoso School District',
    defaultDomain: 'contoso.edu',
    consentGrantedAtStart: true,
  },
  fabrikam: {
    id: 'fab01ca7-0000-4000-8000-000000000002',
    displayName: 'Fabrikam Academy Trust',
    defaultDomain: 'fabrikam.edu',
    consentGrantedAtStart: false,
  },
  consumers: {
    id: CONSUMERS_TENANT_ID,
    displayName: 'Microsoft accounts',
    defaultDomain: 'outlook.com',
    consentGrantedAtStart: false,
  },
} as const satisfies Record<string, Tenant>;

export const personas: readonly Persona[] = [
  {
    key: 'admin@contoso',
    objectId: 'a0000000-0000-4000-8000-00000000c001',
    tenantId: tenants.contoso.id,
    displayName: 'Megan Bowen',
    userPrincipalName: 'admin@contoso.edu',
    sdsRole: 'admin',
    directoryRoles: [directoryRoles.globalAdministrator],
    personalAccount: false,
  },
  {
    key: 'reader@contoso',
    objectId: 'a0000000-0000-4000-8000-00000000c002',
    tenantId: tenants.contoso.id,
    displayName: 'Alex Wilber',
    userPrincipalName: 'reader@contoso.edu',
    sdsRole: 'reader',
    directoryRoles: [directoryRoles.globalReader],
    personalAccount: false,
  },
  {
    key: 'teacher@contoso',
    objectId: 'a0000000-0000-4000-8000-00000000c003',
    tenantId: tenants.contoso.id,
    displayName: 'Lidia Holloway',
    userPrincipalName: 'teacher@contoso.edu',
    sdsRole: 'none',
    directoryRoles: [],
    personalAccount: false,
  },
  {
    key: 'admin@fabrikam',
    objectId: 'a0000000-0000-4000-8000-00000000f001',
    tenantId: tenants.fabrikam.id,
    displayName: 'Isaiah Langer',
    userPrincipalName: 'admin@fabrikam.edu',
    sdsRole: 'admin',
    directoryRoles: [directoryRoles.globalAdministrator],
    personalAccount: false,
  },
  {
    key: 'user@outlook.com',
    objectId: 'a0000000-0000-4000-8000-0000000000a1',
    tenantId: CONSUMERS_TENANT_ID,
    displayName: 'Pat Personal',
    userPrincipalName: 'user@outlook.com',
    sdsRole: 'none',
    directoryRoles: [],
    personalAccount: true,
  },
];

export function findPersona(keyOrObjectId: string): Persona | undefined {
  return personas.find((p) => p.key === keyOrObjectId || p.objectId === keyOrObjectId);
}

/**
 * Our app's registration in the emulator. The App ID URI follows the tab's domain, which the
 * emulator is given at start (`TAB_ENDPOINT`), exactly as a real registration must.
 */
export const demoApp = {
  clientId: '5d50f10e-0000-4000-8000-00000000a991',
  clientSecret: 'emulator-only-secret-not-valid-anywhere-else',
  displayName: 'SDS Profiles (local)',
  homeTenantId: tenants.contoso.id,
  accessAsUserScopeId: '5d50f10e-0000-4000-8000-00000000a992',
} as const;

export function appIdUri(tabDomain: string, clientId: string = demoApp.clientId): string {
  return `api://${tabDomain.toLowerCase()}/${clientId}`;
}

/** The redirect URIs registered for our app: the auth-end page (admin consent returns there). */
export function registeredRedirectUris(tabEndpoint: string): string[] {
  const base = tabEndpoint.replace(/\/+$/, '');
  return [`${base}/auth-end.html`, `${base}/auth-end`];
}
