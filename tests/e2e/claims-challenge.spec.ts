/**
 * Entra's claims challenge, end to end (issue 11 §4): Conditional Access asks this admin for a
 * stronger sign-in, so on-behalf-of answers `interaction_required` with claims; the backend hands
 * them to the tab (401); the tab asks Teams for a token that satisfies them
 * (`authentication.getAuthToken({ claims })`); the host shows its prompt; the retried calls work.
 */
import type { Page } from '@playwright/test';
import type { HostLogEntry } from '../../emulator/teams-host/protocol';
import type { EmulatorClient } from '../support/emulator-client';
import type { ConsoleErrors } from './support/console-errors';
import type { TeamsHost } from './pages/teams-host';
import { demoProfileNames } from './support/demo';
import { expect, test } from './support/fixtures';
import { Dashboard } from './pages/dashboard';
import { ProfilePage } from './pages/profile-page';

/** The host's prompt for the stronger sign-in. */
const verificationPrompt = (page: Page) => page.getByRole('dialog', { name: 'More verification required' });

/** Conditional Access asks admin@contoso to verify again: the tab's first calls are refused (401). */
async function requireStepUp(emulator: EmulatorClient, consoleErrors: ConsoleErrors) {
  const stepUp = await emulator.requireStepUp('admin@contoso', true);
  consoleErrors.allowHttpStatus(401);
  return stepUp;
}

/** After a cancelled prompt: the dashboard says that a verification is what is missing. */
async function expectVerificationMissing(teamsHost: TeamsHost): Promise<Dashboard> {
  const dashboard = new Dashboard(teamsHost.tab);
  await expect(dashboard.problem).toBeVisible();
  await expect(teamsHost.tab.getByText(/asks you to verify your sign-in again/)).toBeVisible();
  return dashboard;
}

/** Retry asks for the verification again; verified, the profiles show. */
async function retryAndVerify(dashboard: Dashboard, page: Page) {
  await dashboard.retryButton.click();
  await verificationPrompt(page).getByRole('button', { name: 'Verify' }).click();
  await expect(dashboard.cards).toHaveCount(10);
}

const withClaims = (e: HostLogEntry) =>
  e.direction === 'in' &&
  e.func === 'authentication.getAuthToken' &&
  Array.isArray(e.args[1]) &&
  e.args[1].length > 0;

test('a step-up demanded by Conditional Access: one prompt, Verify, and the tab carries on', async ({
  teamsHost,
  emulator,
  page,
  consoleErrors,
}) => {
  const { claims } = await requireStepUp(emulator, consoleErrors);
  await teamsHost.open({ persona: 'admin@contoso', tab: 'personal' });

  const prompt = verificationPrompt(page);
  await expect(prompt).toBeVisible();
  const asked = await teamsHost.waitForLog(withClaims, 'the tab never asked for a token with the claims');
  expect(asked.args[1]).toEqual([claims]);
  await prompt.getByRole('button', { name: 'Verify' }).click();
  await expect(prompt).toBeHidden();

  const dashboard = new Dashboard(teamsHost.tab);
  await expect(dashboard.cards).toHaveCount(10);

  // The profile page's reads (profile, status, sync errors) use the stepped-up token: no new prompt.
  await dashboard.openProfile(demoProfileNames.northwind);
  const profilePage = new ProfilePage(teamsHost.tab);
  await expect(profilePage.heading(demoProfileNames.northwind)).toBeVisible();
  await expect(profilePage.status.root).toBeVisible();
  expect((await teamsHost.log()).filter(withClaims)).toHaveLength(1);
  await expect(prompt).toBeHidden();
});

test('cancelling the prompt leaves the tab saying what is needed, and Retry asks again', async ({
  teamsHost,
  emulator,
  page,
  consoleErrors,
}) => {
  await requireStepUp(emulator, consoleErrors);
  await teamsHost.open({ persona: 'admin@contoso', tab: 'personal' });

  await verificationPrompt(page).getByRole('button', { name: 'Cancel' }).click();
  const dashboard = await expectVerificationMissing(teamsHost);
  await retryAndVerify(dashboard, page);
});

test('cancelled before the dashboard’s code has arrived, the prompt does not come back by itself', async ({
  teamsHost,
  emulator,
  page,
  consoleErrors,
}) => {
  await requireStepUp(emulator, consoleErrors);
  // A slow machine or network: the first reads (and their refusal) come back before the React
  // shell's code does, so the admin answers the prompt before the dashboard mounts.
  let releaseShell!: () => void;
  const shellHeld = new Promise<void>((resolve) => (releaseShell = resolve));
  await page.route('**/assets/shell-*.js', async (route) => {
    await shellHeld;
    await route.continue();
  });
  await teamsHost.open({ persona: 'admin@contoso', tab: 'personal' });

  const prompt = verificationPrompt(page);
  await prompt.getByRole('button', { name: 'Cancel' }).click();
  await expect(prompt).toBeHidden();
  releaseShell();
  const dashboard = await expectVerificationMissing(teamsHost);
  await expect(prompt).toBeHidden();
  expect((await teamsHost.log()).filter(withClaims)).toHaveLength(1);

  await retryAndVerify(dashboard, page);
  expect((await teamsHost.log()).filter(withClaims)).toHaveLength(2);
});
