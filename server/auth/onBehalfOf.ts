/**
 * On-behalf-of: trades the user's SSO token for a Graph token (teams-tab-sso.md §2.5), once per
 * SSO token across every instance (docs/decisions/015-shared-state-on-redis.md):
 *
 * 1. Graph tokens by SSO token in this process, in front of everything (a polling tab sends the
 *    same SSO token for up to an hour), and one exchange in flight per SSO token here.
 * 2. Across instances, a lock per SSO token: the first instance exchanges, the others wait and
 *    then find the token in MSAL's cache.
 * 3. MSAL's cache through its DistributedCachePlugin on the shared cache, one partition per SSO
 *    token (so two tokens of one admin never evict each other), sealed with a key derived from
 *    the SSO token itself: the store alone never yields a usable Graph token.
 *
 * The shared layers fail open: without them an instance exchanges on its own. The Graph token
 * never leaves the backend.
 */
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import {
  AuthError,
  ConfidentialClientApplication,
  DistributedCachePlugin,
  InteractionRequiredAuthError,
  LogLevel,
  ServerError,
  type ICacheClient,
  type IPartitionManager,
} from '@azure/msal-node';
import { GRAPH_RESOURCE } from '../../contracts/graph';
import { HttpError, retryAfterHeader, unauthorized } from '../errors';
import type { Logger } from '../logger';
import { meters } from '../telemetry/instruments';
import { LockBusy, SharedStateUnavailable, type SharedState } from '../sharedState/types';
import { msalCredential, type ClientCredential } from './clientCredential';
import type { AuthContext } from './types';

const TOKEN_RENEWAL_OFFSET_MS = 5 * 60 * 1000;
const ASSERTION_CACHE_MAX = 10_000;
/** How long an instance waits for another one's exchange of the same SSO token before its own. */
const EXCHANGE_WAIT_MS = 10_000;
/** A partition without a readable expiry is kept as long as an SSO token lives. */
const PARTITION_FALLBACK_TTL_MS = 60 * 60 * 1000;
/** Discovery documents change with Entra's key and endpoint layout, rarely. */
const DISCOVERY_TTL_MS = 24 * 60 * 60 * 1000;

export const GRAPH_DEFAULT_SCOPE = `${GRAPH_RESOURCE}/.default`;

export type OnBehalfOfSettings = {
  clientId: string;
  credential: ClientCredential;
  authorityHost: string;
  /** Our app's home tenant: the application's default authority. */
  tenantId: string;
  tabEndpoint: string;
  /** Waits (ms) between exchanges right after an admin consented: Entra needs seconds to propagate it. */
  consentRetryMs: readonly number[];
};

export type GraphTokenProvider = {
  /** A Graph token for the caller, or an HttpError the tab can act on. */
  graphToken(auth: AuthContext, options: { afterConsent: boolean; log: Logger }): Promise<string>;
};

/** Entra's suberrors that need the user in front of a sign-in page (MFA, Conditional Access…). */
const INTERACTION_SUBERRORS = new Set([
  'basic_action',
  'additional_action',
  'message_only',
  'user_password_expired',
  'interrupted_user',
  'ux_not_allowed',
  'login_required',
  'interaction_required',
]);

/** MSAL client errors that mean "Entra could not be reached or answered garbage". */
const UNREACHABLE_CLIENT_ERRORS = new Set([
  'network_error',
  'no_network_connectivity',
  'endpoints_resolution_error',
  'openid_config_error',
  'token_parsing_error',
]);

const ENTRA_RETRY_AFTER_SECONDS = 10;

export function adminConsentUrl(
  settings: Pick<OnBehalfOfSettings, 'authorityHost' | 'clientId' | 'tabEndpoint'>,
  tenantId: string,
): string {
  const url = new URL(`${settings.authorityHost}/${tenantId}/v2.0/adminconsent`);
  url.searchParams.set('client_id', settings.clientId);
  url.searchParams.set('scope', GRAPH_DEFAULT_SCOPE);
  url.searchParams.set('redirect_uri', `${settings.tabEndpoint}/auth-end.html`);
  return url.toString();
}

