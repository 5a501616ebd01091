/**
 * On-behalf-of: trades the user's SSO token for a Graph token (teams-tab-sso.md §2.5). One
 * ConfidentialClientApplication per process, so MSAL's cache (keyed by a hash of the assertion)
 * answers repeat calls with the same SSO token without asking Entra again. The Graph token never
 * leaves this process.
 */
import { createHash } from 'node:crypto';
import {
  AuthError,
  ConfidentialClientApplication,
  InteractionRequiredAuthError,
  LogLevel,
  ServerError,
} from '@azure/msal-node';
import { GRAPH_RESOURCE } from '../../contracts/graph';
import { HttpError, retryAfterHeader, unauthorized } from '../errors';
import type { Logger } from '../logger';
import type { AuthContext } from './types';

const TOKEN_RENEWAL_OFFSET_MS = 5 * 60 * 1000;
const ASSERTION_CACHE_MAX = 10_000;

export const GRAPH_DEFAULT_SCOPE = `${GRAPH_RESOURCE}/.default`;

export type OnBehalfOfSettings = {
  clientId: string;
  clientSecret: string;
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

export function createOnBehalfOf(settings: OnBehalfOfSettings, logger: Logger): GraphTokenProvider {
  const msal = new ConfidentialClientApplication({
    auth: {
      clientId: settings.clientId,
      clientSecret: settings.clientSecret,
      authority: `${settings.authorityHost}/${settings.tenantId}`,
      // Naming the host as known skips MSAL's cloud instance discovery, which only knows
      // Microsoft's public hosts (dependencies.md §2); the same setting works for them too.
      knownAuthorities: [new URL(settings.authorityHost).host],
    },
    system: {
      loggerOptions: {
        piiLoggingEnabled: false,
        logLevel: LogLevel.Warning,
        loggerCallback: (level, message) => {
          if (level === LogLevel.Error) logger.warn({ msal: message }, 'msal');
          else logger.debug({ msal: message }, 'msal');
        },
      },
    },
  });

  /** One exchange in flight per SSO token: concurrent first calls share it instead of racing to Entra. */
  const inFlight = new Map<string, Promise<string>>();

  /**
   * Graph tokens by SSO token (its SHA-256), in front of MSAL: MSAL's cache is keyed by account,
   * so two SSO tokens of the same person (Teams desktop and web open at once) evict each other
   * there and every call would exchange again. Bounded; entries end 5 minutes before the Graph
   * token expires, as MSAL's own renewal offset does.
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

  async function exchangeOnce(auth: AuthContext): Promise<string> {
    const hash = createHash('sha256').update(auth.assertion).digest('base64url');
    const hit = cached(hash);
    if (hit) return hit;
    const result = await msal.acquireTokenOnBehalfOf({
      oboAssertion: auth.assertion,
      scopes: [GRAPH_DEFAULT_SCOPE],
      // The user's own tenant, taken from the validated token, never from the client.
      authority: `${settings.authorityHost}/${auth.tenantId}`,
    });
    if (!result?.accessToken) throw new Error('MSAL returned no access token');
    remember(hash, result.accessToken, result.expiresOn);
    return result.accessToken;
  }

  async function exchange(auth: AuthContext, afterConsent: boolean, log: Logger): Promise<string> {
    const waits = afterConsent ? settings.consentRetryMs : [];
    for (let attempt = 0; ; attempt++) {
      try {
        return await exchangeOnce(auth);
      } catch (error) {
        const problem = oboProblem(error, auth, settings, log);
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
