/**
 * The access tokens the Entra emulator issues, shaped like Entra's v2 (and, for tests, v1)
 * tokens: https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference
 */
import { createHash, randomUUID } from 'node:crypto';
import type { JWTPayload } from 'jose';
import type { EmulatorContext } from '../context';
import { appIdUri, demoApp, teamsClientIds, type Persona } from '../directory';
import { GRAPH_RESOURCE } from '../../contracts/graph';

export const V1_ISSUER = (tenantId: string) => `https://sts.windows.net/${tenantId}/`;
export const v2Issuer = (ctx: EmulatorContext, tenantId: string) => `${ctx.urls.entra}/${tenantId}/v2.0`;

export const DEFAULT_TOKEN_LIFETIME_SECONDS = 3600;

export type SsoTokenOptions = {
  /** 2 (default, what our registration asks for) or 1 (tests of v1 validation). */
  version?: 1 | 2;
  /** The client Teams runs as: `azp` (v2) / `appid` (v1). Default: Teams desktop and mobile. */
  clientId?: string;
  /** Default: our client id for v2, our App ID URI for v1. */
  audience?: string;
  scopes?: string[];
  lifetimeSeconds?: number;
  /** Seconds to shift iat/nbf/exp by (negative for an expired token, positive for not yet valid). */
  shiftSeconds?: number;
  /** Claims to add or override (tests of the validator). */
  extraClaims?: JWTPayload;
};

function tabDomain(ctx: EmulatorContext): string {
  return new URL(ctx.urls.tab).host;
}

function userClaims(persona: Persona): JWTPayload {
  return {
    tid: persona.tenantId,
    oid: persona.objectId,
    sub: `${persona.objectId}-sub`,
    name: persona.displayName,
    preferred_username: persona.userPrincipalName,
    ...(persona.directoryRoles.length > 0 ? { wids: persona.directoryRoles } : {}),
  };
}

/** The token Teams hands our tab from `authentication.getAuthToken` (audience = our app). */
export async function mintSsoToken(
  ctx: EmulatorContext,
  persona: Persona,
  options: SsoTokenOptions = {},
): Promise<string> {
  const version = options.version ?? 2;
  const now = ctx.clock.nowSeconds() + (options.shiftSeconds ?? 0);
  const lifetime = options.lifetimeSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS;
  const clientId = options.clientId ?? teamsClientIds.teamsDesktopAndMobile;
  const common: JWTPayload = {
    ...userClaims(persona),
    iat: now,
    nbf: now,
    exp: now + lifetime,
    scp: (options.scopes ?? ['access_as_user']).join(' '),
    uti: randomUUID().replaceAll('-', '').slice(0, 22),
    ver: version === 2 ? '2.0' : '1.0',
  };
  const claims: JWTPayload =
    version === 2
      ? {
          ...common,
          aud: options.audience ?? demoApp.clientId,
          iss: v2Issuer(ctx, persona.tenantId),
          azp: clientId,
          azpacr: '0',
        }
      : {
          ...common,
          aud: options.audience ?? appIdUri(tabDomain(ctx)),
          iss: V1_ISSUER(persona.tenantId),
          appid: clientId,
          appidacr: '0',
          upn: persona.userPrincipalName,
        };
  return ctx.keys.sign({ ...claims, ...options.extraClaims }, { x5t: version === 1 });
}

/** A delegated Graph token (what on-behalf-of returns): v1 format, audience Graph, like Entra's. */
export async function mintGraphToken(
  ctx: EmulatorContext,
  persona: Persona,
  options: { clientId?: string; scopes: string[]; lifetimeSeconds?: number },
): Promise<{ token: string; expiresIn: number }> {
  const now = ctx.clock.nowSeconds();
  const expiresIn = options.lifetimeSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS;
  const token = await ctx.keys.sign(
    {
      ...userClaims(persona),
      aud: GRAPH_RESOURCE,
      iss: V1_ISSUER(persona.tenantId),
      iat: now,
      nbf: now,
      exp: now + expiresIn,
      appid: options.clientId ?? demoApp.clientId,
      appidacr: '1',
      scp: options.scopes.join(' '),
      upn: persona.userPrincipalName,
      idtyp: 'user',
      uti: randomUUID().replaceAll('-', '').slice(0, 22),
      ver: '1.0',
    },
    { x5t: true },
  );
  return { token, expiresIn };
}

/**
 * The object id of our app's service principal in a tenant: stable per tenant, as it is in Entra
 * once an admin has consented (app-only tokens carry it as `oid` and `sub`).
 */
export function servicePrincipalObjectId(tenantId: string, clientId: string = demoApp.clientId): string {
  const hex = createHash('sha256').update(`${tenantId}:${clientId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** An app-only Graph token (client credentials): application permissions in `roles`, no `scp`. */
export async function mintAppGraphToken(
  ctx: EmulatorContext,
  tenantId: string,
  options: { clientId?: string; roles: string[]; lifetimeSeconds?: number },
): Promise<{ token: string; expiresIn: number }> {
  const now = ctx.clock.nowSeconds();
  const expiresIn = options.lifetimeSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS;
  const clientId = options.clientId ?? demoApp.clientId;
  const objectId = servicePrincipalObjectId(tenantId, clientId);
  const token = await ctx.keys.sign(
    {
      aud: GRAPH_RESOURCE,
      iss: V1_ISSUER(tenantId),
      iat: now,
      nbf: now,
      exp: now + expiresIn,
      appid: clientId,
      appidacr: '1',
      idtyp: 'app',
      oid: objectId,
      sub: objectId,
      ...(options.roles.length > 0 ? { roles: options.roles } : {}),
      tid: tenantId,
      uti: randomUUID().replaceAll('-', '').slice(0, 22),
      ver: '1.0',
    },
    { x5t: true },
  );
  return { token, expiresIn };
}

/** The ID token Entra adds to a token response when `openid` was requested (audience: the app). */
export async function mintIdToken(
  ctx: EmulatorContext,
  persona: Persona,
  options: { clientId?: string; lifetimeSeconds?: number } = {},
): Promise<string> {
  const now = ctx.clock.nowSeconds();
  return ctx.keys.sign({
    aud: options.clientId ?? demoApp.clientId,
    iss: v2Issuer(ctx, persona.tenantId),
    iat: now,
    nbf: now,
    exp: now + (options.lifetimeSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS),
    name: persona.displayName,
    oid: persona.objectId,
    preferred_username: persona.userPrincipalName,
    sub: `${persona.objectId}-sub`,
    tid: persona.tenantId,
    uti: randomUUID().replaceAll('-', '').slice(0, 22),
    ver: '2.0',
  });
}

/**
 * `client_info` (returned when the request says `client_info=1`): base64url JSON with the user's
 * object id and tenant, from which MSAL builds the account's home id (`uid.utid`).
 */
export function clientInfo(persona: Persona): string {
  return Buffer.from(JSON.stringify({ uid: persona.objectId, utid: persona.tenantId })).toString('base64url');
}
