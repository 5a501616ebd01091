/**
 * The token endpoint (`POST /{tenant}/oauth2/v2.0/token`, form-encoded), checked the way Entra
 * checks it: the request's parameters, then the client (id and secret), then the grant.
 *
 * Grants: on-behalf-of (`urn:ietf:params:oauth:grant-type:jwt-bearer` with
 * `requested_token_use=on_behalf_of`), which exchanges the tab's SSO token for a delegated Graph
 * token, and client credentials, which issues an app-only Graph token.
 * https://learn.microsoft.com/entra/identity-platform/v2-oauth2-on-behalf-of-flow
 */
import type { Request, Response } from 'express';
import type { JWTPayload } from 'jose';
import type { EmulatorContext } from '../context';
import { appIdUri, demoApp, findPersona, preAuthorizedClientIds, type Persona } from '../directory';
import { TokenVerificationError } from '../keys';
import { satisfiesStepUp, STEP_UP_CLAIMS } from './claims-challenge';
import { verifyClientAssertion } from './clientAssertion';
import { EntraError, entraErrors, errorBody, requestIds } from './errors';
import {
  configuredApplicationPermissions,
  grantedPermissions,
  parseGraphScopes,
  responseScope,
  type GraphScopeRequest,
} from './scopes';
import { findTenantById, type TenantPath } from './tenants';
import { clientInfo, mintAppGraphToken, mintGraphToken, mintIdToken, V1_ISSUER, v2Issuer } from './tokens';
import { GRAPH_RESOURCE, GRAPH_RESOURCE_APP_ID } from '../../contracts/graph';

export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** What the request log records about a token request (filled in as the request is understood). */
export type TokenLogDetails = {
  persona?: string;
  tenantId?: string;
  clientId?: string;
  scopes?: string[];
  grantType?: string;
};

type Form = { get: (name: string) => string | undefined; require: (name: string) => string };

export async function handleTokenRequest(
  ctx: EmulatorContext,
  path: TenantPath,
  req: Request,
  res: Response,
  log: TokenLogDetails,
): Promise<void> {
  const ids = requestIds(req, ctx.clock.now());
  res.set({ 'cache-control': 'no-store', pragma: 'no-cache', 'x-ms-request-id': ids.traceId });
  res.set('client-request-id', ids.correlationId);
  try {
    const form = readForm(req);
    const scope = form.get('scope');
    if (scope !== undefined) log.scopes = scope.split(/\s+/).filter((s) => s !== '');
    if (path.tenant) log.tenantId = path.tenant.id;

    const grantType = form.require('grant_type');
    log.grantType = grantType;
    if (grantType !== 'client_credentials' && grantType !== JWT_BEARER_GRANT) {
      throw entraErrors.unsupportedGrantType(grantType);
    }
    const clientId = await authenticateClient(ctx, req, form, path);
    log.clientId = clientId;

    const body =
      grantType === 'client_credentials'
        ? await clientCredentials(ctx, path, form, clientId, log)
        : await onBehalfOf(ctx, path, form, clientId, log);
    res.status(200).json(body);
  } catch (error) {
    if (!(error instanceof EntraError)) throw error;
    res.status(error.status).json(errorBody(error, ids));
  }
}

/** Form fields, with Entra's answers for a missing or repeated one. */
function readForm(req: Request): Form {
  const body: Record<string, unknown> = req.body && typeof req.body === 'object' ? req.body : {};
  const get = (name: string) => {
    const value = body[name];
    if (Array.isArray(value)) throw entraErrors.repeatedParameter(name);
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  return {
    get,
    require: (name) => {
      const value = get(name);
      if (value === undefined) throw entraErrors.missingParameter(name);
      return value;
    },
  };
}

/**
 * client_secret_post, client_secret_basic, or a client assertion signed with a certificate
 * registered for our app (./clientAssertion.ts); the client must be our registration.
 */
async function authenticateClient(
  ctx: EmulatorContext,
  req: Request,
  form: Form,
  path: TenantPath,
): Promise<string> {
  const basic = parseBasicAuthorization(req.get('authorization'));
  const clientId = form.get('client_id') ?? basic?.clientId;
  if (clientId === undefined) throw entraErrors.missingParameter('client_id');
  if (clientId.toLowerCase() !== demoApp.clientId) {
    throw entraErrors.unknownClient(clientId, path.tenant?.displayName ?? path.segment);
  }
  const secret = form.get('client_secret') ?? basic?.secret;
  const assertionType = form.get('client_assertion_type');
  const assertion = form.get('client_assertion');
  if (secret === undefined && assertion === undefined) throw entraErrors.missingClientCredential();
  if (secret === undefined) {
    if (assertionType !== CLIENT_ASSERTION_TYPE) {
      if (assertionType === undefined) throw entraErrors.missingParameter('client_assertion_type');
      throw entraErrors.badClientAssertionType(assertionType);
    }
    if (ctx.appCertificates.size === 0) throw entraErrors.clientAssertionNotRegistered(clientId);
    await verifyClientAssertion(assertion!, {
      clientId: demoApp.clientId,
      // The token endpoint as the client addressed it (tenant id or domain, as in the URL).
      audiences: [
        `${ctx.urls.entra}/${path.segment}/oauth2/v2.0/token`,
        ...(path.tenant ? [`${ctx.urls.entra}/${path.tenant.id}/oauth2/v2.0/token`] : []),
      ],
      certificates: ctx.appCertificates.values(),
      now: ctx.clock.now(),
    });
    return demoApp.clientId;
  }
  if (secret !== demoApp.clientSecret) throw entraErrors.wrongClientSecret(clientId);
  return demoApp.clientId;
}

function parseBasicAuthorization(
  header: string | undefined,
): { clientId: string; secret: string } | undefined {
  const match = header?.match(/^Basic\s+([A-Za-z0-9+/=]+)$/i);
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon === -1) return undefined;
  return {
    clientId: decodeURIComponent(decoded.slice(0, colon)),
    secret: decodeURIComponent(decoded.slice(colon + 1)),
  };
}

