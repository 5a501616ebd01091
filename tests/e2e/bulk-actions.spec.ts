import { Dashboard } from './pages/dashboard';
import { StatusCard } from './pages/status-card';
import { demoProfileNames } from './support/demo';
import { test, expect } from './support/fixtures';

test('bulk pause of three profiles, one refused: the dialog lists them, then shows both outcomes', async ({
  teamsHost,
}) => {
  await teamsHost.open({ persona: 'admin@contoso', tab: 'personal' });
  const tab = teamsHost.tab;
  const dashboard = new Dashboard(tab);
  await expect(dashboard.cards.first()).toBeVisible();
  await tab.getByRole('button', { name: 'Select profiles' }).click();

  const toolbar = tab.getByRole('toolbar', { name: 'Bulk actions' });
  await expect(toolbar.getByRole('status')).toHaveText(
    'Select the profiles to pause, resume or start together.',
  );
  await expect(toolbar.getByRole('button', { name: 'Pause', exact: true })).toBeDisabled();

  const selectable = tab.getByRole('list', { name: 'Profiles to select' });
  // Keyboard: the first checkbox by Tab from "Select all shown", then Space.
  await toolbar.getByRole('checkbox', { name: 'Select all shown' }).focus();
  const northwind = selectable.getByRole('checkbox', { name: `Select ${demoProfileNames.northwind}` });
  await northwind.focus();
  await teamsHost.page.keyboard.press('Space');
  await expect(northwind).toBeChecked();
  await selectable.getByRole('checkbox', { name: `Select ${demoProfileNames.contosoUnified}` }).check();
  await selectable.getByRole('checkbox', { name: `Select ${demoProfileNames.woodgrove}` }).check();
  await expect(toolbar.getByRole('status')).toHaveText('3 profiles selected');
  await expect(toolbar.getByRole('checkbox', { name: 'Select all shown' })).toBeChecked({
    indeterminate: true,
  });

  await toolbar.getByRole('button', { name: 'Pause', exact: true }).click();
  const dialog = tab.getByRole('dialog', { name: 'Pause the sync of 3 profiles?' });
  await expect(dialog).toBeVisible();
  for (const name of [
    demoProfileNames.northwind,
    demoProfileNames.contosoUnified,
    demoProfileNames.woodgrove,
  ]) {
    await expect(dialog.getByRole('listitem').filter({ hasText: name })).toBeVisible();
  }
  await dialog.getByRole('button', { name: 'Pause 3 profiles' }).click();

  const result = tab.getByRole('dialog', { name: 'Pause: what happened' });
  await expect(result.getByRole('status')).toHaveText('2 done, 1 refused.');
  const outcomes = result.getByRole('list', { name: 'Pause: what happened' }).getByRole('listitem');
  await expect(outcomes.filter({ hasText: demoProfileNames.northwind })).toContainText('Paused');
  await expect(outcomes.filter({ hasText: demoProfileNames.contosoUnified })).toContainText('Paused');
  const refused = outcomes.filter({ hasText: demoProfileNames.woodgrove });
  await expect(refused).toContainText('Refused');
  await expect(refused).toContainText(/provisioning/);
  await result.getByRole('button', { name: 'Close' }).click();

  // The cards show the new statuses (the list is read again after the action).
  const card = new StatusCard(
    selectable.getByRole('article', { name: demoProfileNames.northwind, exact: true }),
  );
  await expect(card.badge('Sync status')).toHaveText('Sync status: Paused');
  await toolbar.getByRole('button', { name: 'Done selecting' }).click();
  await expect(dashboard.card(demoProfileNames.northwind).badge('Sync status')).toHaveText(
    'Sync status: Paused',
  );
});

test('a reader sees no selection', async ({ teamsHost }) => {
  await teamsHost.open({ persona: 'reader@contoso', tab: 'personal' });
  const dashboard = new Dashboard(teamsHost.tab);
  await expect(dashboard.cards.first()).toBeVisible();
  await expect(teamsHost.tab.getByRole('button', { name: 'Refresh' })).toBeVisible();
  await expect(teamsHost.tab.getByRole('button', { name: 'Select profiles' })).toHaveCount(0);
  await expect(teamsHost.tab.getByRole('checkbox')).toHaveCount(0);
});
