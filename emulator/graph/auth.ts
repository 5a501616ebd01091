/**
 * Who is calling Graph, and may they do this? Tokens are checked as Graph checks them (signature,
 * lifetime on the emulator clock, audience, issuer); permissions follow graph-sds-api.md §1 and the
 * persona rules in docs/architecture.md ("Who may do what").
 */
import type { EmulatorContext } from '../context';
import { TokenVerificationError } from '../keys';
import { CONSUMERS_TENANT_ID, findPersona, type Persona } from '../directory';
import {
  EDU_ADMIN_READ,
  EDU_ADMIN_READ_ALL,
  EDU_ADMIN_READ_WRITE,
  GRAPH_RESOURCE,
  GRAPH_RESOURCE_APP_ID,
  TEAMS_ACTIVITY_SEND,
} from '../../contracts/graph';
import { GraphHttpError } from './errors';

export { EDU_ADMIN_READ_ALL };
export const EDU_ADMIN_READ_WRITE_ALL = 'EduAdministration.ReadWrite.All';

export type Caller = {
  kind: 'user' | 'app';
  tenantId: string;
  objectId?: string;
  /** The directory persona behind a user token (undefined for app-only or unknown users). */
  persona?: Persona;
  clientId?: string;
  /** Delegated scopes (`scp`) or application roles (`roles`). */
  permissions: string[];
};

/**
 * What an operation needs (graph-sds-api.md §1): `read` (list, get, status, errors), `write`
 * (create, update, delete: delegated only), `action` (pause, resume, reset, start) and `upload`
 * (uploadUrl; the latest doc revision allows ReadWrite.All for apps, which we follow), and
 * `activity` (a team's sendActivityNotification: TeamsActivity.Send, delegated or application).
 */
export type Access = 'read' | 'write' | 'action' | 'upload' | 'activity';

const GRAPH_AUDIENCES = new Set([GRAPH_RESOURCE, `${GRAPH_RESOURCE}/`, GRAPH_RESOURCE_APP_ID]);

function unauthenticated(message: string): GraphHttpError {
  return new GraphHttpError(401, 'InvalidAuthenticationToken', message, {
    // What Graph sends with a 401, pointing clients at the authority and Graph's app id.
    headers: {
      'WWW-Authenticate': `Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="${GRAPH_RESOURCE_APP_ID}"`,
    },
  });
}

function tokenFrom(authorization: string | undefined): string {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!match) throw unauthenticated('Access token is empty.');
  return match[1]!;
}

/** Validates the bearer token; throws a 401 GraphHttpError naming what is wrong. */
export async function authenticate(ctx: EmulatorContext, authorization: string | undefined): Promise<Caller> {
  const token = tokenFrom(authorization);
  let claims: Record<string, unknown>;
  try {
    claims = await ctx.keys.verify(token);
  } catch (error) {
    if (error instanceof TokenVerificationError) {
      switch (error.reason) {
        case 'expired':
          throw unauthenticated('Lifetime validation failed, the token is expired.');
        case 'not_yet_valid':
          throw unauthenticated('Lifetime validation failed, the token is not yet valid.');
        default:
          throw unauthenticated(`Access token validation failure: ${error.message}.`);
      }
    }
    throw unauthenticated(
      `Access token validation failure: ${error instanceof Error ? error.message : String(error)}.`,
    );
  }

  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audiences.some((aud) => typeof aud === 'string' && GRAPH_AUDIENCES.has(aud))) {
    throw unauthenticated(
      `Access token validation failure. Invalid audience: expected ${GRAPH_RESOURCE} or ${GRAPH_RESOURCE_APP_ID}, got ${String(claims.aud)}.`,
    );
  }
  const tenantId = claims.tid;
  if (typeof tenantId !== 'string' || tenantId === '') {
    throw unauthenticated('Access token validation failure: the token has no tid (tenant) claim.');
  }
  const issuers = [`https://sts.windows.net/${tenantId}/`, `${ctx.urls.entra}/${tenantId}/v2.0`];
  if (typeof claims.iss !== 'string' || !issuers.includes(claims.iss)) {
    throw unauthenticated(
      `Access token validation failure. Invalid issuer: expected ${issuers.join(' or ')}, got ${String(claims.iss)}.`,
    );
  }

  const clientId =
    typeof claims.appid === 'string' ? claims.appid : typeof claims.azp === 'string' ? claims.azp : undefined;
  if (typeof claims.scp === 'string') {
    const objectId = typeof claims.oid === 'string' ? claims.oid : undefined;
    const persona = objectId ? findPersona(objectId) : undefined;
    return {
      kind: 'user',
      tenantId,
      objectId,
      persona: persona && persona.tenantId === tenantId ? persona : undefined,
      clientId,
      permissions: claims.scp.split(' ').filter(Boolean),
    };
  }
  const roles = Array.isArray(claims.roles) ? claims.roles.filter((r) => typeof r === 'string') : [];
  return { kind: 'app', tenantId, clientId, permissions: roles };
}

