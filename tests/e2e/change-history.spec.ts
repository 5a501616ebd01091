import { Dashboard } from './pages/dashboard';
import { ProfilePage } from './pages/profile-page';
import { demoProfileNames } from './support/demo';
import { test, expect } from './support/fixtures';

test('two saves show in History with who and what; restoring the first goes through review and is recorded too', async ({
  teamsHost,
  emulator,
}) => {
  await teamsHost.open({ persona: 'admin@contoso', tab: 'personal' });
  await new Dashboard(teamsHost.tab).openProfile(demoProfileNames.northwind);
  const profile = new ProfilePage(teamsHost.tab);
  const { editor } = profile;
  const history = teamsHost.tab.getByRole('region', { name: 'History' });
  const entries = history.getByRole('button', { name: /Megan Bowen changed/ });

  // The stack's history outlives the emulator's reset between tests: count from what is there.
  await expect(history.getByText(/No changes made through SDS Profiles|Megan Bowen/).first()).toBeVisible();
  const before = await entries.count();

  for (const name of ['Northwind first', 'Northwind second']) {
    await editor.profileName.fill(name);
    await editor.reviewAndSave(1);
    // SDS re-provisions after each save; move the emulator's clock past it.
    await emulator.advanceClock(60);
  }

  await expect(entries).toHaveCount(before + 2);
  await expect(entries.first()).toContainText('Megan Bowen changed General · name — just now');

  // The older entry: its change list, then put its version back.
  await entries.nth(1).click();
  const older = history.getByRole('list', { name: 'What changed' });
  await expect(older).toContainText(`“${demoProfileNames.northwind}” → “Northwind first”`);
  await history.getByRole('button', { name: 'Restore this version' }).click();

  await expect(editor.reviewDialog).toBeVisible();
  await expect(editor.changesToSave).toHaveCount(1);
  await expect(editor.changesToSave.first()).toContainText('“Northwind second” → “Northwind first”');
  await editor.saveChangesButton.click();
  await expect(editor.savedMessage).toBeVisible();

  await expect(entries).toHaveCount(before + 3);
  await expect(profile.heading('Northwind first')).toBeVisible();
  await entries.first().click();
  await expect(history.getByRole('list', { name: 'What changed' }).first()).toContainText(
    '“Northwind second” → “Northwind first”',
  );
});

test('Recent changes on the dashboard lists the tenant’s changes and filters by profile', async ({
  teamsHost,
}) => {
  await teamsHost.open({ persona: 'admin@contoso', tab: 'personal' });
  const dashboard = new Dashboard(teamsHost.tab);
  await dashboard.openProfile(demoProfileNames.northwind);
  const { editor } = new ProfilePage(teamsHost.tab);
  await editor.profileName.fill('Northwind recent');
  await editor.reviewAndSave(1);
  await teamsHost.tab.getByRole('button', { name: 'All profiles' }).click();

  const recent = teamsHost.tab.getByRole('region', { name: 'Recent changes' });
  await expect(
    recent.getByRole('button', { name: /Megan Bowen changed General · name in “/ }).first(),
  ).toBeVisible();
  await recent.getByRole('combobox', { name: 'Profile' }).click();
  await teamsHost.tab.getByRole('option', { name: 'Northwind recent' }).click();
  await expect(recent.getByRole('button', { name: /in “(?!Northwind)/ })).toHaveCount(0);
  await expect(recent.getByRole('button', { name: /Megan Bowen changed/ }).first()).toBeVisible();
});
