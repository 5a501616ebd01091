/**
 * The Teams host emulator at protocol level: raw teams-js messages posted from inside the real tab
 * frame (so they come from the tab's window and origin, like teams-js' own) and the answers the
 * host sends back.
 */
import { decodeJwt } from 'jose';
import { teamsClientIds, tenants } from '../../emulator/directory';
import { test, expect } from './support/fixtures';
import { rawRequest } from './support/raw-request';

test('an unknown request is answered with SdkError 100 and logged', async ({ teamsHost }) => {
  await teamsHost.open({ tab: 'personal' });
  const frame = await teamsHost.tabFrame();
  await teamsHost.waitForLog(
    (e) => e.func === 'initialize' && e.direction === 'out',
    'the tab never initialized',
  );

  const answer = await rawRequest(frame, 'sds.noSuchThing', [1, 2], 90_001);

  expect(answer).toEqual([{ errorCode: 100, message: 'not supported: sds.noSuchThing' }]);
  const logged = await teamsHost.waitForLog(
    (e) => e.func === 'sds.noSuchThing' && e.direction === 'in',
    'not logged',
  );
  expect(logged.unsupported).toBe(true);
});

test('getContext answers the legacy context of the personal tab and of the configuration page', async ({
  teamsHost,
}) => {
  await teamsHost.open({ persona: 'reader@contoso', client: 'desktop', theme: 'dark', tab: 'personal' });
  await teamsHost.waitForLog(
    (e) => e.func === 'initialize' && e.direction === 'out',
    'the tab never initialized',
  );
  const [personal] = (await rawRequest(await teamsHost.tabFrame(), 'getContext', [], 90_002)) as [
    Record<string, unknown>,
  ];
  expect(personal).toMatchObject({
    theme: 'dark',
    locale: 'en-us',
    tid: tenants.contoso.id,
    loginHint: 'reader@contoso.edu',
    userPrincipalName: 'reader@contoso.edu',
    userObjectId: 'a0000000-0000-4000-8000-00000000c002',
    entityId: 'dashboard',
    hostClientType: 'desktop',
    frameContext: 'content',
    hostName: 'Teams',
  });
  expect(personal.appSessionId).toEqual(expect.stringMatching(/^[0-9a-f-]{36}$/));
  expect(personal).not.toHaveProperty('channelId');

  await teamsHost.selectTab('configure');
  await teamsHost.waitForLog(
    (e) => e.func === 'initialize' && e.direction === 'out' && e.frameContext === 'settings',
    'the configuration page never initialized',
  );
  const [settings] = (await rawRequest(await teamsHost.tabFrame(), 'getContext', [], 90_003)) as [
    Record<string, unknown>,
  ];
  expect(settings).toMatchObject({
    frameContext: 'settings',
    teamName: 'Contoso District IT',
    channelName: 'Data sync',
    channelType: 'Regular',
    hostTeamTenantId: tenants.contoso.id,
  });
  expect(settings.channelId).toEqual(expect.stringMatching(/^19:.+@thread\.tacv2$/));
  expect(settings.teamId).toEqual(expect.stringMatching(/^19:.+@thread\.tacv2$/));
  expect(settings.groupId).toEqual(expect.stringMatching(/^[0-9a-f-]{36}$/));
});

test('getAuthToken hands out an SSO token issued to the Teams client in use', async ({ teamsHost }) => {
  await teamsHost.open({ persona: 'reader@contoso', client: 'web' });
  await teamsHost.waitForLog(
    (e) => e.func === 'initialize' && e.direction === 'out',
    'the tab never initialized',
  );
  const [ok, token] = await rawRequest(await teamsHost.tabFrame(), 'authentication.getAuthToken', [], 90_004);
  expect(ok).toBe(true);
  const claims = decodeJwt(token as string);
  expect(claims).toMatchObject({
    azp: teamsClientIds.teamsWeb,
    tid: tenants.contoso.id,
    preferred_username: 'reader@contoso.edu',
    scp: 'access_as_user',
  });

  await teamsHost.client.selectOption('android');
  await teamsHost.waitForLog(
    (e) => e.func === 'initialize' && e.direction === 'out' && e.args[1] === 'android',
    'the tab never re-initialized as android',
  );
  const [, mobileToken] = await rawRequest(
    await teamsHost.tabFrame(),
    'authentication.getAuthToken',
    [],
    90_005,
  );
  expect(decodeJwt(mobileToken as string).azp).toBe(teamsClientIds.teamsDesktopAndMobile);
  // The protocol log never keeps a usable token.
  expect(JSON.stringify(await teamsHost.log())).not.toContain(mobileToken as string);
});

