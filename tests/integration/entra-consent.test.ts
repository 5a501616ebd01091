/**
 * Admin consent in the Entra emulator: the page an admin sees, Accept and Cancel, and the
 * requests Entra refuses to send anywhere (unknown app, unregistered redirect URI).
 */
import axe from 'axe-core';
import { chromium } from 'playwright-core';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { demoApp, tenants } from '../../emulator/directory';
import { ensureLocalCertificates } from '../../emulator/tls';
import { chromiumArgs, CHROMIUM_PATH } from '../support/chromium';
import { createEmulatorClient, EmulatorRequestError } from '../support/emulator-client';
import { VALID_DOMAINS_URL, validDomains } from '../support/teams-cdn';

const urls = inject('urls');
const emulator = createEmulatorClient({ entraUrl: urls.entra, graphUrl: urls.graph });
const fabrikam = tenants.fabrikam.id;
const redirectUri = `${urls.app}/auth-end.html`;
const GRAPH_DEFAULT = 'https://graph.microsoft.com/.default';

type Page = { status: number; html: string; location: string | null; headers: Headers };

async function openConsent(tenant: string, params: Record<string, string>): Promise<Page> {
  const query = new URLSearchParams({
    client_id: demoApp.clientId,
    scope: GRAPH_DEFAULT,
    redirect_uri: redirectUri,
    ...params,
  });
  const response = await fetch(`${urls.entra}/${tenant}/v2.0/adminconsent?${query}`, { redirect: 'manual' });
  return {
    status: response.status,
    html: await response.text(),
    location: response.headers.get('location'),
    headers: response.headers,
  };
}

/** What the browser posts when a button of the page's form is pressed. */
async function submit(page: Page, fields: Record<string, string>): Promise<Page> {
  const action = page.html.match(/<form method="post" action="([^"]+)">/)?.[1];
  expect(action).toBeDefined();
  const form = new URLSearchParams(hiddenFields(page.html));
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  const response = await fetch(`${urls.entra}${unescape(action!)}`, {
    method: 'POST',
    body: form,
    redirect: 'manual',
  });
  return {
    status: response.status,
    html: await response.text(),
    location: response.headers.get('location'),
    headers: response.headers,
  };
}

function hiddenFields(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    fields[unescape(match[1]!)] = unescape(match[2]!);
  }
  return fields;
}

function unescape(value: string): string {
  return value.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
}

async function oboStatus(persona: string): Promise<number> {
  try {
    await emulator.graphToken(persona, [GRAPH_DEFAULT]);
    return 200;
  } catch (error) {
    if (error instanceof EmulatorRequestError) return error.status;
    throw error;
  }
}

beforeEach(async () => {
  await emulator.reset();
});

