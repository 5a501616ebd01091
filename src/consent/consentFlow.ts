/**
 * The admin-consent round trip, as pure functions the tab, auth-start.html and auth-end.html
 * share. The consent URL comes from the backend, but auth-start only follows it to the configured
 * authority: a page that redirects wherever its query says is an open redirect.
 */

export const AUTH_POPUP_WIDTH = 600;
export const AUTH_POPUP_HEIGHT = 535;
export const CONSENT_STATE_KEY = 'sds-profiles.consent-state';

/** teams-js rejects `authenticate` with this message when the admin closes the popup. */
export const CANCELLED_BY_USER = 'CancelledByUser';

export function authStartUrl(origin: string, consentUrl: string): string {
  return `${origin}/auth-start.html?consentUrl=${encodeURIComponent(consentUrl)}`;
}

export type ConsentUrlCheck = { ok: true; url: URL } | { ok: false; reason: string };

export function checkConsentUrl(
  consentUrl: string | null,
  authorityHost: string | null | undefined,
): ConsentUrlCheck {
  if (!consentUrl) return { ok: false, reason: 'The consent link is missing (consentUrl).' };
  if (!authorityHost)
    return { ok: false, reason: 'The sign-in authority is not configured (authorityHost).' };
  let url: URL;
  let authority: URL;
  try {
    url = new URL(consentUrl);
    authority = new URL(authorityHost);
  } catch {
    return { ok: false, reason: 'The consent link is not a valid URL.' };
  }
  if (url.protocol !== 'https:') return { ok: false, reason: 'The consent link must use https.' };
  if (url.origin !== authority.origin) {
    return {
      ok: false,
      reason: `The consent link points to ${url.origin}, not to the sign-in authority ${authority.origin}.`,
    };
  }
  return { ok: true, url };
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
export function describeConsentFailure(reason: string): { calm: boolean; message: string } {
  if (reason === CANCELLED_BY_USER) {
    return {
      calm: true,
      message: 'The consent window was closed before consent was granted. You can try again at any time.',
    };
  }
  if (reason.startsWith('access_denied')) {
    return {
      calm: false,
      message: 'Consent was declined. An administrator needs to accept the permission request.',
    };
  }
  if (reason === 'FailedToOpenWindow') {
    return {
      calm: false,
      message: 'The consent window could not open. Allow pop-ups for Teams and try again.',
    };
  }
  if (reason === 'StateMismatch') {
    return {
      calm: false,
      message: 'The consent answer did not match this request, so it was ignored. Try again.',
    };
  }
  return { calm: false, message: `Consent did not complete (${reason}).` };
}
