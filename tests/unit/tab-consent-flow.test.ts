import { describe, expect, it } from 'vitest';
import {
  authStartUrl,
  CANCELLED_BY_USER,
  checkConsentUrl,
  describeConsentFailure,
  readAuthEnd,
  withState,
} from '../../src/consent/consentFlow';

const AUTHORITY = 'https://login.microsoftonline.com';
const CONSENT =
  'https://login.microsoftonline.com/c0a70de5-0000-4000-8000-000000000001/v2.0/adminconsent?client_id=5d50f10e&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default&redirect_uri=https%3A%2F%2Flocalhost%3A53000%2Fauth-end.html';

describe('consent popup start', () => {
  it('sends the consent link to auth-start.html, encoded', () => {
    const url = new URL(authStartUrl('https://localhost:53000', CONSENT));
    expect(url.origin + url.pathname).toBe('https://localhost:53000/auth-start.html');
    expect(url.searchParams.get('consentUrl')).toBe(CONSENT);
  });

  it('follows only links to the configured authority (never an open redirect)', () => {
    expect(checkConsentUrl(CONSENT, AUTHORITY).ok).toBe(true);
    expect(checkConsentUrl('https://evil.example/adminconsent', AUTHORITY)).toEqual({
      ok: false,
      reason:
        'The consent link points to https://evil.example, not to the sign-in authority https://login.microsoftonline.com.',
    });
    expect(checkConsentUrl('https://login.microsoftonline.com.evil.example/x', AUTHORITY).ok).toBe(false);
    expect(checkConsentUrl('http://login.microsoftonline.com/x', AUTHORITY).ok).toBe(false);
    expect(checkConsentUrl('javascript:alert(1)', AUTHORITY).ok).toBe(false);
    expect(checkConsentUrl('/relative', AUTHORITY).ok).toBe(false);
    expect(checkConsentUrl(null, AUTHORITY).ok).toBe(false);
    expect(checkConsentUrl(CONSENT, undefined).ok).toBe(false);
  });

  it('compares whole origins, so another port of the same host is refused', () => {
    expect(checkConsentUrl('https://localhost:53100/t/v2.0/adminconsent', 'https://localhost:53100').ok).toBe(
      true,
    );
    expect(checkConsentUrl('https://localhost:9999/t/v2.0/adminconsent', 'https://localhost:53100').ok).toBe(
      false,
    );
  });

  it('adds (or replaces) the state parameter and keeps the others', () => {
    const check = checkConsentUrl(`${CONSENT}&state=old`, AUTHORITY);
    if (!check.ok) throw new Error(check.reason);
    const next = new URL(withState(check.url, 'abc123'));
    expect(next.searchParams.get('state')).toBe('abc123');
    expect(next.searchParams.getAll('state')).toHaveLength(1);
    expect(next.searchParams.get('client_id')).toBe('5d50f10e');
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
