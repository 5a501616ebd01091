/**
 * No lost updates between admins, tried the way two admins meet it: two browser windows (two
 * contexts) on one profile, the second saving after the first. Each outcome of the conflict dialog
 * must end with the second admin looking at — and saving on top of — what the first one saved.
 */
import type { Browser, BrowserContext } from '@playwright/test';
import { Dashboard } from './pages/dashboard';
import { ProfilePage } from './pages/profile-page';
import { TeamsHost } from './pages/teams-host';
import { demoProfileIds } from '../../emulator/graph/demo-data';
import { demoProfileNames, skus } from './support/demo';
import type { ConsoleErrors } from './support/console-errors';
import { test, expect, VALID_DOMAINS_URL, validDomains } from './support/fixtures';

const profileName = demoProfileNames.northwind;

type Windows = { browser: Browser; consoleErrors: ConsoleErrors; opened: BrowserContext[] };

/**
 * Another admin's window: its own browser context on the same Teams host, its console watched
 * like the first one's. `name` is the profile's name as its dashboard card shows it.
 */
async function anotherWindow(windows: Windows, name: string = profileName): Promise<ProfilePage> {
  const context = await windows.browser.newContext({ locale: 'en-US', timezoneId: 'UTC' });
  windows.opened.push(context);
  await windows.consoleErrors.attach(context);
  await context.route(VALID_DOMAINS_URL, (route) => route.fulfill({ json: validDomains }));
  const host = new TeamsHost(await context.newPage());
  return openProfile(host, name);
}

async function openProfile(host: TeamsHost, name: string = profileName): Promise<ProfilePage> {
  await host.open({ persona: 'admin@contoso', tab: 'personal' });
  await new Dashboard(host.tab).openProfile(name);
  const profile = new ProfilePage(host.tab);
  await expect(profile.heading(name)).toBeVisible();
  await expect(profile.editor.unsavedChanges()).toHaveText('No unsaved changes');
  return profile;
}

/** A fresh window shows the profile under `name` with Grade synced for students and their A5 license. */
async function expectStoredBoth(windows: Windows, name: string): Promise<void> {
  const fresh = await anotherWindow(windows, name);
  await fresh.editor.openSection('Students');
  await expect(fresh.editor.selectedOptionalProperties('Students')).toContainText('Grade');
  await fresh.editor.openSection('Licenses');
  await expect(fresh.editor.sku(1, 1)).toHaveValue(skus.microsoft365A5Students);
}

/** Renames the profile and saves (one change). */
async function renameAndSave(profile: ProfilePage, name: string): Promise<void> {
  await profile.editor.profileName.fill(name);
  await profile.editor.reviewAndSave(1);
  await expect(profile.heading(name)).toBeVisible();
}

/** Switches the students' license to A5 (one change). */
async function switchStudentLicense(profile: ProfilePage): Promise<void> {
  await profile.editor.openSection('Licenses');
  await profile.editor.sku(1, 1).fill(skus.microsoft365A5Students);
}

const extraContexts: BrowserContext[] = [];
test.beforeEach(({ consoleErrors }) => {
  // A refused save (412) is what these tests are about; Chromium reports it as a failed load.
  consoleErrors.allowHttpStatus(412);
  // Three windows and their saves, on two shared cores.
  test.slow();
});
test.afterEach(async () => {
  await Promise.all(extraContexts.splice(0).map((c) => c.close()));
});

test('Discard my changes: the other admin’s version everywhere, and the next edit saves', async ({
  teamsHost,
  browser,
  consoleErrors,
}) => {
  const windows: Windows = { browser, consoleErrors, opened: extraContexts };
  const mine = await openProfile(teamsHost);
  const theirs = await anotherWindow(windows);

  await renameAndSave(theirs, 'Northwind – renamed by the other admin');

  await switchStudentLicense(mine);
  await mine.editor.reviewAndMeetConflict(1);
  await expect(mine.editor.theirChanges).toContainText([/General · name/]);
  await mine.editor.discardMineButton.click();

  // The other admin's version in the header, the status card and the editor.
  await expect(mine.editor.conflictDialog).toBeHidden();
  await expect(mine.heading('Northwind – renamed by the other admin')).toBeVisible();
  // The status card is the other admin's version too: their name, and a state after their save
  // (provisioning, or provisioned once SDS finished).
  await expect(
    mine.status.root.getByRole('heading', { name: 'Northwind – renamed by the other admin' }),
  ).toBeVisible();
  await expect(mine.status.badge('Profile state')).toHaveText(/^Profile state: Provision(ing|ed)$/);
  await expect(mine.editor.profileName).toHaveValue('Northwind – renamed by the other admin');
  await expect(mine.editor.sku(1, 1)).toHaveValue(skus.microsoft365A3Students);
  await expect(mine.editor.unsavedChanges()).toHaveText('No unsaved changes');

  // Editing again saves on top of their version (202), no second conflict.
  await switchStudentLicense(mine);
  await mine.editor.reviewAndSave(1);
  await expect(mine.editor.conflictDialog).toBeHidden();
});

