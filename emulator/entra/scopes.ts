/**
 * Scope parameters as Entra reads them, and what our app registration may be granted.
 *
 * Our registration asks for two delegated Microsoft Graph permissions (EduAdministration.Read and
 * EduAdministration.ReadWrite) and two application permissions for the monitor's app-only tokens.
 * Consent is tenant-wide: once a tenant's admin consents, every configured permission is granted.
 * A tenant can hold the delegated grant without the application one (consented before the
 * registration listed application permissions): its app-only tokens then carry no roles.
 */
import {
  EDU_ADMIN_READ,
  EDU_ADMIN_READ_ALL,
  EDU_ADMIN_READ_WRITE,
  GRAPH_RESOURCE,
  TEAMS_ACTIVITY_SEND,
  GRAPH_RESOURCE_APP_ID,
} from '../../contracts/graph';
import { entraErrors } from './errors';

/** OpenID Connect scopes: they shape the answer (id_token), never the access token. */
export const OIDC_SCOPES: readonly string[] = ['openid', 'profile', 'offline_access', 'email'];

/** Delegated Graph permissions configured on our registration, in the order Entra lists them. */
export const configuredDelegatedPermissions: readonly string[] = [EDU_ADMIN_READ, EDU_ADMIN_READ_WRITE];

/**
 * Application permissions configured on our registration (client credentials `roles`), granted
 * with a tenant's admin consent: the monitor's status reads and its activity-feed alerts.
 */
export const configuredApplicationPermissions: readonly string[] = [EDU_ADMIN_READ_ALL, TEAMS_ACTIVITY_SEND];

/** What an admin sees on the consent page for each permission (Microsoft Graph's own wording). */
export const permissionDescriptions: Record<string, { title: string; description: string }> = {
  [EDU_ADMIN_READ]: {
    title: 'Read education app settings',
    description:
      'Allows the app to read the state and settings of all Microsoft education apps, including School Data Sync profiles, on behalf of the user.',
  },
  [EDU_ADMIN_READ_WRITE]: {
    title: 'Manage education app settings',
    description:
      'Allows the app to manage the state and settings of all Microsoft education apps, including School Data Sync profiles, on behalf of the user.',
  },
};

/**
 * Real Graph delegated permissions this app does not ask for: requesting one is a consent problem
 * (AADSTS65001), while a name Graph does not have at all is a typo (AADSTS650053).
 */
const otherGraphPermissions: readonly string[] = [
  'User.Read',
  'User.ReadBasic.All',
  'User.Read.All',
  'Directory.Read.All',
  'Group.Read.All',
  'EduRoster.Read',
  'EduRoster.ReadBasic',
  'EduRoster.ReadWrite',
  'EduAssignments.Read',
  'EduAssignments.ReadWrite',
  'Mail.Read',
  'Files.Read',
];

const GRAPH_RESOURCE_IDS = [GRAPH_RESOURCE, GRAPH_RESOURCE_APP_ID];

export type GraphScopeRequest = {
  /** `https://graph.microsoft.com/.default`: every consented permission. */
  useDefault: boolean;
  /** Explicit permissions, in the registration's spelling. */
  permissions: string[];
  oidc: string[];
};

/** Splits a `scope` parameter into Graph permissions and OIDC scopes; refuses other resources. */
export function parseGraphScopes(
  raw: string,
  context: { clientId: string; tenantName: string },
): GraphScopeRequest {
  const parts = raw.split(/\s+/).filter((p) => p !== '');
  const request: GraphScopeRequest = { useDefault: false, permissions: [], oidc: [] };
  for (const part of parts) {
    const lower = part.toLowerCase();
    if (OIDC_SCOPES.includes(lower)) {
      request.oidc.push(lower);
      continue;
    }
    const slash = part.lastIndexOf('/');
    // A bare name is a Microsoft Graph permission, as Entra reads it.
    const resource = slash === -1 ? GRAPH_RESOURCE : part.slice(0, slash).replace(/\/+$/, '');
    const name = slash === -1 ? part : part.slice(slash + 1);
    if (!GRAPH_RESOURCE_IDS.includes(resource.toLowerCase())) {
      throw entraErrors.unknownResource(resource, context.tenantName);
    }
    if (name.toLowerCase() === '.default') {
      request.useDefault = true;
      continue;
    }
    const known = [...configuredDelegatedPermissions, ...otherGraphPermissions].find(
      (p) => p.toLowerCase() === name.toLowerCase(),
    );
    if (!known) throw entraErrors.unknownPermission(context.clientId, part);
    if (!request.permissions.includes(known)) request.permissions.push(known);
  }
  if (request.useDefault && request.permissions.length > 0) {
    throw entraErrors.invalidScope(
      raw,
      '/.default cannot be combined with other scopes of the same resource.',
    );
  }
  if (!request.useDefault && request.permissions.length === 0) {
    throw entraErrors.invalidScope(
      raw,
      `ask for a Microsoft Graph scope, e.g. ${GRAPH_RESOURCE}/.default or ${GRAPH_RESOURCE}/${EDU_ADMIN_READ}.`,
    );
  }
  return request;
}

/** The delegated permissions granted for a request, or undefined when consent is missing. */
export function grantedPermissions(
  request: GraphScopeRequest,
  tenantConsented: boolean,
): string[] | undefined {
  if (!tenantConsented) return undefined;
  if (request.useDefault) return [...configuredDelegatedPermissions];
  return request.permissions.every((p) => configuredDelegatedPermissions.includes(p))
    ? request.permissions
    : undefined;
}

/**
 * The `scope` of a token answer: full Graph scope URIs and, for a `.default` request, `.default`
 * itself — MSAL caches the token under these scopes and finds it again only if the requested
 * ones are among them.
 */
export function responseScope(request: GraphScopeRequest, granted: string[]): string {
  const scopes = granted.map((p) => `${GRAPH_RESOURCE}/${p}`);
  if (request.useDefault) scopes.push(`${GRAPH_RESOURCE}/.default`);
  return scopes.join(' ');
}
