import { parseEntityDeepLink, TEAMS_WEB_ORIGIN } from '../../contracts/deepLink';
import { EMULATED_TEAMS_APP_ID } from '../../emulator/teams-host/protocol';
import { ConfigPage } from './pages/config-page';
import { Dashboard } from './pages/dashboard';
import { ProfilePage } from './pages/profile-page';
import { demoProfileNames } from './support/demo';
import { test, expect } from './support/fixtures';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

test.beforeEach(async ({ context, urls }) => {
  // The host writes the tab's clipboard.write to the system clipboard; the test reads it back.
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
    origin: new URL(urls.teamsHost).origin,
  });
});

test('Copy link in the personal app gives a Teams deep link that opens the profile', async ({
  teamsHost,
  page,
}) => {
  await teamsHost.open({ persona: 'admin@contoso', tab: 'personal' });
  await new Dashboard(teamsHost.tab).openProfile(demoProfileNames.tailspin);
  const profile = new ProfilePage(teamsHost.tab);
  await expect(profile.heading(demoProfileNames.tailspin)).toBeVisible();

  await profile.copyLinkButton.click();
  await expect(profile.copyLinkButton).toHaveText('Link copied');
  const link = await page.evaluate(() => navigator.clipboard.readText());
  const parsed = parseEntityDeepLink(link);
  if (!parsed.ok) throw new Error(`The copied text is not a Teams deep link: ${parsed.reason}\n${link}`);
  expect(new URL(link).origin).toBe(TEAMS_WEB_ORIGIN);
  expect(parsed.link).toMatchObject({ appId: EMULATED_TEAMS_APP_ID, entityId: 'dashboard', channelId: null });
  const profileId = parsed.link.subEntityId?.replace(/^profile:/, '');
  expect(profileId).toMatch(GUID);

  // A colleague opens it: Teams (here, the host at the link's own path) starts the personal app
  // with the profile as page.subPageId, and the tab opens on it, with the way back to the list.
  const url = new URL(link);
  await page.goto(`${url.pathname}${url.search}`);
  const opened = new ProfilePage(teamsHost.tab);
  await expect(opened.heading(demoProfileNames.tailspin)).toBeVisible();
  await expect(opened.backButton).toBeVisible();
  await expect(teamsHost.tabButton('personal')).toHaveAttribute('aria-selected', 'true');
  expect(await teamsHost.lastContext()).toMatchObject({
    entityId: 'dashboard',
    subEntityId: `profile:${profileId}`,
  });

  // Opened from the tab strip again, it is the plain dashboard.
  await opened.backButton.click();
  await teamsHost.reloadTab();
  await expect(new Dashboard(teamsHost.tab).heading).toBeVisible();
});

test('a link copied in a channel tab opens that channel tab at the profile', async ({ teamsHost }) => {
  await teamsHost.open({ persona: 'admin@contoso', tab: 'configure' });
  const config = new ConfigPage(teamsHost.tab);
  await config.allProfiles.check();
  await teamsHost.saveButton.click();
  await expect(teamsHost.tabButton('channel')).toHaveAttribute('aria-selected', 'true');

  await new Dashboard(teamsHost.tab).openProfile(demoProfileNames.litware);
  const profile = new ProfilePage(teamsHost.tab);
  await profile.copyLinkButton.click();
  await expect(profile.copyLinkButton).toHaveText('Link copied');
  const link = await teamsHost.page.evaluate(() => navigator.clipboard.readText());
  const parsed = parseEntityDeepLink(link);
  expect(parsed.ok && parsed.link).toMatchObject({
    entityId: 'all',
    channelId: expect.stringMatching(/@thread\.tacv2$/),
    subEntityId: expect.stringMatching(/^profile:/),
  });

  // From elsewhere in Teams (the personal app), the pasted link switches to the channel tab.
  await teamsHost.selectTab('personal');
  await expect(new Dashboard(teamsHost.tab).heading).toBeVisible();
  await teamsHost.openLink(link);
  await expect(teamsHost.tabButton('channel')).toHaveAttribute('aria-selected', 'true');
  await expect(new ProfilePage(teamsHost.tab).heading(demoProfileNames.litware)).toBeVisible();

  // A link to another app, or to a channel tab that does not exist, says why it cannot open.
  await teamsHost.openLink(link.replace(EMULATED_TEAMS_APP_ID, '00000000-0000-4000-8000-000000000000'));
  await expect(teamsHost.banner).toContainText('not installed here');
  await teamsHost.openLink(link.replace('/all?', '/nope?'));
  await expect(teamsHost.banner).toContainText('no SDS Profiles tab with entityId "nope"');
});
