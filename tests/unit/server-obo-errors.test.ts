import { Writable } from 'node:stream';
import { AuthError, InteractionRequiredAuthError, ServerError } from '@azure/msal-node';
import { describe, expect, it } from 'vitest';
import { adminConsentUrl, oboProblem } from '../../server/auth/onBehalfOf';
import { createLogger } from '../../server/logger';

const settings = {
  authorityHost: 'https://login.microsoftonline.com',
  clientId: '5d50f10e-0000-4000-8000-00000000a991',
  tabEndpoint: 'https://sds.example.edu',
};
const tenant = { tenantId: 'fab01ca7-0000-4000-8000-000000000002' };

function capture() {
  const lines: Record<string, unknown>[] = [];
  const log = createLogger(
    'debug',
    new Writable({
      write(chunk: Buffer, _e, done) {
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    }),
  );
  return { log, lines };
}

describe('on-behalf-of error mapping', () => {
  it('turns missing consent into 403 consent_required with the tenant admin-consent URL', () => {
    const error = new InteractionRequiredAuthError(
      'invalid_grant',
      'corr',
      'AADSTS65001: The user or administrator has not consented to use the application.',
      'consent_required',
    );
    const problem = oboProblem(error, tenant, settings, capture().log);
    expect(problem.status).toBe(403);
    expect(problem.code).toBe('consent_required');
    const url = new URL(problem.extras.consentUrl!);
    expect(`${url.origin}${url.pathname}`).toBe(
      `https://login.microsoftonline.com/${tenant.tenantId}/v2.0/adminconsent`,
    );
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: settings.clientId,
      scope: 'https://graph.microsoft.com/.default',
      redirect_uri: 'https://sds.example.edu/auth-end.html',
    });
    expect(problem.extras.consentUrl).toBe(adminConsentUrl(settings, tenant.tenantId));
  });

  it('recognises consent from the AADSTS65001 text alone', () => {
    const error = new ServerError('invalid_grant', 'corr', 'AADSTS65001: not consented');
    expect(oboProblem(error, tenant, settings, capture().log).code).toBe('consent_required');
  });

  it('passes a claims challenge on as 401 interaction_required, with the claims and a claims challenge header', () => {
    const claims = '{"access_token":{"capolids":{"essential":true,"values":["1"]}}}';
    const error = new InteractionRequiredAuthError(
      'invalid_grant',
      'corr',
      'AADSTS50076: MFA',
      'basic_action',
      '',
      '',
      claims,
    );
    const problem = oboProblem(error, tenant, settings, capture().log);
    expect(problem).toMatchObject({ status: 401, code: 'interaction_required', extras: { claims } });
    const header = problem.headers['WWW-Authenticate']!;
    expect(header).toMatch(/^Bearer error="insufficient_claims"/);
    expect(Buffer.from(/claims="([^"]+)"/.exec(header)![1]!, 'base64').toString('utf8')).toBe(claims);
  });

  it('asks for a fresh SSO token when Entra refuses the assertion', () => {
    for (const error of [
      new ServerError('invalid_grant', 'corr', 'AADSTS50013: Assertion failed signature validation.'),
      new InteractionRequiredAuthError(
        'invalid_grant',
        'corr',
        'AADSTS500133: Assertion is not within its valid time range.',
        'bad_token',
      ),
    ]) {
      const problem = oboProblem(error, tenant, settings, capture().log);
      expect(problem).toMatchObject({ status: 401, code: 'token_expired' });
      expect(problem.headers['WWW-Authenticate']).toMatch(/^Bearer error="invalid_token"/);
    }
  });

  it('reports bad client credentials loudly as a configuration problem and vaguely to the tab', () => {
    const { log, lines } = capture();
    const problem = oboProblem(
      new ServerError('invalid_client', 'corr', 'AADSTS7000215: Invalid client secret provided.'),
      tenant,
      settings,
      log,
    );
    expect(problem).toMatchObject({ status: 500, code: 'internal_error' });
    expect(problem.message).not.toMatch(/secret/i);
    expect(lines.some((l) => l.level === 50 && /CONFIGURATION PROBLEM/.test(String(l.msg)))).toBe(true);
  });

  it.each([
    [
      'a network failure',
      new AuthError('network_error', 'corr', 'Network request failed: connect ECONNREFUSED'),
    ],
    [
      'unreadable discovery',
      new AuthError('endpoints_resolution_error', 'corr', 'Endpoints cannot be resolved'),
    ],
    [
      'a 503 from the token endpoint',
      new ServerError('temporarily_unavailable', 'corr', 'try later', undefined, undefined, 503),
    ],
    ["MSAL's throttle replaying a 5xx", new ServerError('50000', 'corr', 'server busy')],
  ])('reports %s as 503 entra_unavailable with Retry-After', (_what, error) => {
    const problem = oboProblem(error, tenant, settings, capture().log);
    expect(problem).toMatchObject({ status: 503, code: 'entra_unavailable' });
    expect(Number(problem.headers['Retry-After'])).toBeGreaterThan(0);
  });
});
