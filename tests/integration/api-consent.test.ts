/**
 * Admin consent, as the tab lives it: a Fabrikam admin is told consent is missing and where to
 * grant it; the admin grants it on Entra's consent page; the same request then succeeds.
 */
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { problemSchema, profileListSchema } from '../../contracts/api';
import { demoApp, tenants } from '../../emulator/directory';
import { createEmulatorClient } from '../support/emulator-client';

const urls = inject('urls');
const emulator = createEmulatorClient({ entraUrl: urls.entra, graphUrl: urls.graph });
const fabrikam = tenants.fabrikam.id;

async function listProfiles(token: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${urls.app}/api/profiles`, {
    headers: { authorization: `Bearer ${token}`, ...headers },
  });
  return { status: response.status, body: (await response.json()) as unknown };
}

function unescape(value: string): string {
  return value.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
}

/** What the admin's browser does on the consent page: open it, then press Accept. */
async function grantConsentAt(consentUrl: string): Promise<URL> {
  const url = new URL(consentUrl);
  url.searchParams.set('state', 'from-auth-start');
  const page = await fetch(url, { redirect: 'manual' });
  expect(page.status).toBe(200);
  const html = await page.text();
  const action = unescape(/<form method="post" action="([^"]+)">/.exec(html)?.[1] ?? '');
  expect(action).not.toBe('');
  const form = new URLSearchParams();
  for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    form.set(unescape(match[1]!), unescape(match[2]!));
  }
  form.set('decision', 'accept');
  const accepted = await fetch(new URL(action, urls.entra), {
    method: 'POST',
    body: form,
    redirect: 'manual',
  });
  expect(accepted.status).toBe(303);
  return new URL(accepted.headers.get('location')!);
}

beforeEach(async () => {
  await emulator.reset();
});

describe('admin consent', () => {
  it('tells a Fabrikam admin where to consent, and works once consent is granted', async () => {
    const token = await emulator.ssoToken('admin@fabrikam');

    const refused = await listProfiles(token);
    expect(refused.status).toBe(403);
    const problem = problemSchema.parse(refused.body);
    expect(problem.code).toBe('consent_required');
    expect(problem.detail).toMatch(/administrator/);
    const consentUrl = new URL(problem.consentUrl!);
    expect(`${consentUrl.origin}${consentUrl.pathname}`).toBe(`${urls.entra}/${fabrikam}/v2.0/adminconsent`);
    expect(Object.fromEntries(consentUrl.searchParams)).toEqual({
      client_id: demoApp.clientId,
      scope: 'https://graph.microsoft.com/.default',
      redirect_uri: `${urls.app}/auth-end.html`,
    });

    const back = await grantConsentAt(problem.consentUrl!);
    expect(`${back.origin}${back.pathname}`).toBe(`${urls.app}/auth-end.html`);
    expect(back.searchParams.get('admin_consent')).toBe('True');
    expect(back.searchParams.get('state')).toBe('from-auth-start');

    const since = await emulator.lastSeq();
    const granted = await listProfiles(token, { 'x-sds-after-consent': '1' });
    expect(granted.status).toBe(200);
    const { profiles } = profileListSchema.parse(granted.body);
    expect(profiles.map((p) => p.displayName)).toEqual(
      expect.arrayContaining(['Fabrikam Academy – Secondary roster 2026']),
    );
    const exchanges = (await emulator.requests(since)).filter((e) => e.path.endsWith('/oauth2/v2.0/token'));
    expect(exchanges).toEqual([expect.objectContaining({ status: 200, tenantId: fabrikam })]);
  });

  it('does not let one tenant consent leak to another: Contoso works, Fabrikam still needs consent', async () => {
    expect((await listProfiles(await emulator.ssoToken('admin@contoso'))).status).toBe(200);
    expect((await listProfiles(await emulator.ssoToken('admin@fabrikam'))).status).toBe(403);
  });
});
