import { Dashboard } from './pages/dashboard';
import { ProfilePage } from './pages/profile-page';
import { demoProfileNames } from './support/demo';
import { test, expect } from './support/fixtures';

test('a Global Reader sees the editor read-only', async ({ teamsHost }) => {
  await teamsHost.open({ persona: 'reader@contoso', tab: 'personal' });
  const dashboard = new Dashboard(teamsHost.tab);
  await expect(teamsHost.tab.getByText('Read-only access', { exact: true })).toBeVisible();
  await dashboard.openProfile(demoProfileNames.northwind);

  const { editor } = new ProfilePage(teamsHost.tab);
  await expect(editor.readOnlyNotice).toBeVisible();
  await editor.openSection('Students');
  await expect(editor.deferSync('Students')).toBeDisabled();
  await editor.openSection('Licenses');
  await expect(editor.sku(1, 1)).toBeDisabled();
  // Nothing to save: the save footer is not offered at all.
  await expect(editor.footer).toHaveCount(0);
  await expect(editor.reviewButton).toHaveCount(0);
});

test('a teacher is told why they have no access', async ({ teamsHost, consoleErrors }) => {
  // The tab may ask for profiles before it knows the role; Graph refuses teachers with 403.
  consoleErrors.allowHttpStatus(403);
  await teamsHost.open({ persona: 'teacher@contoso', tab: 'personal' });

  await expect(
    teamsHost.tab.getByRole('heading', { name: "You don't have access to SDS profiles" }),
  ).toBeVisible();
  await expect(teamsHost.tab.getByText(/Signed in as teacher@contoso\.edu/)).toBeVisible();
  await expect(new Dashboard(teamsHost.tab).profiles).toHaveCount(0);
  await teamsHost.waitForAppReady();
});
