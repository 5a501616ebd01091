/**
 * Validates the SSO token Teams hands our tab (teams-tab-sso.md §2.5, reliability-performance.md
 * §3.3, ASVS V9/V10). The signature is checked first, with RS256 only and keys from the
 * authority's discovery document, before any claim is trusted.
 */
import {
  createLocalJWKSet,
  decodeProtectedHeader,
  errors as joseErrors,
  jwtVerify,
  type JSONWebKeySet,
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

/**
 * How often the signing keys are read again. A key Entra withdraws stops verifying tokens, and
 * validations cached for it are dropped, within this plus one fetch: well inside 60 s (ADR 010).
 */
export const KEY_REFRESH_MS = 30_000;
/** A token naming a kid we do not know makes us read the keys early, at most this often. */
export const UNKNOWN_KID_COOLDOWN_MS = 10_000;

export type TokenValidatorSettings = {
  clientId: string;
  appIdUri: string;
  /** Our app's home tenant: its discovery document names the signing keys. */
  tenantId: string;
  authorityHost: string;
  allowedTenantIds: readonly string[];
  /** Keys to verify with instead of the discovery document's (unit tests). */
  keySet?: JWTVerifyGetKey;
  /** Where the key set is read from instead of the discovery document's jwks_uri (unit tests). */
  loadJwks?: () => Promise<JSONWebKeySet>;
  keyRefreshMs?: number;
  unknownKidCooldownMs?: number;
};

const VALIDATED_CACHE_MAX = 10_000;

const discoverySchema = z.object({
  jwks_uri: z.url({ protocol: /^https$/, error: 'jwks_uri must be an https URL' }),
});

const jwksSchema = z.object({
  keys: z.array(z.looseObject({ kty: z.string(), kid: z.string().optional() })),
});

/** The keys in use: a verifier over them and their ids. */
type KeyState = { getKey: JWTVerifyGetKey; kids: ReadonlySet<string>; loadedAt: number };

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

  const keyRefreshMs = settings.keyRefreshMs ?? KEY_REFRESH_MS;
  const unknownKidCooldownMs = settings.unknownKidCooldownMs ?? UNKNOWN_KID_COOLDOWN_MS;
  let discovery: { jwksUri: string; loadedAt: number } | null = null;
  let keys: KeyState | null = null;
  let loading: Promise<KeyState> | null = null;
  let lastLoadStarted = 0;
  let refreshTimer: NodeJS.Timeout | null = null;

  async function jwksUri(): Promise<string> {
    if (discovery && Date.now() - discovery.loadedAt < DISCOVERY_TTL_MS) return discovery.jwksUri;
    const response = await fetch(discoveryUrl, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
    if (!response.ok) throw new Error(`${discoveryUrl} answered HTTP ${response.status}`);
    const document = discoverySchema.parse(await response.json());
    discovery = { jwksUri: document.jwks_uri, loadedAt: Date.now() };
    return discovery.jwksUri;
  }

  async function fetchJwks(): Promise<JSONWebKeySet> {
    if (settings.loadJwks) return settings.loadJwks();
    const uri = await jwksUri();
    const response = await fetch(uri, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
    if (!response.ok) throw new Error(`${uri} answered HTTP ${response.status}`);
    return jwksSchema.parse(await response.json()) as JSONWebKeySet;
  }

  /** Reads the keys (one read at a time) and forgets validations whose key is gone. */
  function reloadKeys(): Promise<KeyState> {
    loading ??= (async () => {
      lastLoadStarted = Date.now();
      const jwks = await fetchJwks();
      const kids = new Set(jwks.keys.flatMap((k) => (k.kid ? [k.kid] : [])));
      keys = { getKey: createLocalJWKSet(jwks), kids, loadedAt: Date.now() };
      for (const [token, entry] of validated) if (!kids.has(entry.kid)) validated.delete(token);
      return keys;
    })().finally(() => {
      loading = null;
    });
    return loading;
  }

  /** The keys now; the first call loads them and starts re-reading them every keyRefreshMs. */
  async function currentKeys(): Promise<KeyState> {
    if (!refreshTimer) {
      // A failed re-read keeps the keys we have: an Entra outage must not sign everyone out.
      refreshTimer = setInterval(() => void reloadKeys().catch(() => undefined), keyRefreshMs);
      refreshTimer.unref();
    }
    if (keys) return keys;
    try {
      return await reloadKeys();
    } catch (error) {
      throw entraUnavailable(error);
    }
  }

  const verifyOptions = {
    algorithms: ['RS256'],
    clockTolerance: CLOCK_TOLERANCE_SECONDS,
    requiredClaims: ['exp', 'nbf', 'iat', 'iss', 'aud', 'tid', 'oid', 'ver'],
  };

  async function verifyWithKeys(token: string): Promise<JWTPayload> {
    if (settings.keySet) return (await jwtVerify(token, settings.keySet, verifyOptions)).payload;
    const state = await currentKeys();
    try {
      return (await jwtVerify(token, state.getKey, verifyOptions)).payload;
    } catch (error) {
      // A kid we do not know may be a key Entra just added: read the keys again, not too often.
      if (!(error instanceof joseErrors.JWKSNoMatchingKey)) throw error;
      if (Date.now() - lastLoadStarted < unknownKidCooldownMs) throw error;
      const fresh = await reloadKeys().catch(() => null);
      if (!fresh) throw error;
      return (await jwtVerify(token, fresh.getKey, verifyOptions)).payload;
    }
  }

  async function verifySignature(token: string): Promise<JWTPayload> {
    let payload: JWTPayload;
    try {
      payload = await verifyWithKeys(token);
    } catch (error) {
      throw tokenProblem(error);
    }
    // jose checks iat only against a maximum age; a token from the future is a forgery or a
    // badly wrong clock, refused beyond the same tolerance as exp and nbf.
    if (typeof payload.iat === 'number' && payload.iat > Date.now() / 1000 + CLOCK_TOLERANCE_SECONDS) {
      throw unauthorized(
        'invalid_token',
        `The token was issued in the future (iat ${new Date(payload.iat * 1000).toISOString()}, more than ${CLOCK_TOLERANCE_SECONDS / 60} minutes ahead). Check the clocks, then ask Teams for a new token.`,
      );
    }
    return payload;
  }

  /**
   * Tokens already validated, until they expire: Teams reuses one SSO token for up to an hour and
   * the tab polls with it, so the RS256 verification (the backend's largest per-request CPU cost)
   * runs once per token. Every check below depends only on the token and the configuration.
   */
  const validated = new Map<string, { auth: AuthContext; exp: number; kid: string }>();

  async function validateUncached(token: string): Promise<{ auth: AuthContext; exp: number; kid: string }> {
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
    return { auth, exp: payload.exp!, kid: String(decodeProtectedHeader(token).kid ?? '') };
  }

  return {
    async validate(token: string): Promise<AuthContext> {
      const hit = validated.get(token);
      // A hit counts only while its key is still published (withdrawn keys are dropped on re-read).
      const keyStillPublished = !hit || settings.keySet !== undefined || (keys?.kids.has(hit.kid) ?? false);
      if (hit && keyStillPublished && Date.now() / 1000 <= hit.exp + CLOCK_TOLERANCE_SECONDS) return hit.auth;
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
    return unauthorized(
      'invalid_token',
      'The token is signed with a key Entra ID does not publish (or no longer publishes). Ask Teams for a new token.',
    );
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