test('closing the sign-in popup answers authenticate with CancelledByUser', async ({
  teamsHost,
  urls,
  page,
}) => {
  await teamsHost.open({ tab: 'personal' });
  await teamsHost.waitForLog(
    (e) => e.func === 'initialize' && e.direction === 'out',
    'the tab never initialized',
  );
  const frame = await teamsHost.tabFrame();

  const popupOpened = page.waitForEvent('popup');
  const answer = rawRequest(
    frame,
    'authentication.authenticate',
    [`${urls.app}/privacy`, 600, 535, false],
    90_006,
  );
  const popup = await popupOpened;
  await popup.waitForLoadState('domcontentloaded');
  await popup.close();

  expect(await answer).toEqual([false, 'CancelledByUser']);
});

test('a blocked popup answers authenticate with FailedToOpenWindow', async ({ teamsHost, urls, page }) => {
  await teamsHost.open({ tab: 'personal' });
  await teamsHost.waitForLog(
    (e) => e.func === 'initialize' && e.direction === 'out',
    'the tab never initialized',
  );
  // What a popup blocker does: window.open returns null.
  await page.evaluate(() => {
    window.open = () => null;
  });

  const answer = await rawRequest(
    await teamsHost.tabFrame(),
    'authentication.authenticate',
    [`${urls.app}/privacy`, 600, 535, false],
    90_008,
  );

  expect(answer).toEqual([false, 'FailedToOpenWindow']);
});

test('messages from windows other than the tab frame or its popup are dropped', async ({
  teamsHost,
  page,
}) => {
  await teamsHost.open({ tab: 'personal' });
  await teamsHost.waitForLog(
    (e) => e.func === 'initialize' && e.direction === 'out',
    'the tab never initialized',
  );

  await page.evaluate(() => window.postMessage({ id: 90_007, func: 'getContext', args: [] }, '*'));

  const dropped = await teamsHost.waitForLog((e) => e.id === 90_007, 'the stray message was not logged');
  expect(dropped.direction).toBe('dropped');
  expect((await teamsHost.log()).filter((e) => e.id === 90_007 && e.direction === 'out')).toEqual([]);
});

test('getAuthToken with claims shows the host’s verification prompt; Verify hands back a token that satisfies them', async ({
  teamsHost,
  emulator,
  urls,
  page,
  consoleErrors,
}) => {
  await teamsHost.open({ persona: 'admin@contoso', tab: 'personal' });
  await teamsHost.waitForLog(
    (e) => e.func === 'initialize' && e.direction === 'out',
    'the tab never initialized',
  );
  // From here on Entra asks this admin to step up; the tab's own calls may meet the 401 too.
  consoleErrors.allowHttpStatus(401);
  const { claims } = await emulator.requireStepUp('admin@contoso', true);
  const stale = await emulator.ssoToken('admin@contoso');
  const refused = await fetch(`${urls.app}/api/profiles`, { headers: { authorization: `Bearer ${stale}` } });
  const problem = (await refused.json()) as { code: string; claims: string };
  expect(refused.status).toBe(401);
  expect(problem).toMatchObject({ code: 'interaction_required', claims });

  // What teams-js sends for getAuthToken({ claims: [claims] }): [resources, claims, silent, tenantId].
  const frame = await teamsHost.tabFrame();
  const pending = rawRequest(
    frame,
    'authentication.getAuthToken',
    [null, [problem.claims], false, null],
    90_020,
  );
  const prompt = page.getByRole('dialog', { name: 'More verification required' });
  await expect(prompt).toBeVisible();
  await expect(prompt).toContainText('"acrs"');
  await prompt.getByRole('button', { name: 'Verify' }).click();
  const [ok, token] = await pending;
  expect(ok).toBe(true);
  expect(decodeJwt(token as string)).toMatchObject({ acrs: ['c1'], amr: ['pwd', 'mfa'] });
  await expect(prompt).toBeHidden();
  const served = await fetch(`${urls.app}/api/profiles`, {
    headers: { authorization: `Bearer ${String(token)}` },
  });
  await served.arrayBuffer();
  expect(served.status).toBe(200);

  // Cancelling the prompt fails the request the way Teams does.
  const cancelled = rawRequest(
    frame,
    'authentication.getAuthToken',
    [null, [problem.claims], false, null],
    90_021,
  );
  await prompt.getByRole('button', { name: 'Cancel' }).click();
  expect(await cancelled).toEqual([false, expect.stringMatching(/^CancelledByUser/)]);
});