test('Reapply my changes: rebased onto theirs, saved with 202, and the profile holds both', async ({
  teamsHost,
  browser,
  consoleErrors,
}) => {
  const windows: Windows = { browser, consoleErrors, opened: extraContexts };
  const mine = await openProfile(teamsHost);
  const theirs = await anotherWindow(windows);

  // They rename and add an optional student property; I rename too and switch the license.
  await theirs.editor.profileName.fill('Northwind – their name');
  await theirs.editor.openSection('Students');
  await theirs.editor.addOptionalProperty('Students', 'Grade');
  await theirs.editor.reviewAndSave(2);

  await mine.editor.profileName.fill('Northwind – my name');
  await switchStudentLicense(mine);
  await mine.editor.reviewAndMeetConflict(2);
  await expect(mine.editor.conflictDialog).toContainText('You both changed General · name');
  await mine.editor.reapplyMineButton.click();

  await expect(mine.editor.reviewDialog).toBeVisible();
  await expect(mine.editor.changesToSave).toHaveCount(2);
  await mine.editor.saveChangesButton.click();
  await expect(mine.editor.savedMessage).toBeVisible();

  // A fresh window reads what is stored: my name (we both changed it), their property, my license.
  await expectStoredBoth(windows, 'Northwind – my name');
});

test('a third admin saving while the conflict dialog is open updates the dialog, never saved over', async ({
  teamsHost,
  browser,
  consoleErrors,
}) => {
  const windows: Windows = { browser, consoleErrors, opened: extraContexts };
  const mine = await openProfile(teamsHost);
  const second = await anotherWindow(windows);
  const third = await anotherWindow(windows);

  await renameAndSave(second, 'Northwind – second admin');
  await switchStudentLicense(mine);
  await mine.editor.reviewAndMeetConflict(1);
  await expect(mine.editor.theirChanges).toHaveCount(1);

  // The third admin read the profile before the second one saved: they meet the conflict too,
  // take the newest version, and add an optional property.
  await third.editor.openSection('Students');
  await third.editor.addOptionalProperty('Students', 'Grade');
  await third.editor.reviewAndMeetConflict(1);
  await third.editor.reapplyMineButton.click();
  await third.editor.saveChangesButton.click();
  await expect(third.editor.savedMessage).toBeVisible();

  // My dialog, still open, now lists the third admin's change as well.
  await expect(mine.editor.theirChanges).toHaveCount(2);
  await expect(mine.editor.theirChanges).toContainText([
    /General · name/,
    /Student · optional properties: added Grade/,
  ]);
  await mine.editor.reapplyMineButton.click();
  await mine.editor.saveChangesButton.click();
  await expect(mine.editor.savedMessage).toBeVisible();

  await expectStoredBoth(windows, 'Northwind – second admin');
});

test('a read started before a save and answered after it never replaces the saved version', async ({
  teamsHost,
  emulator,
}) => {
  const profile = await openProfile(teamsHost);
  const profileId = demoProfileIds.contosoHealthyCsv;
  const page = teamsHost.page;
  const isProfileRead = (url: string, method: string) =>
    method === 'GET' && new URL(url).pathname === `/api/profiles/${profileId}`;
  const savedName = 'Northwind – saved while a read was slow';

  // Every title the page shows from now on, in order (a stale answer would flash the old one).
  const frame = await teamsHost.tabFrame();
  await frame.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { titlesSeen: string[] }).titlesSeen = seen;
    new MutationObserver(() => {
      const title = document.querySelector('h1')?.textContent ?? '';
      if (seen.at(-1) !== title) seen.push(title);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await profile.editor.profileName.fill(savedName);

  // Graph's answers to reads of this profile take 4 s to come back (holding the profile as it was
  // when the read arrived); the tab starts one (Refresh) just before saving.
  await emulator.setFaults({
    rate: 0,
    latencyMs: 4_000,
    latencyAt: 'response',
    pathPattern: `/synchronizationProfiles/${profileId}(\\?|$)`,
  });
  const slowReadSent = page.waitForRequest((r) => isProfileRead(r.url(), r.method()));
  await profile.refreshButton.click();
  const slowRead = await slowReadSent;
  const slowReadSettled = Promise.race([
    page.waitForEvent('requestfinished', { predicate: (r) => r === slowRead, timeout: 30_000 }),
    page.waitForEvent('requestfailed', { predicate: (r) => r === slowRead, timeout: 30_000 }),
  ]);
  await profile.editor.reviewButton.click();
  await expect(profile.editor.changesToSave).toHaveCount(1);
  // The slow read is at Graph by now; the save's own reads go at full speed.
  await emulator.clearFaults();
  await profile.editor.saveChangesButton.click();
  await expect(profile.editor.savedMessage).toBeVisible();

  // Wait until the slow read is over in the browser, and one more read of the profile after it
  // (the page follows provisioning), so an older answer would have shown by then.
  await slowReadSettled;
  const nextRead = await page.waitForRequest((r) => isProfileRead(r.url(), r.method()) && r !== slowRead);
  await page.waitForEvent('requestfinished', { predicate: (r) => r === nextRead });

  await expect(profile.heading(savedName)).toBeVisible();
  await expect(profile.editor.profileName).toHaveValue(savedName);
  await expect(profile.editor.unsavedChanges()).toHaveText('No unsaved changes');
  const titles = await frame.evaluate(() => (window as unknown as { titlesSeen: string[] }).titlesSeen);
  expect(titles).toContain(savedName);
  expect(titles.slice(titles.indexOf(savedName))).not.toContain(profileName);
});