export function createOnBehalfOf(
  settings: OnBehalfOfSettings,
  logger: Logger,
  shared: Pick<SharedState, 'cache' | 'locks'>,
): GraphTokenProvider {
  const msalLogger = {
    piiLoggingEnabled: false,
    logLevel: LogLevel.Warning,
    loggerCallback: (level: LogLevel, message: string) => {
      if (level === LogLevel.Error) logger.warn({ msal: message }, 'msal');
      else logger.debug({ msal: message }, 'msal');
    },
  };
  const discovery = createDiscoveryCache(settings.authorityHost);

  /**
   * An MSAL client for one SSO token: its cache is that token's partition of the shared cache.
   * A client per exchange is cheap; only the discovery document, shared here, costs a round trip.
   */
  async function clientFor(auth: AuthContext, hash: string): Promise<ConfidentialClientApplication> {
    const authority = `${settings.authorityHost}/${auth.tenantId}`;
    const authorityMetadata = await discovery.get(auth.tenantId);
    return new ConfidentialClientApplication({
      auth: {
        clientId: settings.clientId,
        ...msalCredential(settings.credential),
        // The user's own tenant, taken from the validated token, never from the client.
        authority,
        ...(authorityMetadata ? { authorityMetadata } : {}),
        // Naming the host as known skips MSAL's cloud instance discovery, which only knows
        // Microsoft's public hosts (dependencies.md §2); the same setting works for them too.
        knownAuthorities: [new URL(settings.authorityHost).host],
      },
      cache: { cachePlugin: partitionPlugin(shared.cache, auth.assertion, hash, logger) },
      system: { loggerOptions: msalLogger },
    });
  }

  /** One exchange in flight per SSO token: concurrent first calls share it instead of racing to Entra. */
  const inFlight = new Map<string, Promise<string>>();

  /**
   * Graph tokens by SSO token (its SHA-256), in front of MSAL. Bounded; entries end 5 minutes
   * before the Graph token expires, as MSAL's own renewal offset does.
   */
  const byAssertion = new Map<string, { token: string; usableUntil: number }>();

  function cached(hash: string): string | undefined {
    const entry = byAssertion.get(hash);
    if (!entry) return undefined;
    if (entry.usableUntil > Date.now()) return entry.token;
    byAssertion.delete(hash);
    return undefined;
  }

  function remember(hash: string, token: string, expiresOn: Date | null) {
    const usableUntil = (expiresOn?.getTime() ?? 0) - TOKEN_RENEWAL_OFFSET_MS;
    if (usableUntil <= Date.now()) return;
    if (byAssertion.size >= ASSERTION_CACHE_MAX) {
      // Maps iterate in insertion order: the first key is the oldest entry.
      byAssertion.delete(byAssertion.keys().next().value!);
    }
    byAssertion.set(hash, { token, usableUntil });
  }

  /** Runs `exchange` holding the SSO token's lock across instances, or without it when it cannot be had. */
  async function onePerToken<T>(hash: string, log: Logger, exchange: () => Promise<T>): Promise<T> {
    try {
      return await shared.locks.withLock(`obo:${hash}`, { waitMs: EXCHANGE_WAIT_MS }, exchange);
    } catch (error) {
      if (!(error instanceof LockBusy || error instanceof SharedStateUnavailable)) throw error;
      log.debug({ reason: error.message }, 'exchanging without the cross-instance lock');
      return exchange();
    }
  }

  async function exchangeOnce(auth: AuthContext, hash: string, log: Logger): Promise<string> {
    const hit = cached(hash);
    if (hit) {
      meters().oboTokens.add(1, { 'sds.token.source': 'memory' });
      return hit;
    }
    const result = await onePerToken(hash, log, async () => {
      const msal = await clientFor(auth, hash);
      // msal-node's on-behalf-of reads only its in-memory cache: load the partition into it first
      // (getAllAccounts runs the plugin's beforeCacheAccess), so another instance's token is found.
      await msal.getTokenCache().getAllAccounts();
      return msal.acquireTokenOnBehalfOf({ oboAssertion: auth.assertion, scopes: [GRAPH_DEFAULT_SCOPE] });
    });
    if (!result?.accessToken) throw new Error('MSAL returned no access token');
    meters().oboTokens.add(1, { 'sds.token.source': result.fromCache ? 'shared_cache' : 'entra' });
    if (!result.fromCache) meters().oboExchanges.add(1, { outcome: 'ok' });
    remember(hash, result.accessToken, result.expiresOn);
    return result.accessToken;
  }

  async function exchange(auth: AuthContext, afterConsent: boolean, log: Logger): Promise<string> {
    const hash = createHash('sha256').update(auth.assertion).digest('base64url');
    const waits = afterConsent ? settings.consentRetryMs : [];
    for (let attempt = 0; ; attempt++) {
      try {
        return await exchangeOnce(auth, hash, log);
      } catch (error) {
        const problem = oboProblem(error, auth, settings, log);
        meters().oboExchanges.add(1, { outcome: problem.code });
        const wait = waits[attempt];
        if (problem.code !== 'consent_required' || wait === undefined) throw problem;
        log.info({ attempt: attempt + 1, waitMs: wait }, 'consent not visible yet; retrying the exchange');
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  }

  return {
    graphToken(auth, { afterConsent, log }) {
      const key = `${afterConsent ? 'c' : 'n'}:${auth.assertion}`;
      let pending = inFlight.get(key);
      if (!pending) {
        pending = exchange(auth, afterConsent, log).finally(() => inFlight.delete(key));
        inFlight.set(key, pending);
      }
      return pending;
    },
  };
}

/**
 * Each tenant's discovery document, fetched once for every MSAL client of this process (MSAL
 * would fetch it per client). When it cannot be fetched, MSAL tries itself and reports the error.
 */
export function createDiscoveryCache(authorityHost: string) {
  const documents = new Map<string, { at: number; text: Promise<string | undefined> }>();
  const fetchDocument = async (tenantId: string): Promise<string | undefined> => {
    try {
      const url = `${authorityHost}/${tenantId}/v2.0/.well-known/openid-configuration`;
      const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
      if (!response.ok) return undefined;
      const text = await response.text();
      const document = JSON.parse(text) as Record<string, unknown>;
      return typeof document.token_endpoint === 'string' && typeof document.issuer === 'string'
        ? text
        : undefined;
    } catch {
      return undefined;
    }
  };
  return {
    async get(tenantId: string): Promise<string | undefined> {
      const known = documents.get(tenantId);
      if (known && Date.now() - known.at < DISCOVERY_TTL_MS) {
        const text = await known.text;
        if (text) return text;
      }
      const entry = { at: Date.now(), text: fetchDocument(tenantId) };
      documents.set(tenantId, entry);
      return entry.text;
    },
  };
}

/**
 * MSAL's DistributedCachePlugin on one partition of the shared cache: the SSO token's own.
 * Entries are sealed (AES-256-GCM) with a key derived from the SSO token, which the store never
 * sees; its name is the token's SHA-256. Reads and writes fail open: a miss means an exchange.
 */
function partitionPlugin(
  cache: SharedState['cache'],
  assertion: string,
  hash: string,
  logger: Logger,
): DistributedCachePlugin {
  const name = `msal:${hash}`;
  const key = Buffer.from(hkdfSync('sha256', assertion, 'sds-profiles', 'msal token cache partition', 32));
  const partition: IPartitionManager = {
    getKey: async () => name,
    extractKey: async () => name,
  };
  const client: ICacheClient = {
    async get() {
      try {
        const sealed = await cache.get(name);
        return sealed ? unseal(key, sealed) : '';
      } catch (error) {
        logger.debug({ err: String(error) }, 'token cache partition unreadable; exchanging');
        return '';
      }
    },
    async set(_name, value) {
      try {
        await cache.set(name, seal(key, value), partitionTtlMs(value));
      } catch (error) {
        logger.debug({ err: String(error) }, 'token cache partition not stored');
      }
      return value;
    },
  };
  return new DistributedCachePlugin(client, partition);
}

/** Until the partition's last access token expires (MSAL stores `expires_on` in seconds). */
function partitionTtlMs(serialized: string): number {
  try {
    const tokens = Object.values(
      (JSON.parse(serialized) as { AccessToken?: Record<string, { expires_on?: string }> }).AccessToken ?? {},
    );
    const latest = Math.max(...tokens.map((t) => Number(t.expires_on) * 1000));
    const ttl = latest - Date.now();
    return Number.isFinite(ttl) && ttl > 0 ? ttl : PARTITION_FALLBACK_TTL_MS;
  } catch {
    return PARTITION_FALLBACK_TTL_MS;
  }
}

export function seal(key: Buffer, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

/** The sealed text, or '' (a miss) when it does not open with this key. */
export function unseal(key: Buffer, sealed: string): string {
  try {
    const raw = Buffer.from(sealed, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    return '';
  }
}

/** Maps MSAL's outcome to what the tab can do about it (teams-tab-sso.md §2.5, reliability §3.5). */
export function oboProblem(
  error: unknown,
  auth: Pick<AuthContext, 'tenantId'>,
  settings: Pick<OnBehalfOfSettings, 'authorityHost' | 'clientId' | 'tabEndpoint'>,
  log: Logger,
): HttpError {
  if (error instanceof HttpError) return error;
  if (!(error instanceof AuthError)) {
    log.error({ err: error }, 'on-behalf-of exchange failed unexpectedly');
    return new HttpError(500, 'internal_error', 'The sign-in exchange failed unexpectedly.', {
      cause: error,
    });
  }
  const code = error.errorCode ?? '';
  const subError = error.subError ?? '';
  const description = error.errorMessage ?? '';
  const claims = error instanceof InteractionRequiredAuthError ? error.claims : '';
  const status = error instanceof ServerError ? error.status : undefined;
  const logFields = { errorCode: code, subError, correlationId: error.correlationId };

  if (subError === 'consent_required' || description.includes('AADSTS65001')) {
    log.info(logFields, 'on-behalf-of needs admin consent');
    return new HttpError(
      403,
      'consent_required',
      'An administrator of your organization must allow SDS Profiles to read and manage School Data Sync profiles (one-time admin consent).',
      { extras: { consentUrl: adminConsentUrl(settings, auth.tenantId) } },
    );
  }
  if (claims || code === 'interaction_required' || INTERACTION_SUBERRORS.has(subError)) {
    log.info(logFields, 'on-behalf-of needs user interaction');
    // 401 with the claims exactly as Entra gave them: the tab calls getAuthToken({ claims: [claims] })
    // and retries once. The header is Microsoft's claims-challenge form for web APIs (base64 claims).
    return new HttpError(
      401,
      'interaction_required',
      'Your organization requires you to verify your identity again (for example with multi-factor authentication) before SDS Profiles can continue.',
      {
        extras: claims ? { claims } : {},
        headers: {
          'WWW-Authenticate': `Bearer error="insufficient_claims", error_description="A claims challenge must be satisfied"${
            claims ? `, claims="${Buffer.from(claims, 'utf8').toString('base64')}"` : ''
          }`,
        },
      },
    );
  }
  if (code === 'invalid_grant') {
    log.info(logFields, 'on-behalf-of refused the assertion');
    return unauthorized(
      'token_expired',
      'Entra ID no longer accepts this sign-in token. Ask Teams for a new one.',
    );
  }
  if (code === 'invalid_client' || code === 'unauthorized_client') {
    log.error(
      logFields,
      'CONFIGURATION PROBLEM: Entra ID refused our client credentials. Check AAD_APP_CLIENT_ID and SECRET_AAD_APP_CLIENT_SECRET (expired secret?).',
    );
    return new HttpError(
      500,
      'internal_error',
      'SDS Profiles is misconfigured; its operator has been alerted.',
    );
  }
  if (
    UNREACHABLE_CLIENT_ERRORS.has(code) ||
    (status !== undefined && (status >= 500 || status === 429)) ||
    code === 'temporarily_unavailable' ||
    code === 'server_error' ||
    // MSAL's own throttle after an Entra 5xx/429 replays the error without a status or an OAuth code.
    (error instanceof ServerError && status === undefined && !/^[a-z_]+$/.test(code))
  ) {
    log.warn(logFields, 'Entra ID unavailable for on-behalf-of');
    return new HttpError(
      503,
      'entra_unavailable',
      'Microsoft Entra ID did not answer the sign-in exchange. Try again shortly.',
      { headers: retryAfterHeader(ENTRA_RETRY_AFTER_SECONDS) },
    );
  }
  log.error(logFields, 'on-behalf-of exchange failed');
  return new HttpError(500, 'internal_error', 'The sign-in exchange with Entra ID failed.', { cause: error });
}
