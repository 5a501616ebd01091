/**
 * OpenID Connect discovery and signing keys, shaped like Entra's per-tenant documents:
 *   v2: /{tenant}/v2.0/.well-known/openid-configuration   keys: /{tenant}/discovery/v2.0/keys
 *   v1: /{tenant}/.well-known/openid-configuration        keys: /{tenant}/discovery/keys
 *
 * As in Entra, a document for a tenant names that tenant's id in its issuer and endpoints (even
 * when asked by domain), while `common` and `organizations` answer with the `{tenantid}` template
 * in the issuer: a multi-tenant validator substitutes the token's `tid`.
 */
import type { EmulatorContext } from '../context';
import { V1_ISSUER } from './tokens';
import type { TenantPath } from './tenants';

export type DiscoveryVersion = 1 | 2;

const TENANT_TEMPLATE = '{tenantid}';

/** The path segment endpoints use: the tenant id when one is named, else the alias. */
function endpointSegment(path: TenantPath): string {
  return path.tenant?.id ?? path.alias ?? path.segment;
}

export function issuerFor(ctx: EmulatorContext, path: TenantPath, version: DiscoveryVersion): string {
  const tenantId = path.tenant?.id ?? TENANT_TEMPLATE;
  return version === 2 ? `${ctx.urls.entra}/${tenantId}/v2.0` : V1_ISSUER(tenantId);
}

export function jwksUri(ctx: EmulatorContext, path: TenantPath, version: DiscoveryVersion): string {
  const segment = endpointSegment(path);
  return version === 2
    ? `${ctx.urls.entra}/${segment}/discovery/v2.0/keys`
    : `${ctx.urls.entra}/${segment}/discovery/keys`;
}

export function openIdConfiguration(ctx: EmulatorContext, path: TenantPath, version: DiscoveryVersion) {
  const base = `${ctx.urls.entra}/${endpointSegment(path)}`;
  const oauth = version === 2 ? `${base}/oauth2/v2.0` : `${base}/oauth2`;
  return {
    token_endpoint: `${oauth}/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: jwksUri(ctx, path, version),
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: issuerFor(ctx, path, version),
    request_uri_parameter_supported: false,
    // Served by the Graph emulator, as Entra's points at graph.microsoft.com/oidc/userinfo.
    userinfo_endpoint: `${ctx.urls.graph}/oidc/userinfo`,
    authorization_endpoint: `${oauth}/authorize`,
    // No device_authorization_endpoint: the emulator has no device code flow, and a discovery
    // document must not advertise an endpoint that is not there.
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${oauth}/logout`,
    claims_supported: [
      'sub',
      'iss',
      'aud',
      'exp',
      'iat',
      'auth_time',
      'acr',
      'nonce',
      'preferred_username',
      'name',
      'tid',
      'ver',
      'at_hash',
      'c_hash',
      'email',
    ],
    tenant_region_scope: 'NA',
    cloud_instance_name: 'microsoftonline.com',
    msgraph_host: new URL(ctx.urls.graph).host,
  };
}

/** The published signing keys; v2 documents stamp each key with the issuer it signs for. */
export function signingKeys(ctx: EmulatorContext, path: TenantPath, version: DiscoveryVersion) {
  return ctx.keys.jwks(version === 2 ? issuerFor(ctx, path, 2) : undefined);
}