function hasAny(caller: Caller, wanted: string[]): boolean {
  const held = new Set(caller.permissions.map((p) => p.toLowerCase()));
  return wanted.some((w) => held.has(w.toLowerCase()));
}

function missing(kind: 'scope' | 'role', wanted: string[], caller: Caller): GraphHttpError {
  // Graph's own wording for a token without the permission an API needs.
  const held = caller.permissions.join(',') || '(none)';
  return new GraphHttpError(
    403,
    'accessDenied',
    `Missing ${kind} permissions on the request. API requires one of '${wanted.join(', ')}'. ${kind === 'scope' ? 'Scopes' : 'Roles'} on the request '${held}'.`,
  );
}

/** Throws a 403 GraphHttpError unless the caller may perform an operation needing `access`. */
export function authorize(caller: Caller, access: Access): void {
  if (caller.tenantId === CONSUMERS_TENANT_ID) {
    throw new GraphHttpError(
      403,
      'notSupported',
      'Personal Microsoft accounts are not supported for School Data Sync profiles. Sign in with a work or school account.',
    );
  }

  if (access === 'activity') {
    // TeamsActivity.Send.Group, the resource-specific form, is granted per team at install;
    // our registration asks for the tenant-wide TeamsActivity.Send instead (docs/decisions/027).
    if (!hasAny(caller, [TEAMS_ACTIVITY_SEND]))
      throw missing(caller.kind === 'app' ? 'role' : 'scope', [TEAMS_ACTIVITY_SEND], caller);
    return;
  }

  if (caller.kind === 'app') {
    if (access === 'write') {
      throw new GraphHttpError(
        403,
        'notSupported',
        'Application permissions are not supported for this operation. Call it with a delegated (user) token that has EduAdministration.ReadWrite.',
      );
    }
    const roles =
      access === 'read' ? [EDU_ADMIN_READ_ALL, EDU_ADMIN_READ_WRITE_ALL] : [EDU_ADMIN_READ_WRITE_ALL];
    if (!hasAny(caller, roles)) throw missing('role', roles, caller);
    return;
  }

  const scopes = access === 'read' ? [EDU_ADMIN_READ, EDU_ADMIN_READ_WRITE] : [EDU_ADMIN_READ_WRITE];
  if (!hasAny(caller, scopes)) throw missing('scope', scopes, caller);

  const role = caller.persona?.sdsRole ?? 'none';
  if (role === 'none') {
    throw new GraphHttpError(
      403,
      'accessDenied',
      'The signed-in user has no administrator role in this tenant, so School Data Sync profiles cannot be read or changed.',
    );
  }
  if (role === 'reader' && access !== 'read') {
    throw new GraphHttpError(
      403,
      'accessDenied',
      'The signed-in user has a read-only administrator role (Global Reader) and cannot change School Data Sync profiles.',
    );
  }
}