// ---------------------------------------------------------------------------------------------
// On-behalf-of

async function onBehalfOf(
  ctx: EmulatorContext,
  path: TenantPath,
  form: Form,
  clientId: string,
  log: TokenLogDetails,
): Promise<Record<string, unknown>> {
  const use = form.require('requested_token_use');
  if (use !== 'on_behalf_of')
    throw entraErrors.unsupportedGrantType(`${JWT_BEARER_GRANT} (requested_token_use=${use})`);
  const assertion = form.require('assertion');
  const rawScope = form.require('scope');

  const claims = await verifyAssertion(ctx, assertion, clientId);
  const persona = assertionUser(claims);
  log.persona = persona.key;
  log.tenantId = persona.tenantId;
  if (persona.personalAccount) throw entraErrors.personalAccount(persona.userPrincipalName);
  if (path.tenant && path.tenant.id !== persona.tenantId) {
    throw entraErrors.userNotInTenant(
      persona.userPrincipalName,
      path.tenant.displayName,
      clientId,
      demoApp.displayName,
    );
  }
  const tenant = findTenantById(persona.tenantId)!;

  const request = parseGraphScopes(rawScope, { clientId, tenantName: tenant.displayName });
  const granted = grantedPermissions(request, ctx.consentedTenants.has(tenant.id));
  if (!granted) throw entraErrors.consentRequired(clientId, demoApp.displayName);
  if (ctx.stepUpPersonas.has(persona.objectId) && !satisfiesStepUp(claims)) {
    throw entraErrors.stepUpRequired(GRAPH_RESOURCE_APP_ID, STEP_UP_CLAIMS);
  }

  const { token, expiresIn } = await mintGraphToken(ctx, persona, { clientId, scopes: granted });
  return {
    token_type: 'Bearer',
    scope: responseScope(request, granted),
    expires_in: expiresIn,
    ext_expires_in: expiresIn,
    access_token: token,
    // No refresh_token: this emulator has no refresh grant, and an on-behalf-of caller gets a
    // new access token by presenting a new assertion anyway.
    ...(await oidcExtras(ctx, request, persona, clientId, form)),
  };
}

/** What `openid` and `client_info=1` add to the answer: MSAL builds its account from them. */
async function oidcExtras(
  ctx: EmulatorContext,
  request: GraphScopeRequest,
  persona: Persona,
  clientId: string,
  form: Form,
): Promise<Record<string, string>> {
  const extras: Record<string, string> = {};
  if (request.oidc.includes('openid')) extras.id_token = await mintIdToken(ctx, persona, { clientId });
  if (form.get('client_info') === '1') extras.client_info = clientInfo(persona);
  return extras;
}

