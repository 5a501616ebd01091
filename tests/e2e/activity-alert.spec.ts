/**
 * Issue 14's trial, in the browser: a profile made to fail → the Teams host's Activity rail shows
 * the alert with a count badge → clicking it opens the pinned channel tab on that profile, with its
 * status history chart (and its table alternative). The suite's shared stack runs no monitor, so
 * this test starts its own stack with a 2-second monitor, as `npm start` runs one every 30 s.
 */
import { demoProfileIds } from '../../emulator/graph/demo-data';
import { teamFor } from '../../emulator/teams-host/protocol';
import { tenants } from '../../emulator/directory';
import { startStack, type Stack } from '../../scripts/stack';
import { createEmulatorClient } from '../support/emulator-client';
import { jsonRequest, type JsonRequestInit } from '../support/json-request';
import { freePort } from '../support/localServer';
import { ProfilePage } from './pages/profile-page';
import { TeamsHost } from './pages/teams-host';
import { expect, test } from './support/fixtures';

let stack: Stack;

test.beforeAll(async () => {
  const [app, entra, graph, teamsHost] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  stack = await startStack({
    ports: { app, entra, graph, teamsHost },
    stdio: 'capture',
    readyTimeoutMs: 60_000,
    serverEnv: { MONITOR_INTERVAL_SECONDS: '2', LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '100000' },
  });
});

test.afterAll(async () => {
  await stack?.stop();
});

const api = (path: string, token: string, init: JsonRequestInit = {}) =>
  jsonRequest(`${stack.urls.app}${path}`, token, init);

test('the Activity rail shows the alert, and clicking it opens the profile with its status history', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const emulator = createEmulatorClient({ entraUrl: stack.urls.entra, graphUrl: stack.urls.graph });
  const admin = await emulator.ssoToken('admin@contoso');
  const team = teamFor(tenants.contoso.id);
  // What the configuration page stores (and npm start stores for the demo channel).
  const subscribed = await api('/api/alert-subscription', admin, {
    method: 'PUT',
    json: {
      teamId: team.groupId,
      channelId: team.channelId,
      tabEntityId: 'all',
      profileId: null,
      enabled: true,
    },
  });
  expect(subscribed.status).toBe(200);
  await expect
    .poll(async () => (await api('/api/monitor', admin)).body.state, { timeout: 30_000 })
    .toBe('monitoring');

  const host = new TeamsHost(page);
  await page.goto(`${stack.urls.teamsHost}/?persona=admin@contoso&tab=channel`);
  const rail = page.getByRole('button', { name: /^Activity/ });
  await expect(rail).toHaveAccessibleName('Activity');

  await emulator.finishNextRun(demoProfileIds.contosoHealthyCsv, 'error', 3);

  await expect(rail).toHaveAccessibleName('Activity, 1 new notification', { timeout: 30_000 });
  await expect(page.locator('#activity-badge')).toHaveText('1');
  await rail.click();
  const sent = await emulator.activity();
  const profileName = sent[0]!.topic.value;
  const item = page.getByRole('button', {
    name: new RegExp(`^${profileName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: its last sync failed`),
  });
  await expect(item).toBeVisible();
  await page.screenshot({ path: 'test-results/activity-rail.png' });
  await item.click();

  const profile = new ProfilePage(host.tab);
  await expect(profile.heading(profileName)).toBeVisible();
  await expect(page.locator('#activity-badge')).toBeHidden();
  const history = host.tab.getByRole('region', { name: 'Status history' });
  await expect(history).toBeVisible();
  // The chart: the status band and the lines are SVG drawn by @fluentui/react-charts.
  await expect(history.locator('svg').first()).toBeVisible();
  await history.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/status-history-light.png' });
  await history.getByRole('button', { name: 'Show as table' }).click();
  const table = history.getByRole('table', { name: /Status changes and daily checks/ });
  await expect(table.getByRole('row')).toHaveCount(3);
  await expect(table.getByRole('row').nth(1)).toContainText('Error');
  await expect(table.getByRole('row').nth(1)).toContainText('3');
});
