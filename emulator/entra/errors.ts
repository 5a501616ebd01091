/**
 * Entra's error answers, in Entra's shape: an OAuth `error`, an `error_description` that starts
 * with the AADSTS code and ends with trace id, correlation id and timestamp, `error_codes`, and
 * for consent `suberror`. https://learn.microsoft.com/entra/identity-platform/reference-error-codes
 *
 * Callers branch on `error` and `suberror` (Entra says codes and wording may change), so the
 * descriptions below say what went wrong and how to fix it rather than copy Entra word for word.
 */
import { randomUUID } from 'node:crypto';
import type { Request } from 'express';

export type OAuthError =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'invalid_resource'
  | 'invalid_tenant'
  | 'interaction_required'
  | 'access_denied';

export class EntraError extends Error {
  constructor(
    readonly error: OAuthError,
    readonly code: number,
    /** Without the `AADSTSnnnn: ` prefix. */
    readonly text: string,
    readonly suberror?: string,
    /** A claims challenge (a JSON string) the client must satisfy interactively. */
    readonly claims?: string,
  ) {
    super(`AADSTS${code}: ${text}`);
    this.name = 'EntraError';
  }

  /** Entra answers a failed client authentication with 401, everything else with 400. */
  get status(): number {
    return this.error === 'invalid_client' ? 401 : 400;
  }
}

/** Trace and correlation ids for one request: the correlation id echoes the client's, as Entra does. */
export type RequestIds = { traceId: string; correlationId: string; timestamp: string };

export function requestIds(req: Request, now: Date): RequestIds {
  const fromClient = req.query['client-request-id'] ?? req.get('client-request-id');
  const correlationId =
    typeof fromClient === 'string' && /^[0-9a-f-]{36}$/i.test(fromClient)
      ? fromClient.toLowerCase()
      : randomUUID();
  // Entra's timestamps look like "2016-01-09 02:02:12Z".
  const timestamp = now
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');
  return { traceId: randomUUID(), correlationId, timestamp };
}

