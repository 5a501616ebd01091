import { Dashboard } from './pages/dashboard';
import { ProfilePage } from './pages/profile-page';
import { demoProfileNames } from './support/demo';
import { test, expect } from './support/fixtures';
import { tabTo } from './support/keyboard';

test('the keyboard alone can open, edit and save a profile', async ({ teamsHost, page }) => {
  await teamsHost.open({ persona: 'admin@contoso', tab: 'personal' });
  const dashboard = new Dashboard(teamsHost.tab);
  await expect(dashboard.cards).toHaveCount(10);

  // From the host's tab strip into the tab, as Teams users do.
  await teamsHost.tabButton('personal').focus();
  await tabTo(page, dashboard.card(demoProfileNames.northwind).openButton, { maxPresses: 120 });
  await page.keyboard.press('Enter');

  const { editor } = new ProfilePage(teamsHost.tab);
  await expect(editor.region).toBeVisible();
  const students = editor.sectionHeader('Students');
  await tabTo(page, students, { maxPresses: 120 });
  if ((await students.getAttribute('aria-expanded')) !== 'true') await page.keyboard.press('Enter');
  await expect(students).toHaveAttribute('aria-expanded', 'true');

  await tabTo(page, editor.deferSync('Students'));
  await page.keyboard.press('Space');
  await expect(editor.deferSync('Students')).toBeChecked();

  await tabTo(page, editor.reviewButton, { maxPresses: 200 });
  await page.keyboard.press('Enter');
  await expect(editor.reviewDialog).toBeVisible();
  await expect(editor.changesToSave).toHaveCount(1);
  await tabTo(page, editor.saveChangesButton, { maxPresses: 10 });
  await page.keyboard.press('Enter');
  await expect(editor.savedMessage).toBeVisible();
});
