import { describe, expect, it } from 'vitest';
import { adminConsentUrl } from '../../server/auth/onBehalfOf';
import {
  adminConsentUrlFor,
  authStartUrl,
  CANCELLED_BY_USER,
  checkConsentUrl,
  describeConsentFailure,
  readAuthEnd,
  withState,
} from '../../src/consent/consentFlow';

const AUTHORITY = 'https://login.microsoftonline.com';
const TENANT = 'c0a70de5-0000-4000-8000-000000000001';
const CLIENT = '5d50f10e-0000-4000-8000-00000000a991';
const REDIRECT = 'https://localhost:53000/auth-end.html';
const EXPECTED = { authorityHost: AUTHORITY, clientId: CLIENT, tenantId: TENANT, redirectUri: REDIRECT };
const CONSENT = adminConsentUrl(
  { authorityHost: AUTHORITY, clientId: CLIENT, tabEndpoint: 'https://localhost:53000' },
  TENANT,
);

/** The consent link with one parameter set to `value` (or removed with null). */
function withParam(name: string, value: string | null): string {
  const url = new URL(CONSENT);
  if (value === null) url.searchParams.delete(name);
  else url.searchParams.set(name, value);
  return url.href;
}

const refusal = (url: string | null, expected: Partial<typeof EXPECTED> = {}) => {
  const check = checkConsentUrl(url, { ...EXPECTED, ...expected });
  return check.ok ? 'accepted' : check.reason;
};

describe('consent popup start', () => {
  it('sends the consent link to auth-start.html, encoded', () => {
    const url = new URL(authStartUrl('https://localhost:53000', CONSENT));
    expect(url.origin + url.pathname).toBe('https://localhost:53000/auth-start.html');
    expect(url.searchParams.get('consentUrl')).toBe(CONSENT);
  });

  it('accepts exactly the link the backend builds, and answers the URL it builds itself', () => {
    const check = checkConsentUrl(CONSENT, EXPECTED);
    expect(check.ok && check.url.href).toBe(adminConsentUrlFor(EXPECTED).href);
    // A tenant id in other letter case is the same tenant.
    expect(refusal(CONSENT, { tenantId: TENANT.toUpperCase() })).toBe('accepted');
  });

  it('never follows a link off the configured authority (no open redirect)', () => {
    expect(refusal('https://evil.example/adminconsent')).toBe(
      'The consent link points to https://evil.example, not to the sign-in authority https://login.microsoftonline.com.',
    );
    expect(refusal(CONSENT.replace(AUTHORITY, `${AUTHORITY}.evil.example`))).toMatch(/points to/);
    expect(refusal(CONSENT.replace('https:', 'http:'))).toMatch(/must use https/);
    expect(refusal(CONSENT.replace(AUTHORITY, 'https://localhost:9999'))).toMatch(/points to/);
    expect(refusal('javascript:alert(1)')).not.toBe('accepted');
    expect(refusal('/relative')).toMatch(/not a valid URL/);
    expect(refusal(null)).toMatch(/missing/);
    expect(refusal(CONSENT, { authorityHost: undefined })).toMatch(/authority is not configured/);
  });

  it('refuses another app’s consent, a foreign redirect_uri, other scopes and extra parameters', () => {
    expect(refusal(withParam('client_id', 'bad0bad0-0000-4000-8000-000000000bad'))).toMatch(
      /for another app \(bad0bad0-.*\), not SDS Profiles/,
    );
    expect(refusal(withParam('client_id', null))).toMatch(/another app \(none\)/);
    expect(refusal(`${CONSENT}&client_id=${CLIENT}`)).toMatch(/another app/);
    expect(refusal(withParam('redirect_uri', 'https://evil.example/steal'))).toMatch(
      /returns to https:\/\/evil\.example\/steal, not to SDS Profiles/,
    );
    expect(refusal(withParam('redirect_uri', 'https://localhost:53000/auth-end.html/../evil'))).toMatch(
      /returns to/,
    );
    expect(refusal(withParam('scope', 'https://graph.microsoft.com/Directory.ReadWrite.All'))).toMatch(
      /asks for .* permissions/,
    );
    expect(refusal(withParam('prompt', 'none'))).toMatch(/parameters that do not belong: prompt/);
    expect(refusal(`${CONSENT}#x`)).toMatch(/fragment/);
  });

  it('refuses user info before the host and every authority path but our tenant’s v2 admin consent', () => {
    expect(refusal(CONSENT.replace('https://', 'https://x@'))).toMatch(/user name or password/);
    expect(refusal(CONSENT.replace('https://', 'https://login.microsoftonline.com:443@'))).toMatch(
      /user name or password/,
    );
    const other = 'fab01ca7-0000-4000-8000-000000000002';
    for (const path of [
      `/${other}/v2.0/adminconsent`,
      '/common/v2.0/adminconsent',
      `/${TENANT}/adminconsent`,
      `/${TENANT}/oauth2/v2.0/authorize`,
      `/${TENANT}/v2.0/adminconsent/extra`,
      `//${TENANT}/v2.0/adminconsent`,
      `/x/../${other}/v2.0/adminconsent`,
      `/${TENANT}/v2.0%2Fadminconsent`,
    ]) {
      expect(refusal(CONSENT.replace(`/${TENANT}/v2.0/adminconsent`, path)), path).toMatch(
        /not for your organization’s admin consent/,
      );
    }
    expect(refusal(CONSENT, { tenantId: undefined })).toMatch(/did not say which organization/);
  });

  it('adds (or replaces) the state parameter and keeps the others', () => {
    const check = checkConsentUrl(`${CONSENT}&state=old`, EXPECTED);
    if (!check.ok) throw new Error(check.reason);
    const next = new URL(withState(check.url, 'abc123'));
    expect(next.searchParams.get('state')).toBe('abc123');
    expect(next.searchParams.getAll('state')).toHaveLength(1);
    expect(next.searchParams.get('client_id')).toBe(CLIENT);
  });
});

describe('consent popup end', () => {
  it('reports success only with admin_consent=True and our state', () => {
    expect(readAuthEnd('?admin_consent=True&tenant=t&scope=s&state=abc', 'abc')).toEqual({
      outcome: 'success',
    });
    expect(readAuthEnd('?admin_consent=True&state=forged', 'abc')).toEqual({
      outcome: 'failure',
      reason: 'StateMismatch',
    });
    expect(readAuthEnd('?admin_consent=True&state=abc', null)).toEqual({
      outcome: 'failure',
      reason: 'StateMismatch',
    });
    expect(readAuthEnd('?state=abc', 'abc')).toEqual({ outcome: 'failure', reason: 'ConsentNotGranted' });
  });

  it('passes on the authority’s error', () => {
    expect(readAuthEnd('?error=access_denied&error_description=The+admin+declined&state=abc', 'abc')).toEqual(
      {
        outcome: 'failure',
        reason: 'access_denied: The admin declined',
      },
    );
  });

  it('says calmly that the window was closed, and clearly what else went wrong', () => {
    expect(describeConsentFailure(CANCELLED_BY_USER).calm).toBe(true);
    expect(describeConsentFailure('access_denied: declined')).toEqual({
      calm: false,
      message: 'Consent was declined. An administrator needs to accept the permission request.',
    });
    expect(describeConsentFailure('FailedToOpenWindow').message).toMatch(/pop-ups/);
    expect(describeConsentFailure('something else').message).toBe(
      'Consent did not complete (something else).',
    );
  });
});