export function errorBody(error: EntraError, ids: RequestIds) {
  return {
    error: error.error,
    error_description: `${error.message}\r\nTrace ID: ${ids.traceId}\r\nCorrelation ID: ${ids.correlationId}\r\nTimestamp: ${ids.timestamp}`,
    error_codes: [error.code],
    timestamp: ids.timestamp,
    trace_id: ids.traceId,
    correlation_id: ids.correlationId,
    error_uri: `https://login.microsoftonline.com/error?code=${error.code}`,
    ...(error.suberror ? { suberror: error.suberror } : {}),
    ...(error.claims ? { claims: error.claims } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// The failures the emulator reports. Named for what happened, so handlers read as the checks.

export const entraErrors = {
  missingParameter: (name: string) =>
    new EntraError(
      'invalid_request',
      900144,
      `The request body must contain the following parameter: '${name}'.`,
    ),

  repeatedParameter: (name: string) =>
    new EntraError(
      'invalid_request',
      90014,
      `The parameter '${name}' was sent more than once; send it once.`,
    ),

  unsupportedGrantType: (grantType: string) =>
    new EntraError(
      'unsupported_grant_type',
      70003,
      `The app requested an unsupported grant type '${grantType}'. This token endpoint supports ` +
        `'client_credentials' and 'urn:ietf:params:oauth:grant-type:jwt-bearer' with requested_token_use=on_behalf_of.`,
    ),

  tenantNotFound: (segment: string, known: string[]) =>
    new EntraError(
      'invalid_tenant',
      90002,
      `Tenant '${segment}' not found. Check to make sure you have the correct tenant ID. ` +
        `This emulator knows: ${known.join(', ')}.`,
    ),

  unknownClient: (clientId: string, directory: string) =>
    new EntraError(
      'unauthorized_client',
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${directory}'. ` +
        `This can happen if the application has not been installed by the administrator of the tenant or ` +
        `consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
    ),

  missingClientCredential: () =>
    new EntraError(
      'invalid_client',
      7000218,
      `The request body must contain the following parameter: 'client_assertion' or 'client_secret'.`,
    ),

  wrongClientSecret: (clientId: string) =>
    new EntraError(
      'invalid_client',
      7000215,
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, ` +
        `not the client secret ID, for a secret added to app '${clientId}'.`,
    ),

  clientAssertionNotRegistered: (clientId: string) =>
    new EntraError(
      'invalid_client',
      700027,
      `Client assertion failed signature validation: app '${clientId}' has no certificate or federated ` +
        `credential registered in this emulator. Register one (POST /_emulator/entra/app-certificates) or authenticate with client_secret.`,
    ),

  badClientAssertionType: (type: string) =>
    new EntraError(
      'invalid_client',
      700025,
      `The client_assertion_type '${type}' is not supported; use ` +
        `'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'.`,
    ),

  invalidAssertion: (reason: string) => new EntraError('invalid_grant', 50013, `Assertion ${reason}`),

  assertionExpired: (now: string, detail: string) =>
    new EntraError(
      'invalid_grant',
      500133,
      `Assertion is not within its valid time range. Ensure that the access token is not expired before using ` +
        `it for user assertion, or request a new token. Current time: ${now}. (${detail})`,
    ),

  /** Conditional Access wants more than the sign-in proved (emulator/entra/claims-challenge.ts). */
  stepUpRequired: (resourceAppId: string, claims: string) =>
    new EntraError(
      'interaction_required',
      50076,
      `Due to a configuration change made by your administrator, or because you moved to a new location, you ` +
        `must use multi-factor authentication to access '${resourceAppId}'.`,
      'basic_action',
      claims,
    ),

  userNotFound: (tenantName: string) =>
    new EntraError(
      'invalid_grant',
      50034,
      `The user account in the assertion does not exist in the '${tenantName}' directory. ` +
        `To sign into this application, the account must be added to the directory.`,
    ),

  personalAccount: (upn: string) =>
    new EntraError(
      'invalid_grant',
      500200,
      `User account '${upn}' is a personal Microsoft account. Personal Microsoft accounts are not supported ` +
        `for this application unless explicitly invited to an organization. Sign in with a work or school account.`,
    ),

  userNotInTenant: (upn: string, tenantName: string, clientId: string, appName: string) =>
    new EntraError(
      'invalid_grant',
      50020,
      `User account '${upn}' does not exist in tenant '${tenantName}' and cannot access the application ` +
        `'${clientId}'(${appName}) in that tenant. Request the token from the user's own tenant ` +
        `(the assertion's 'tid'), or from 'organizations'.`,
    ),

  consentRequired: (clientId: string, appName: string) =>
    new EntraError(
      'invalid_grant',
      65001,
      `The user or administrator has not consented to use the application with ID '${clientId}' named ` +
        `'${appName}'. Send an interactive authorization request for this user and resource.`,
      'consent_required',
    ),

  invalidScope: (scope: string, why: string) =>
    new EntraError(
      'invalid_scope',
      70011,
      `The provided value for the input parameter 'scope' is not valid. The scope '${scope}' is not valid: ${why}`,
    ),

  unknownPermission: (clientId: string, scope: string) =>
    new EntraError(
      'invalid_scope',
      650053,
      `The application '${clientId}' asked for scope '${scope}' that doesn't exist on the resource ` +
        `'00000003-0000-0000-c000-000000000000' (Microsoft Graph). Check the spelling of the permission.`,
    ),

  unknownResource: (resource: string, tenantName: string) =>
    new EntraError(
      'invalid_resource',
      500011,
      `The resource principal named ${resource} was not found in the tenant named ${tenantName}. ` +
        `This emulator issues tokens for Microsoft Graph (https://graph.microsoft.com) only.`,
    ),

  clientCredentialsScope: (scope: string) =>
    new EntraError(
      'invalid_scope',
      1002012,
      `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value ` +
        `with /.default suffixed to the resource identifier (application ID URI).`,
    ),

  noTenantForAppOnly: (segment: string) =>
    new EntraError(
      'invalid_request',
      50059,
      `No tenant-identifying information found in either the request or implied by any provided credentials: ` +
        `'${segment}' does not name a tenant. Use the tenant id or a verified domain for client credentials.`,
    ),

  missingServicePrincipal: (clientId: string, tenantName: string) =>
    new EntraError(
      'invalid_client',
      7000229,
      `The client application ${clientId} is missing service principal in the tenant ${tenantName}: ` +
        `an administrator of that tenant has not consented to the application.`,
    ),

  unregisteredRedirectUri: (redirectUri: string, clientId: string, registered: string[]) =>
    new EntraError(
      'invalid_request',
      50011,
      `The redirect URI '${redirectUri}' specified in the request does not match the redirect URIs configured ` +
        `for the application '${clientId}'. Registered: ${registered.join(', ')}.`,
    ),

  consentDeclined: () =>
    new EntraError('access_denied', 65004, 'User declined to consent to access the app.', 'cancel'),

  adminApprovalRequired: (upn: string) =>
    new EntraError(
      'access_denied',
      90094,
      `Admin consent is required: '${upn}' is not an administrator and cannot grant permissions for the organization.`,
    ),

  consentExpired: () =>
    new EntraError(
      'invalid_request',
      90015,
      'The consent page was not shown for this request or has expired. Open the admin consent URL again.',
    ),
};
