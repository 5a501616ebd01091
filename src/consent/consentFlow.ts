/**
 * The admin-consent round trip, as pure functions the tab, auth-start.html and auth-end.html
 * share. The consent URL comes from the backend, but auth-start follows only the one admin-consent
 * URL it can build itself (our app, the user's tenant, our auth-end page): a page that redirects
 * wherever its query says is an open redirect and a consent-phishing tool.
 */
import { createTranslator, type Translate } from '../i18n/i18n';
import { consentNs } from '../i18n/namespaces/consent';

export const AUTH_POPUP_WIDTH = 600;
export const AUTH_POPUP_HEIGHT = 535;
export const CONSENT_STATE_KEY = 'sds-profiles.consent-state';

/** teams-js rejects `authenticate` with this message when the admin closes the popup. */
export const CANCELLED_BY_USER = 'CancelledByUser';

export function authStartUrl(origin: string, consentUrl: string): string {
  return `${origin}/auth-start.html?consentUrl=${encodeURIComponent(consentUrl)}`;
}

export type ConsentUrlCheck = { ok: true; url: URL } | { ok: false; reason: string };

/** What the one consent link we follow is made of: all of it known before the link arrives. */
export type ExpectedConsent = {
  /** Entra's origin (`https://login.microsoftonline.com`), from /api/config. */
  authorityHost: string | null | undefined;
  /** Our app's client id, from /api/config. */
  clientId: string | null | undefined;
  /** The signed-in user's tenant, from the Teams context: the tenant that consents. */
  tenantId: string | null | undefined;
  /** auth-end.html on our own origin. */
  redirectUri: string;
};

/** The permissions the admin consents to: all of the app's Graph permissions (`.default`). */
export const CONSENT_SCOPE = 'https://graph.microsoft.com/.default';
const CONSENT_PARAMETERS = ['client_id', 'scope', 'redirect_uri'];

/** The admin-consent URL for our app, our tenant and our redirect URI (v2 endpoint). */
export function adminConsentUrlFor(expected: {
  authorityHost: string;
  clientId: string;
  tenantId: string;
  redirectUri: string;
}): URL {
  const url = new URL(`${new URL(expected.authorityHost).origin}/${expected.tenantId}/v2.0/adminconsent`);
  url.searchParams.set('client_id', expected.clientId);
  url.searchParams.set('scope', CONSENT_SCOPE);
  url.searchParams.set('redirect_uri', expected.redirectUri);
  return url;
}

/**
 * Accepts exactly the admin-consent URL for our client id, the user's tenant and our redirect
 * URI, and answers that URL as we build it, never the one given: another app's consent, a
 * foreign redirect_uri, `https://x@host`, other authority paths or extra parameters are refused
 * with the reason. Consent phishing through our popup is then impossible.
 */
export function checkConsentUrl(consentUrl: string | null, expected: ExpectedConsent): ConsentUrlCheck {
  if (!consentUrl) return { ok: false, reason: 'The consent link is missing (consentUrl).' };
  const { authorityHost, clientId, tenantId, redirectUri } = expected;
  if (!authorityHost)
    return { ok: false, reason: 'The sign-in authority is not configured (authorityHost).' };
  if (!clientId) return { ok: false, reason: 'The app’s client id is not configured (clientId).' };
  if (!tenantId) return { ok: false, reason: 'Teams did not say which organization you are signed in to.' };
  let url: URL;
  let authority: URL;
  try {
    url = new URL(consentUrl);
    authority = new URL(authorityHost);
  } catch {
    return { ok: false, reason: 'The consent link is not a valid URL.' };
  }
  if (url.protocol !== 'https:') return { ok: false, reason: 'The consent link must use https.' };
  if (url.username || url.password) {
    return { ok: false, reason: 'The consent link must not carry a user name or password before the host.' };
  }
  if (url.origin !== authority.origin) {
    return {
      ok: false,
      reason: `The consent link points to ${url.origin}, not to the sign-in authority ${authority.origin}.`,
    };
  }
  const wanted = adminConsentUrlFor({ authorityHost, clientId, tenantId, redirectUri });
  if (url.pathname.toLowerCase() !== wanted.pathname.toLowerCase()) {
    return {
      ok: false,
      reason: `The consent link asks for ${url.pathname}, not for your organization’s admin consent (${wanted.pathname}).`,
    };
  }
  if (url.hash) return { ok: false, reason: 'The consent link must not have a fragment (#…).' };
  const names = [...url.searchParams.keys()];
  const unexpected = names.filter((n) => !CONSENT_PARAMETERS.includes(n) && n !== 'state');
  if (unexpected.length > 0) {
    return {
      ok: false,
      reason: `The consent link has parameters that do not belong: ${unexpected.join(', ')}.`,
    };
  }
  for (const name of CONSENT_PARAMETERS) {
    const values = url.searchParams.getAll(name);
    const want = wanted.searchParams.get(name)!;
    const same = name === 'client_id' ? values[0]?.toLowerCase() === want.toLowerCase() : values[0] === want;
    if (values.length !== 1 || !same) {
      return {
        ok: false,
        reason:
          name === 'client_id'
            ? `The consent link is for another app (${values.join(', ') || 'none'}), not SDS Profiles (${want}).`
            : name === 'redirect_uri'
              ? `The consent link returns to ${values.join(', ') || 'nowhere'}, not to SDS Profiles (${want}).`
              : `The consent link asks for ${values.join(', ') || 'no'} permissions, not ${want}.`,
      };
    }
  }
  return { ok: true, url: wanted };
}

/** The consent URL with our `state`, so auth-end can tell its answer from a forged one. */
export function withState(url: URL, state: string): string {
  const next = new URL(url.href);
  next.searchParams.set('state', state);
  return next.href;
}

export type AuthEndOutcome = { outcome: 'success' } | { outcome: 'failure'; reason: string };

/**
 * Reads what the authority sent back to auth-end.html: `admin_consent=True&tenant&scope&state`,
 * or `error=access_denied&error_description&state`.
 */
export function readAuthEnd(search: string, expectedState: string | null): AuthEndOutcome {
  const params = new URLSearchParams(search);
  const state = params.get('state');
  if (!expectedState || state !== expectedState) {
    return { outcome: 'failure', reason: 'StateMismatch' };
  }
  const error = params.get('error');
  if (error) {
    const description = params.get('error_description');
    return { outcome: 'failure', reason: description ? `${error}: ${description}` : error };
  }
  if ((params.get('admin_consent') ?? '').toLowerCase() === 'true') return { outcome: 'success' };
  return { outcome: 'failure', reason: 'ConsentNotGranted' };
}

/** What the tab says when the consent popup ends without consent. */
export function describeConsentFailure(
  reason: string,
  t: Translate<typeof consentNs.en> = createTranslator('en-US', consentNs),
): { calm: boolean; message: string } {
  if (reason === CANCELLED_BY_USER) {
    return {
      calm: true,
      message: t('closed'),
    };
  }
  if (reason.startsWith('access_denied')) {
    return {
      calm: false,
      message: t('declined'),
    };
  }
  if (reason === 'FailedToOpenWindow') {
    return {
      calm: false,
      message: t('noWindow'),
    };
  }
  if (reason === 'StateMismatch') {
    return {
      calm: false,
      message: t('stateMismatch'),
    };
  }
  return { calm: false, message: t('incomplete', { reason }) };
}
