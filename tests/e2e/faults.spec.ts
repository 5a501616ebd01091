import { Dashboard } from './pages/dashboard';
import { test, expect } from './support/fixtures';

test('with 30% of Graph calls failing the dashboard still renders, or offers a retry that works', async ({
  teamsHost,
  emulator,
  consoleErrors,
}) => {
  // The backend answers what it could not recover from with 502/503/504 (or 429 when throttled).
  consoleErrors.allowHttpStatus(429, 502, 503, 504);
  await emulator.setFaults({ rate: 0.3, statuses: [503, 429], retryAfterSeconds: 1, seed: 7 });

  await teamsHost.open({ persona: 'admin@contoso', tab: 'personal' });
  const dashboard = new Dashboard(teamsHost.tab);
  await expect(dashboard.profiles.or(dashboard.problem).first()).toBeVisible();

  // Retry the way an admin would, a few times at most: each retry must get closer to the list.
  for (let attempt = 0; attempt < 5 && !(await dashboard.profiles.isVisible()); attempt++) {
    await expect(dashboard.retryButton.first()).toBeEnabled();
    await dashboard.retryButton.first().click();
    await expect(dashboard.profiles.or(dashboard.problem).first()).toBeVisible();
  }
  await expect(dashboard.profiles).toBeVisible();
  await expect(dashboard.cards).toHaveCount(10);
  // The faults really were there: Graph answered some of the dashboard's calls with one.
  const faulted = (await emulator.requests()).filter((r) => r.service === 'graph' && r.fault);
  expect(faulted.length).toBeGreaterThan(0);
  // A status that could not be read says so instead of showing a wrong one.
  const statuses = await dashboard.cards.getByText(/^Sync status: \S/).allTextContents();
  expect(statuses).toHaveLength(10);
});
