/**
 * Consent phishing, in the browser where it would happen: the Teams host opens authentication
 * windows only on the app's validDomains (read from appPackage/manifest.json), and auth-start.html,
 * which is on them, follows only our own admin-consent link.
 */
import { tenants } from '../../emulator/directory';
import { e2eUrls } from './support/ports';
import { rawRequest } from './support/raw-request';
import { test, expect } from './support/fixtures';

const urls = e2eUrls();

test('the host refuses to open an authentication window outside validDomains', async ({
  teamsHost,
  page,
}) => {
  await teamsHost.open({ persona: 'admin@contoso', tab: 'personal' });
  await teamsHost.waitForLog(
    (e) => e.func === 'initialize' && e.direction === 'out',
    'the tab never initialized',
  );
  let popups = 0;
  page.context().on('page', () => popups++);

  const answer = await rawRequest(
    await teamsHost.tabFrame(),
    'authentication.authenticate',
    [`${urls.entra}/${tenants.contoso.id}/v2.0/adminconsent?client_id=x`, 600, 535],
    91_001,
  );

  expect(answer[0]).toBe(false);
  expect(String(answer[1])).toMatch(/validDomains \(localhost:\d+\) do not include it/);
  expect(popups).toBe(0);
});

test('auth-start.html refuses another app’s consent link and never leaves our origin', async ({
  teamsHost,
  page,
  consoleErrors,
}) => {
  consoleErrors.allowHttpStatus(403);
  await teamsHost.open({ persona: 'admin@fabrikam', tab: 'personal' });
  await teamsHost.waitForLog(
    (e) => e.func === 'initialize' && e.direction === 'out',
    'the tab never initialized',
  );
  const phishing = new URL(`${urls.entra}/${tenants.fabrikam.id}/v2.0/adminconsent`);
  phishing.searchParams.set('client_id', 'bad0bad0-0000-4000-8000-000000000bad');
  phishing.searchParams.set('scope', 'https://graph.microsoft.com/.default');
  phishing.searchParams.set('redirect_uri', `${urls.app}/auth-end.html`);
  const visited: string[] = [];
  page.context().on('request', (request) => {
    if (request.isNavigationRequest()) visited.push(request.url());
  });

  const answer = await rawRequest(
    await teamsHost.tabFrame(),
    'authentication.authenticate',
    [`${urls.app}/auth-start.html?consentUrl=${encodeURIComponent(phishing.href)}`, 600, 535],
    91_002,
  );

  expect(answer[0]).toBe(false);
  expect(String(answer[1])).toMatch(/for another app \(bad0bad0-.*\), not SDS Profiles/);
  expect(visited.length).toBeGreaterThan(0);
  for (const url of visited) expect(new URL(url).origin).toBe(urls.app);
});
