import { ConsentCard } from './pages/consent-card';
import { Dashboard } from './pages/dashboard';
import { demoProfileNames } from './support/demo';
import { test, expect } from './support/fixtures';

test('a Fabrikam admin grants consent through the popup and then sees the profiles', async ({
  teamsHost,
  page,
  consoleErrors,
}) => {
  // Until consent is granted the backend answers 403 consent_required.
  consoleErrors.allowHttpStatus(403);
  await teamsHost.open({ persona: 'admin@fabrikam', tab: 'personal' });
  const consent = new ConsentCard(teamsHost.tab);
  await expect(consent.root).toBeVisible();

  const popupOpened = page.waitForEvent('popup');
  await consent.grantButton.click();
  const popup = await popupOpened;
  await expect(popup.getByRole('heading', { name: 'Permissions requested' })).toBeVisible();
  await popup.getByRole('button', { name: 'Accept' }).click();
  await popup.waitForEvent('close');

  const dashboard = new Dashboard(teamsHost.tab);
  await expect(dashboard.cards).toHaveCount(2);
  await expect(dashboard.card(demoProfileNames.fabrikamSecondary).root).toBeVisible();
  await expect(dashboard.card(demoProfileNames.fabrikamPrimary).root).toBeVisible();
  await expect(consent.root).toHaveCount(0);
  const result = await teamsHost.waitForLog(
    (e) => e.direction === 'out' && e.func === 'authentication.authenticate',
    'the host never answered authenticate',
  );
  expect(result.args[0]).toBe(true);
});