describe('admin consent', () => {
  it('works in the older form /{tenant}/adminconsent?client_id&state&redirect_uri (no scope)', async () => {
    const query = new URLSearchParams({
      client_id: demoApp.clientId,
      state: 'older',
      redirect_uri: redirectUri,
    });
    const response = await fetch(`${urls.entra}/${fabrikam}/adminconsent?${query}`, { redirect: 'manual' });
    const page: Page = {
      status: response.status,
      html: await response.text(),
      location: response.headers.get('location'),
      headers: response.headers,
    };
    expect(page.status).toBe(200);
    expect(page.html).toContain(`action="/${fabrikam}/adminconsent`);
    expect(page.html).toContain('EduAdministration.ReadWrite');
    const accepted = await submit(page, { decision: 'accept' });
    expect(accepted.status).toBe(303);
    const back = new URL(accepted.location!);
    expect(`${back.origin}${back.pathname}`).toBe(redirectUri);
    // The older form answers without scope.
    expect(Object.fromEntries(back.searchParams)).toEqual({
      admin_consent: 'True',
      tenant: fabrikam,
      state: 'older',
    });
    expect(await oboStatus('admin@fabrikam')).toBe(200);
  });

  it('shows who consents, for which tenant, which app and which permissions; Accept grants and redirects', async () => {
    const refused = await emulator.graphToken('admin@fabrikam').catch((e: EmulatorRequestError) => e);
    expect(refused).toBeInstanceOf(EmulatorRequestError);
    expect(JSON.parse((refused as EmulatorRequestError).body)).toMatchObject({
      error: 'invalid_grant',
      suberror: 'consent_required',
    });

    const page = await openConsent(fabrikam, { state: 'state-123' });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    for (const text of [
      '<html lang="en">',
      '<h1>Permissions requested</h1>',
      'Isaiah Langer',
      'admin@fabrikam.edu',
      'Fabrikam Academy Trust',
      'SDS Profiles (local)',
      demoApp.clientId,
      'Read education app settings',
      'EduAdministration.Read',
      'Manage education app settings',
      'EduAdministration.ReadWrite',
      '<button type="submit" name="decision" value="accept" class="primary">Accept</button>',
      '<button type="submit" name="decision" value="cancel">Cancel</button>',
    ]) {
      expect(page.html).toContain(text);
    }
    // Self-contained: no scripts and nothing loaded from elsewhere.
    expect(page.html).not.toMatch(/<script|<link|<img|src=|url\(/i);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");

    const since = await emulator.lastSeq();
    const accepted = await submit(page, { decision: 'accept' });
    expect(accepted.status).toBe(303);
    const location = new URL(accepted.location!);
    expect(`${location.origin}${location.pathname}`).toBe(redirectUri);
    expect(Object.fromEntries(location.searchParams)).toEqual({
      admin_consent: 'True',
      tenant: fabrikam,
      scope: GRAPH_DEFAULT,
      state: 'state-123',
    });
    expect(await emulator.requests(since)).toEqual([
      expect.objectContaining({
        service: 'entra',
        method: 'POST',
        path: `/${fabrikam}/v2.0/adminconsent`,
        status: 303,
        persona: 'admin@fabrikam',
        tenantId: fabrikam,
        clientId: demoApp.clientId,
        scopes: [GRAPH_DEFAULT],
      }),
    ]);
    expect(await oboStatus('admin@fabrikam')).toBe(200);
  });

  it('Cancel redirects with error=access_denied and grants nothing', async () => {
    const page = await openConsent('fabrikam.edu', { state: 'abc' });
    const cancelled = await submit(page, { decision: 'cancel' });
    expect(cancelled.status).toBe(303);
    const params = new URL(cancelled.location!).searchParams;
    expect(params.get('error')).toBe('access_denied');
    expect(params.get('error_description')).toMatch(/^AADSTS65004: User declined to consent/);
    expect(params.get('state')).toBe('abc');
    expect(params.get('admin_consent')).toBeNull();
    expect(await oboStatus('admin@fabrikam')).toBe(400);
  });

  it('refuses an unregistered redirect URI on its own page, never redirecting', async () => {
    for (const uri of [
      'https://evil.example/auth-end.html',
      `${urls.app}/somewhere-else`,
      `${urls.app}/auth-end.html?x=1`,
    ]) {
      const page = await openConsent(fabrikam, { redirect_uri: uri, state: 's' });
      expect(page.status).toBe(400);
      expect(page.location).toBeNull();
      expect(page.html).toContain('AADSTS50011');
      expect(page.html).not.toContain('<form');
    }
  });

  it('refuses an unknown client and a missing redirect URI on its own page', async () => {
    const unknown = await openConsent(fabrikam, { client_id: '99999999-0000-4000-8000-000000000000' });
    expect(unknown.status).toBe(400);
    expect(unknown.location).toBeNull();
    expect(unknown.html).toContain('AADSTS700016');

    const response = await fetch(
      `${urls.entra}/${fabrikam}/v2.0/adminconsent?client_id=${demoApp.clientId}`,
      {
        redirect: 'manual',
      },
    );
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(await response.text()).toContain('redirect_uri');
  });

  it('returns a scope problem to the registered redirect URI', async () => {
    const page = await openConsent(fabrikam, { scope: 'https://management.azure.com/.default', state: 'q' });
    expect(page.status).toBe(303);
    const params = new URL(page.location!).searchParams;
    expect(params.get('error')).toBe('invalid_resource');
    expect(params.get('error_description')).toMatch(/^AADSTS500011/);
    expect(params.get('state')).toBe('q');
  });

  it('only accepts answers to a page it showed, with the same parameters', async () => {
    const page = await openConsent(fabrikam, { state: 'original' });
    const tampered = await submit(page, { decision: 'accept', state: 'changed' });
    expect(tampered.status).toBe(400);
    expect(tampered.location).toBeNull();
    expect(tampered.html).toContain('AADSTS90015');
    expect(await oboStatus('admin@fabrikam')).toBe(400);
  });

  it('asks who signs in when the URL names no tenant', async () => {
    const page = await openConsent('organizations', {});
    expect(page.status).toBe(200);
    expect(page.html).toContain('<legend>Sign in as</legend>');
    expect(page.html).toMatch(
      /<label><input type="radio" name="persona" value="admin@contoso" checked> Megan Bowen/,
    );
    expect(page.html).toMatch(
      /<label><input type="radio" name="persona" value="admin@fabrikam"> Isaiah Langer/,
    );
    const accepted = await submit(page, { decision: 'accept', persona: 'admin@fabrikam' });
    expect(new URL(accepted.location!).searchParams.get('tenant')).toBe(fabrikam);
    expect(await oboStatus('admin@fabrikam')).toBe(200);
  });

  it('tells a user who is not an administrator that an admin must approve', async () => {
    const page = await openConsent('contoso.edu', { login_hint: 'teacher@contoso.edu', state: 't' });
    expect(page.status).toBe(200);
    expect(page.html).toContain('<h1>Need admin approval</h1>');
    expect(page.html).not.toContain('value="accept"');
    const back = await submit(page, { decision: 'cancel' });
    const params = new URL(back.location!).searchParams;
    expect(params.get('error')).toBe('access_denied');
    expect(params.get('error_description')).toMatch(/^AADSTS90094/);
    // Forcing "accept" from this page changes nothing.
    const forced = await submit(page, { decision: 'accept' });
    expect(new URL(forced.location!).searchParams.get('error')).toBe('access_denied');
  });
});

describe('admin consent in a browser', () => {
  it('has no axe violations and is answered with the keyboard, redirect allowed by its CSP', async () => {
    const browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: chromiumArgs(ensureLocalCertificates().spkiSha256),
    });
    try {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(message.text());
      });
      // Entra's redirect lands on the tab's real auth-end page (a route would not catch a
      // redirect), whose teams-js asks its CDN for the valid host list: answered here.
      await page.route(VALID_DOMAINS_URL, (route) => route.fulfill({ json: validDomains }));
      const query = new URLSearchParams({
        client_id: demoApp.clientId,
        scope: GRAPH_DEFAULT,
        redirect_uri: redirectUri,
        state: 'kb',
      });
      // evaluate() runs outside the page's CSP, so each page is checked exactly as served.
      const violations = async () => {
        await page.evaluate(axe.source);
        const results = await page.evaluate(() => (window as unknown as { axe: typeof axe }).axe.run());
        return results.violations.map((v) => `${v.id}: ${v.help}`);
      };
      const consentUrl = (tenant: string, params: Record<string, string>) =>
        `${urls.entra}/${tenant}/v2.0/adminconsent?${new URLSearchParams({ ...Object.fromEntries(query), ...params })}`;
      for (const url of [
        consentUrl('organizations', {}),
        consentUrl('contoso.edu', { login_hint: 'teacher@contoso' }),
        consentUrl(fabrikam, { redirect_uri: 'https://evil.example/' }),
      ]) {
        await page.goto(url);
        expect(await violations(), url).toEqual([]);
      }

      // The error page answers 400, which Chromium reports on the console: expected until here.
      problems.length = 0;

      await page.goto(consentUrl(fabrikam, {}));
      expect(await violations()).toEqual([]);

      await expect(
        page.getByRole('heading', { level: 1, name: 'Permissions requested' }).isVisible(),
      ).resolves.toBe(true);
      const accept = page.getByRole('button', { name: 'Accept' });
      await page.getByRole('button', { name: 'Cancel' }).focus();
      await page.keyboard.press('Tab');
      await expect(accept.evaluate((button) => button === document.activeElement)).resolves.toBe(true);
      await page.keyboard.press('Enter');
      await page.waitForURL((url) => url.searchParams.get('admin_consent') === 'True');
      expect(new URL(page.url()).searchParams.get('state')).toBe('kb');
      expect(problems).toEqual([]);
      expect(await oboStatus('admin@fabrikam')).toBe(200);
    } finally {
      await browser.close();
    }
  });
});
