import { demoProfileNames } from './support/demo';
import { test, expect } from './support/fixtures';
import { Dashboard } from './pages/dashboard';

test('the dashboard lists the demo tenant’s profiles with the right badges', async ({ teamsHost }) => {
  await teamsHost.open({ persona: 'admin@contoso', tab: 'personal' });
  const dashboard = new Dashboard(teamsHost.tab);

  await expect(dashboard.heading).toBeVisible();
  await expect(dashboard.cards).toHaveCount(10);
  const expected: [string, string, string][] = [
    [demoProfileNames.northwind, 'Synced', 'Provisioned'],
    [demoProfileNames.fourthCoffee, 'Error', 'Provisioned'],
    [demoProfileNames.tailspin, 'Paused', 'Provisioned'],
    [demoProfileNames.woodgrove, 'In progress', 'Provisioning'],
    [demoProfileNames.adventureWorks, 'Validation error', 'Provisioned'],
    [demoProfileNames.litware, 'Quarantined', 'Provisioned'],
  ];
  for (const [name, syncStatus, profileState] of expected) {
    const card = dashboard.card(name);
    await expect(card.badge('Sync status'), name).toHaveText(`Sync status: ${syncStatus}`);
    await expect(card.badge('Profile state'), name).toHaveText(`Profile state: ${profileState}`);
  }
  // Problems first: the first card needs attention, the healthy one comes last.
  await expect(dashboard.cards.first()).not.toContainText('Sync status: Synced');
  await expect(dashboard.cards.last()).toHaveAccessibleName(demoProfileNames.northwind);
  await teamsHost.waitForAppReady();
});

test('opening the tab asks Teams for one SSO token, sent before the tab context is asked for', async ({
  teamsHost,
}) => {
  await teamsHost.open({ persona: 'admin@contoso', tab: 'personal' });
  await expect(new Dashboard(teamsHost.tab).cards).toHaveCount(10);
  const asked = (await teamsHost.log()).filter((e) => e.direction === 'in' && e.window === 'tab');
  const funcs = asked.map((e) => e.func);
  // One token for the whole load (the first reads share it), asked for as soon as the handshake
  // allowed: its round trip to the host runs beside getContext's instead of after it.
  expect(funcs.filter((f) => f === 'authentication.getAuthToken')).toHaveLength(1);
  expect(funcs.indexOf('authentication.getAuthToken')).toBeLessThan(funcs.indexOf('getContext'));
  expect(funcs.indexOf('initialize')).toBeLessThan(funcs.indexOf('authentication.getAuthToken'));
});

test('the cards stay where they first appeared when the filter bar’s code arrives', async ({
  teamsHost,
  page,
}) => {
  // Where the first card was when it first had a size, recorded in the tab frame itself.
  await page.context().addInitScript(() => {
    if (!location.pathname.startsWith('/tab')) return;
    const record = () => {
      const card = document.querySelector('article');
      const top = card?.getBoundingClientRect();
      if (!top || top.width === 0) return;
      (window as unknown as { firstCardTop: number }).firstCardTop = top.top;
      observer.disconnect();
    };
    const observer = new MutationObserver(record);
    observer.observe(document, { childList: true, subtree: true });
  });
  for (const client of ['web', 'android'] as const) {
    await teamsHost.open({ persona: 'admin@contoso', tab: 'personal', client });
    const tab = teamsHost.tab;
    await expect(tab.getByRole('searchbox', { name: 'Search profiles' })).toBeVisible();
    const firstCard = tab.getByRole('article').first();
    const now = await firstCard.evaluate((card) => ({
      top: card.getBoundingClientRect().top,
      first: (window as unknown as { firstCardTop?: number }).firstCardTop,
    }));
    expect(now.first, `${client}: the first card's first position was recorded`).toBeDefined();
    expect(Math.abs(now.top - now.first!), `${client}: the first card moved`).toBeLessThanOrEqual(1);
  }
});
