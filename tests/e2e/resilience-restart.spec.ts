/**
 * The backend restarts in the middle of an edit. The admin's unsaved changes stay in the tab (and
 * in localStorage, where the editor keeps drafts until they are saved), the failed save offers
 * Retry, and once the backend is back the same changes save exactly once. A reload while the
 * backend was down loses nothing either: the editor offers to restore the draft.
 *
 * This file starts a stack of its own (RESTART_E2E_PORT_BASE, default 54000) so that it can stop
 * and start the app server; the suite's shared stack is left alone.
 */
import type { Locator, Page } from '@playwright/test';
import { apiRoutes, profileListSchema } from '../../contracts/api';
import { createEmulatorClient, type EmulatorClient } from '../support/emulator-client';
import { RestartableStack } from '../resilience/restartableStack';
import { Dashboard } from './pages/dashboard';
import type { Editor } from './pages/editor';
import { ProfilePage } from './pages/profile-page';
import { TeamsHost } from './pages/teams-host';
import { expect, test as base } from './support/fixtures';

const test = base.extend<{ restartable: RestartableStack; ownEmulator: EmulatorClient }>({
  // eslint-disable-next-line no-empty-pattern
  restartable: async ({}, use) => {
    const stack = await RestartableStack.start();
    try {
      await use(stack);
    } finally {
      await stack.stop();
    }
  },
  ownEmulator: async ({ restartable }, use) => {
    await use(createEmulatorClient({ entraUrl: restartable.urls.entra, graphUrl: restartable.urls.graph }));
  },
});

type Target = { id: string; name: string };

/** The first profile on the admin's dashboard, read through our API as the tab reads it. */
async function firstProfile(restartable: RestartableStack, emulator: EmulatorClient): Promise<Target> {
  const token = await emulator.ssoToken('admin@contoso');
  const response = await fetch(`${restartable.urls.app}${apiRoutes.profiles}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(response.status).toBe(200);
  const first = profileListSchema.parse(await response.json()).profiles[0]!;
  return { id: first.id, name: first.displayName };
}

async function storedName(restartable: RestartableStack, id: string): Promise<string> {
  const response = await fetch(`${restartable.urls.graph}/_emulator/graph/profiles/${id}`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { content: { displayName: string } }).content.displayName;
}

/** Successful Graph updates of profiles since `seq` (the documented PUT on the collection). */
async function savesSince(emulator: EmulatorClient, seq: number): Promise<number> {
  return (await emulator.requests(seq)).filter(
    (e) => e.service === 'graph' && e.method === 'PUT' && e.status < 300 && !e.fault,
  ).length;
}

async function openEditor(page: Page, restartable: RestartableStack, target: Target): Promise<Editor> {
  await page.goto(`${restartable.urls.teamsHost}/?persona=admin@contoso&tab=personal`);
  const tab = new TeamsHost(page).tab;
  await new Dashboard(tab).openProfile(target.name);
  const { editor } = new ProfilePage(tab);
  await expect(editor.region).toBeVisible();
  return editor;
}

const nameField = (editor: Editor): Locator => editor.region.getByRole('textbox', { name: /^Profile name/ });

async function draftsInStorage(editor: Editor): Promise<string[]> {
  return editor.region.evaluate(() =>
    Object.keys(window.localStorage).filter((key) => key.startsWith('sds-profiles.draft')),
  );
}

test.describe('backend restart during an edit', () => {
  test.beforeEach(({ consoleErrors }) => {
    // While the backend is down the browser reports each refused request (a save, a status poll).
    consoleErrors.allow(
      /net::ERR_CONNECTION_REFUSED|Failed to fetch|ERR_CONNECTION_RESET|ERR_EMPTY_RESPONSE/,
    );
  });

  test('unsaved changes survive the restart and save once when the backend is back', async ({
    page,
    restartable,
    ownEmulator,
  }) => {
    const target = await firstProfile(restartable, ownEmulator);
    const edited = `${target.name} (renamed during a restart)`;
    const editor = await openEditor(page, restartable, target);
    await nameField(editor).fill(edited);
    await expect(editor.footer.getByText('Draft kept on this device.')).toBeVisible();

    await restartable.stopServer();
    await editor.reviewButton.click();
    await editor.saveChangesButton.click();
    await expect(editor.region.getByText("Couldn't save your changes")).toBeVisible();
    // Nothing is lost: the field still holds the edit and the draft is still stored.
    await expect(nameField(editor)).toHaveValue(edited);
    expect(await draftsInStorage(editor)).toHaveLength(1);
    expect(await storedName(restartable, target.id)).toBe(target.name);

    await restartable.startServer();
    const seq = await ownEmulator.lastSeq();
    await editor.region.getByRole('button', { name: 'Retry' }).click();
    await editor.saveChangesButton.click();
    await expect(editor.savedMessage).toBeVisible();

    expect(await storedName(restartable, target.id)).toBe(edited);
    expect(await savesSince(ownEmulator, seq)).toBe(1);
    expect(await draftsInStorage(editor)).toEqual([]);
  });

  test('a reload while the backend is down keeps the draft to restore', async ({
    page,
    restartable,
    ownEmulator,
  }) => {
    const target = await firstProfile(restartable, ownEmulator);
    const edited = `${target.name} (kept across a reload)`;
    let editor = await openEditor(page, restartable, target);
    await nameField(editor).fill(edited);
    await expect(editor.footer.getByText('Draft kept on this device.')).toBeVisible();

    await restartable.stopServer();
    // The admin reloads while the backend is down: the tab itself cannot even load now.
    await page.reload();
    await restartable.startServer();
    const seq = await ownEmulator.lastSeq();
    // A fresh tab: the draft in localStorage is all that remains of the edit.
    editor = await openEditor(page, restartable, target);
    await expect(editor.region.getByText('Unsaved changes found')).toBeVisible();
    // By keyboard, as the README asks where a user would: a pointer click here lands on a Fluent
    // portal layer (an open tooltip's) that Playwright reports as covering the button.
    await editor.region.getByRole('button', { name: 'Restore changes' }).press('Enter');
    await expect(nameField(editor)).toHaveValue(edited);
    await editor.reviewAndSave(1);

    expect(await storedName(restartable, target.id)).toBe(edited);
    expect(await savesSince(ownEmulator, seq)).toBe(1);
  });
});
