import { Dashboard } from './pages/dashboard';
import { ProfilePage } from './pages/profile-page';
import { demoProfileNames, skus } from './support/demo';
import { test, expect } from './support/fixtures';

test('an admin edits a profile, reviews, saves, and the change survives provisioning and a reload', async ({
  teamsHost,
  emulator,
}) => {
  await teamsHost.open({ persona: 'admin@contoso', tab: 'personal' });
  const dashboard = new Dashboard(teamsHost.tab);
  await dashboard.openProfile(demoProfileNames.northwind);
  const profile = new ProfilePage(teamsHost.tab);
  const { editor } = profile;
  await expect(profile.heading(demoProfileNames.northwind)).toBeVisible();
  await expect(profile.status.badge('Profile state')).toHaveText('Profile state: Provisioned');

  // Add an optional student property.
  await editor.openSection('Students');
  await expect(editor.syncAllOptional('Students')).not.toBeChecked();
  await editor.addOptionalProperty('Students', 'Grade');
  await expect(editor.selectedOptionalProperties('Students')).toContainText('Grade');

  // Change the students' license from Microsoft 365 A3 to A5.
  await editor.openSection('Licenses');
  const studentSku = editor.sku(1, 1);
  await expect(studentSku).toHaveValue(skus.microsoft365A3Students);
  await studentSku.fill(skus.microsoft365A5Students);

  await expect(editor.unsavedChanges()).toHaveText('2 unsaved changes');
  await editor.reviewAndSave(2);

  // SDS re-provisions the profile; move the emulator's clock past it instead of waiting.
  await expect(profile.status.badge('Profile state')).toHaveText('Profile state: Provisioning');
  await emulator.advanceClock(60);
  await expect(profile.status.badge('Profile state')).toHaveText('Profile state: Provisioned');

  await teamsHost.reloadTab();
  await new Dashboard(teamsHost.tab).openProfile(demoProfileNames.northwind);
  const reloaded = new ProfilePage(teamsHost.tab);
  await reloaded.editor.openSection('Students');
  await expect(reloaded.editor.selectedOptionalProperties('Students')).toContainText('Grade');
  await reloaded.editor.openSection('Licenses');
  await expect(reloaded.editor.sku(1, 1)).toHaveValue(skus.microsoft365A5Students);
  await expect(reloaded.editor.unsavedChanges()).toHaveText('No unsaved changes');
});
