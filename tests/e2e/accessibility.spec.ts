import { ConfigPage } from './pages/config-page';
import { Dashboard } from './pages/dashboard';
import { ProfilePage } from './pages/profile-page';
import { seriousAxeViolations } from './support/axe';
import { demoProfileNames } from './support/demo';
import { test, expect } from './support/fixtures';

test('the dashboard has no serious or critical axe violations', async ({ teamsHost }) => {
  await teamsHost.open({ persona: 'admin@contoso', tab: 'personal' });
  await expect(new Dashboard(teamsHost.tab).cards).toHaveCount(10);
  expect(await seriousAxeViolations(await teamsHost.tabFrame())).toEqual([]);
});

test('the editor has no serious or critical axe violations', async ({ teamsHost }) => {
  await teamsHost.open({ persona: 'admin@contoso', tab: 'personal' });
  await new Dashboard(teamsHost.tab).openProfile(demoProfileNames.northwind);
  const { editor } = new ProfilePage(teamsHost.tab);
  await editor.openSection('Students');
  await editor.openSection('Licenses');
  await expect(editor.sku(1, 1)).toBeVisible();
  expect(await seriousAxeViolations(await teamsHost.tabFrame())).toEqual([]);
});

test('the configuration page has no serious or critical axe violations', async ({ teamsHost }) => {
  await teamsHost.open({ persona: 'admin@contoso', tab: 'configure' });
  const config = new ConfigPage(teamsHost.tab);
  await config.oneProfile.check();
  await expect(config.profilePicker).toBeVisible();
  expect(await seriousAxeViolations(await teamsHost.tabFrame())).toEqual([]);
});