/** The SSO token must be ours, current, for our API, delegated, and from a pre-authorized client. */
async function verifyAssertion(
  ctx: EmulatorContext,
  assertion: string,
  clientId: string,
): Promise<JWTPayload> {
  let claims: JWTPayload;
  try {
    claims = await ctx.keys.verify(assertion);
  } catch (error) {
    if (!(error instanceof TokenVerificationError)) throw error;
    if (error.reason === 'expired' || error.reason === 'not_yet_valid') {
      throw entraErrors.assertionExpired(
        new Date(ctx.clock.nowSeconds() * 1000).toISOString(),
        error.message,
      );
    }
    throw entraErrors.invalidAssertion(assertionFailure(error));
  }
  const tid = typeof claims.tid === 'string' ? claims.tid : '';
  if (claims.iss !== v2Issuer(ctx, tid) && claims.iss !== V1_ISSUER(tid)) {
    throw entraErrors.invalidAssertion(
      `contains an issuer '${String(claims.iss)}' that does not match its tenant '${tid}'. ` +
        `Expected '${v2Issuer(ctx, tid)}' (v2) or '${V1_ISSUER(tid)}' (v1).`,
    );
  }
  const expectedAudiences = [clientId, appIdUri(new URL(ctx.urls.tab).host, clientId)];
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audiences.some((a) => typeof a === 'string' && expectedAudiences.includes(a.toLowerCase()))) {
    throw entraErrors.invalidAssertion(
      `audience does not match the Client app presenting the assertion. The audience in the assertion was ` +
        `'${audiences.join(', ')}' and the expected audience is '${expectedAudiences[0]}' or one of the ` +
        `Application Uris of this application with App ID '${clientId}'(${demoApp.displayName}): '${expectedAudiences[1]}'.`,
    );
  }
  if (typeof claims.scp !== 'string' || claims.scp === '') {
    throw entraErrors.invalidAssertion(
      `is not a delegated user token (it has no 'scp' claim): on-behalf-of exchanges a token issued to a user.`,
    );
  }
  const presenter = typeof claims.azp === 'string' ? claims.azp : claims.appid;
  if (typeof presenter !== 'string' || !preAuthorizedClientIds.includes(presenter.toLowerCase())) {
    throw entraErrors.invalidAssertion(
      `was issued to client '${String(presenter)}', which is not a pre-authorized client of application ` +
        `'${clientId}'(${demoApp.displayName}). Pre-authorized: Teams and Microsoft 365 clients ` +
        `(${preAuthorizedClientIds.join(', ')}).`,
    );
  }
  return claims;
}

function assertionFailure(error: TokenVerificationError): string {
  switch (error.reason) {
    case 'expired':
    case 'not_yet_valid':
      throw new Error('expired assertions have their own answer (AADSTS500133)');
    case 'unknown_key':
      return `failed signature validation. [Reason - The key was not found: ${error.message}.]`;
    case 'bad_signature':
      return `failed signature validation. [Reason - ${error.message}.]`;
    case 'missing_claim':
      return `is missing a required claim: ${error.message}.`;
    case 'malformed':
      return `is malformed: ${error.message}.`;
  }
}

function assertionUser(claims: JWTPayload): Persona {
  const tenant = typeof claims.tid === 'string' ? findTenantById(claims.tid) : undefined;
  const persona = typeof claims.oid === 'string' ? findPersona(claims.oid) : undefined;
  if (!persona || !tenant || persona.objectId !== claims.oid || persona.tenantId !== tenant.id) {
    throw entraErrors.userNotFound(tenant?.displayName ?? String(claims.tid));
  }
  return persona;
}

// ---------------------------------------------------------------------------------------------
// Client credentials

async function clientCredentials(
  ctx: EmulatorContext,
  path: TenantPath,
  form: Form,
  clientId: string,
  log: TokenLogDetails,
): Promise<Record<string, unknown>> {
  const scope = form.require('scope');
  if (!path.tenant || path.alias === 'consumers') throw entraErrors.noTenantForAppOnly(path.segment);
  const tenant = path.tenant;
  const parts = scope.split(/\s+/).filter((p) => p !== '');
  const only = parts.length === 1 ? parts[0]! : '';
  if (!only.toLowerCase().endsWith('/.default')) throw entraErrors.clientCredentialsScope(scope);
  const resource = only.slice(0, -'/.default'.length).replace(/\/+$/, '').toLowerCase();
  if (resource !== GRAPH_RESOURCE && resource !== GRAPH_RESOURCE_APP_ID) {
    throw entraErrors.unknownResource(resource, tenant.displayName);
  }
  if (!ctx.consentedTenants.has(tenant.id))
    throw entraErrors.missingServicePrincipal(clientId, tenant.displayName);
  log.tenantId = tenant.id;
  // As Entra does, a tenant without the application grant still gets a token, with no roles in it.
  const roles = ctx.appConsentedTenants.has(tenant.id) ? [...configuredApplicationPermissions] : [];
  const { token, expiresIn } = await mintAppGraphToken(ctx, tenant.id, { clientId, roles });
  return { token_type: 'Bearer', expires_in: expiresIn, ext_expires_in: expiresIn, access_token: token };
}
