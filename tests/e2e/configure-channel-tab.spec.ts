import { ConfigPage } from './pages/config-page';
import { ProfilePage } from './pages/profile-page';
import { demoProfileNames } from './support/demo';
import { test, expect } from './support/fixtures';

test('the configuration page saves a pinned profile and the channel tab then opens it', async ({
  teamsHost,
}) => {
  await teamsHost.open({ persona: 'admin@contoso', tab: 'configure' });
  const config = new ConfigPage(teamsHost.tab);
  await expect(config.heading).toBeVisible();
  // The demo channel starts with the tab pinned (all profiles): its settings reopen complete.
  await expect(teamsHost.saveButton).toBeEnabled();
  // Teams keeps Save disabled while the page says the choice is incomplete (one profile, none picked).
  await config.oneProfile.check();
  await expect(teamsHost.saveButton).toBeDisabled();

  await config.pinProfile(demoProfileNames.tailspin);
  await expect(teamsHost.saveButton).toBeEnabled();
  await teamsHost.saveButton.click();

  await expect(teamsHost.banner).toContainText(`“${demoProfileNames.tailspin}” is now a tab in Data sync`);
  await expect(teamsHost.tabButton('channel')).toHaveAttribute('aria-selected', 'true');
  const profile = new ProfilePage(teamsHost.tab);
  await expect(profile.heading(demoProfileNames.tailspin)).toBeVisible();
  await expect(profile.status.badge('Sync status')).toHaveText('Sync status: Paused');
  // A pinned tab shows only its profile: no way back to the list.
  await expect(profile.backButton).toHaveCount(0);

  const saved = await teamsHost.waitForLog(
    (e) => e.direction === 'in' && e.func === 'settings.setSettings',
    'the page never called setConfig',
  );
  expect(saved.args[0]).toMatchObject({ entityId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
});
