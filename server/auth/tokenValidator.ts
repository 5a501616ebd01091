/**
 * Validates the SSO token Teams hands our tab (teams-tab-sso.md §2.5, reliability-performance.md
 * §3.3, ASVS V9/V10). The signature is checked first, with RS256 only and keys from the
 * authority's discovery document, before any claim is trusted.
 */
import {
  createRemoteJWKSet,
  errors as joseErrors,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import { z } from 'zod';
import { guidSchema } from '../../contracts/graph';
import { ACCESS_AS_USER_SCOPE, CONSUMERS_TENANT_ID, preAuthorizedClientIds } from '../../contracts/identity';
import { HttpError, retryAfterHeader, unauthorized } from '../errors';
import type { AuthContext, TokenValidator } from './types';

/**
 * Accepted clock skew between Entra and us. Microsoft.IdentityModel uses 300 s by default; we do
 * the same so a server whose clock drifts a little does not lock everyone out (ADR 010).
 */
export const CLOCK_TOLERANCE_SECONDS = 300;

/** Where Entra's public v1 tokens say they come from, whatever authority issued them. */
const V1_ISSUER = (tenantId: string) => `https://sts.windows.net/${tenantId}/`;
const PUBLIC_AUTHORITY_HOST = 'https://login.microsoftonline.com';

/** How long a discovery document is trusted before it is read again. */
const DISCOVERY_TTL_MS = 24 * 3600 * 1000;
const FETCH_TIMEOUT_MS = 5000;

export type TokenValidatorSettings = {
  clientId: string;
  appIdUri: string;
  /** Our app's home tenant: its discovery document names the signing keys. */
  tenantId: string;
  authorityHost: string;
  allowedTenantIds: readonly string[];
  /** Keys to verify with instead of the discovery document's (unit tests). */
  keySet?: JWTVerifyGetKey;
};

const VALIDATED_CACHE_MAX = 10_000;

const discoverySchema = z.object({
  jwks_uri: z.url({ protocol: /^https$/, error: 'jwks_uri must be an https URL' }),
});

const claimsSchema = z.object({
  ver: z.enum(['1.0', '2.0'], { error: 'ver must be "1.0" or "2.0"' }),
  tid: guidSchema,
  oid: guidSchema,
  iss: z.string(),
  aud: z.string({ error: 'aud must be a single string' }),
  scp: z.string().optional(),
  azp: z.string().optional(),
  appid: z.string().optional(),
  name: z.string().optional(),
  preferred_username: z.string().optional(),
  upn: z.string().optional(),
  wids: z.array(z.string()).optional(),
});

export function createTokenValidator(settings: TokenValidatorSettings): TokenValidator {
  const allowedTenants = new Set(settings.allowedTenantIds.map((t) => t.toLowerCase()));
  const audiences = new Set([settings.clientId.toLowerCase(), settings.appIdUri.toLowerCase()]);
  const discoveryUrl = `${settings.authorityHost}/${settings.tenantId}/v2.0/.well-known/openid-configuration`;

  let remote: { keySet: JWTVerifyGetKey; loadedAt: number } | null = null;
  let loading: Promise<JWTVerifyGetKey> | null = null;

  async function loadKeySet(): Promise<JWTVerifyGetKey> {
    const response = await fetch(discoveryUrl, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
    if (!response.ok) throw new Error(`${discoveryUrl} answered HTTP ${response.status}`);
    const document = discoverySchema.parse(await response.json());
    // jose caches the keys and re-reads them when a token names an unknown kid (30 s cooldown),
    // which is how Entra's key rotation reaches us.
    const keySet = createRemoteJWKSet(new URL(document.jwks_uri), { timeoutDuration: FETCH_TIMEOUT_MS });
    remote = { keySet, loadedAt: Date.now() };
    return keySet;
  }

  async function keySet(): Promise<JWTVerifyGetKey> {
    if (settings.keySet) return settings.keySet;
    if (remote && Date.now() - remote.loadedAt < DISCOVERY_TTL_MS) return remote.keySet;
    loading ??= loadKeySet().finally(() => {
      loading = null;
    });
    try {
      return await loading;
    } catch (error) {
      if (remote) return remote.keySet;
      throw entraUnavailable(error);
    }
  }

  async function verifySignature(token: string): Promise<JWTPayload> {
    try {
      const { payload } = await jwtVerify(token, await keySet(), {
        algorithms: ['RS256'],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ['exp', 'nbf', 'iat', 'iss', 'aud', 'tid', 'oid', 'ver'],
      });
      return payload;
    } catch (error) {
      throw tokenProblem(error);
    }
  }

  /**
   * Tokens already validated, until they expire: Teams reuses one SSO token for up to an hour and
   * the tab polls with it, so the RS256 verification (the backend's largest per-request CPU cost)
   * runs once per token. Every check below depends only on the token and the configuration.
   */
  const validated = new Map<string, { auth: AuthContext; exp: number }>();

  async function validateUncached(token: string): Promise<{ auth: AuthContext; exp: number }> {
    const payload = await verifySignature(token);

    const parsed = claimsSchema.safeParse(payload);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw unauthorized(
        'invalid_token',
        `The token's ${issue.path.join('.')} claim is not valid: ${issue.message}.`,
      );
    }
    const claims = parsed.data;
    const tenantId = claims.tid.toLowerCase();

    if (tenantId === CONSUMERS_TENANT_ID) {
      throw unauthorized(
        'personal_account_not_supported',
        'Personal Microsoft accounts (such as outlook.com) are not supported. Sign in to Teams with your school work account.',
      );
    }

    const issuers =
      claims.ver === '1.0'
        ? [V1_ISSUER(tenantId)]
        : [`${PUBLIC_AUTHORITY_HOST}/${tenantId}/v2.0`, `${settings.authorityHost}/${tenantId}/v2.0`];
    if (!issuers.includes(claims.iss)) {
      throw unauthorized(
        'invalid_token',
        `The token's issuer ${claims.iss} is not Entra ID for tenant ${tenantId} (version ${claims.ver} token).`,
      );
    }

    if (!audiences.has(claims.aud.toLowerCase())) {
      throw unauthorized(
        'invalid_token',
        `The token is meant for ${claims.aud}, not for this app (${settings.clientId} or ${settings.appIdUri}).`,
      );
    }

    const scopes = (claims.scp ?? '').split(' ').filter(Boolean);
    if (!scopes.includes(ACCESS_AS_USER_SCOPE)) {
      throw unauthorized(
        'invalid_token',
        `The token does not grant the ${ACCESS_AS_USER_SCOPE} scope; only user tokens from Teams are accepted.`,
      );
    }

    const clientAppId = (claims.ver === '1.0' ? claims.appid : claims.azp)?.toLowerCase() ?? '';
    if (!preAuthorizedClientIds.includes(clientAppId)) {
      throw unauthorized(
        'invalid_token',
        `The token was obtained by client ${clientAppId || '(none)'}, which is not a Teams or Microsoft 365 client.`,
      );
    }

    if (!allowedTenants.has(tenantId)) {
      throw new HttpError(
        403,
        'tenant_not_allowed',
        `Your organization (tenant ${tenantId}) is not allowed to use this SDS Profiles deployment. Ask its operator to add the tenant to ALLOWED_TENANT_IDS.`,
      );
    }

    const auth: AuthContext = {
      tenantId,
      objectId: claims.oid.toLowerCase(),
      displayName: claims.name ?? '',
      userPrincipalName: claims.preferred_username ?? claims.upn ?? '',
      directoryRoles: claims.wids ?? [],
      clientAppId,
      tokenVersion: claims.ver,
      assertion: token,
    };
    return { auth, exp: payload.exp! };
  }

  return {
    async validate(token: string): Promise<AuthContext> {
      const hit = validated.get(token);
      if (hit && Date.now() / 1000 <= hit.exp + CLOCK_TOLERANCE_SECONDS) return hit.auth;
      validated.delete(token);
      const result = await validateUncached(token);
      if (validated.size >= VALIDATED_CACHE_MAX) validated.delete(validated.keys().next().value!);
      validated.set(token, result);
      return result.auth;
    },
  };
}

function entraUnavailable(cause: unknown): HttpError {
  return new HttpError(
    503,
    'entra_unavailable',
    'Sign-in tokens cannot be checked right now because Microsoft Entra ID did not answer. Try again shortly.',
    { headers: retryAfterHeader(10), cause },
  );
}

/** Turns a jose failure into the 401 the tab understands; key-fetch failures are Entra's fault. */
function tokenProblem(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  if (error instanceof joseErrors.JWTExpired) {
    return unauthorized('token_expired', 'The token has expired. Ask Teams for a new one.');
  }
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    if (error.claim === 'nbf')
      return unauthorized('invalid_token', 'The token is not valid yet (nbf is in the future).');
    if (error.reason === 'missing')
      return unauthorized('invalid_token', `The token lacks the ${error.claim} claim.`);
    return unauthorized('invalid_token', `The token's ${error.claim} claim is not valid.`);
  }
  if (error instanceof joseErrors.JOSEAlgNotAllowed) {
    return unauthorized('invalid_token', 'The token is not signed with RS256, the only algorithm accepted.');
  }
  if (error instanceof joseErrors.JWKSNoMatchingKey) {
    return unauthorized('invalid_token', 'The token is signed with a key Entra ID does not publish.');
  }
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) {
    return unauthorized('invalid_token', 'The token signature does not verify.');
  }
  // Failing to fetch the key set (timeout, HTTP error, not a JWKS, network) is Entra's problem,
  // not the token's: jose reports a non-200 as a plain JOSEError.
  if (
    error instanceof joseErrors.JWKSTimeout ||
    error instanceof joseErrors.JWKSInvalid ||
    (error instanceof joseErrors.JOSEError && error.code === 'ERR_JOSE_GENERIC') ||
    error instanceof TypeError
  ) {
    return entraUnavailable(error);
  }
  if (error instanceof joseErrors.JOSEError) {
    return unauthorized('invalid_token', 'The token is not a well-formed signed JWT.');
  }
  return entraUnavailable(error);
}
