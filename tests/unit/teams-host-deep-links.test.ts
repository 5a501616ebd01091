import { describe, expect, it } from 'vitest';
import { profileDeepLink } from '../../contracts/deepLink';
import { findPersona } from '../../emulator/directory';
import {
  createHostState,
  deepLinkTarget,
  EMULATED_TEAMS_APP_ID,
  handleAppRequest,
  legacyContext,
  readHostDeepLink,
  type HostState,
} from '../../emulator/teams-host/protocol';

const profileId = '92797b7c-02c3-4326-8acc-e81c78753831';
const hostOrigin = 'https://localhost:53102';

function state(): HostState {
  return createHostState({
    persona: findPersona('admin@contoso')!,
    clientType: 'web',
    theme: 'default',
    tab: 'personal',
    tabOrigin: 'https://localhost:53000',
  });
}

function target(s: HostState, link: string) {
  const parsed = readHostDeepLink(link, hostOrigin);
  if (!parsed.ok) throw new Error(parsed.reason);
  return deepLinkTarget(s, parsed.link);
}

describe('the Teams host follows deep links', () => {
  it('opens the personal app with the link’s sub-entity, which getContext then reports', () => {
    const s = state();
    const link = profileDeepLink(
      { kind: 'personal', appId: EMULATED_TEAMS_APP_ID, entityId: 'dashboard' },
      profileId,
    );
    expect(target(s, link)).toEqual({ ok: true, tab: 'personal', subEntityId: `profile:${profileId}` });
    s.subEntityId = `profile:${profileId}`;
    expect(legacyContext(s, 'content')).toMatchObject({
      entityId: 'dashboard',
      subEntityId: `profile:${profileId}`,
    });
    expect(legacyContext(state(), 'content')).not.toHaveProperty('subEntityId');
  });

  it('opens a channel tab only in the user’s channel and only if a tab with that entityId exists', () => {
    const s = state();
    const channel = {
      kind: 'channel' as const,
      appId: EMULATED_TEAMS_APP_ID,
      entityId: 'all',
      channelId: s.team.channelId,
    };
    const link = profileDeepLink(channel, profileId);
    expect(target(s, link)).toMatchObject({ ok: false, reason: expect.stringMatching(/no tab is set up/) });
    s.savedConfig = { contentUrl: 'https://localhost:53000/tab', entityId: 'all' };
    expect(target(s, link)).toEqual({ ok: true, tab: 'channel', subEntityId: `profile:${profileId}` });
    expect(
      target(s, profileDeepLink({ ...channel, channelId: '19:other@thread.tacv2' }, profileId)),
    ).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/not a member/),
    });
  });

  it('refuses links to other apps and to personal tabs the app does not have', () => {
    const s = state();
    const other = profileDeepLink(
      { kind: 'personal', appId: 'another-app', entityId: 'dashboard' },
      profileId,
    );
    expect(target(s, other)).toMatchObject({ ok: false, reason: expect.stringMatching(/not installed/) });
    const noTab = profileDeepLink(
      { kind: 'personal', appId: EMULATED_TEAMS_APP_ID, entityId: 'settings' },
      profileId,
    );
    expect(target(s, noTab)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/no tab with entityId "settings"/),
    });
  });

  it('reads links on its own origin (the /l/entity/… path) as well as on teams.microsoft.com', () => {
    expect(readHostDeepLink(`${hostOrigin}/l/entity/${EMULATED_TEAMS_APP_ID}/dashboard`, hostOrigin).ok).toBe(
      true,
    );
    expect(
      readHostDeepLink(`https://localhost:9/l/entity/${EMULATED_TEAMS_APP_ID}/dashboard`, hostOrigin).ok,
    ).toBe(false);
  });
});

describe('pages.navigateToApp and clipboard.write', () => {
  const request = (func: string, ...args: unknown[]) => ({ id: 7, func, args });

  it('navigateToApp becomes a link to follow; without appId and pageId it is refused', () => {
    const outcome = handleAppRequest(
      state(),
      'content',
      request('pages.navigateToApp', {
        appId: EMULATED_TEAMS_APP_ID,
        pageId: 'dashboard',
        subPageId: 'profile:x',
      }),
    );
    expect(outcome.effect).toMatchObject({
      type: 'navigateToApp',
      link: { entityId: 'dashboard', subEntityId: 'profile:x' },
    });
    expect(
      handleAppRequest(state(), 'content', request('pages.navigateToApp', { pageId: 'x' })).reply,
    ).toEqual([false, expect.stringMatching(/appId and pageId/)]);
  });

  it('clipboard.write takes base64 UTF-8 text/plain, and says what is wrong otherwise', () => {
    const text = 'https://teams.microsoft.com/l/entity/a/b?label=Lycée';
    const content = btoa(String.fromCharCode(...new TextEncoder().encode(text)));
    expect(
      handleAppRequest(
        state(),
        'content',
        request('clipboard.writeToClipboard', { mimeType: 'text/plain', content }),
      ).effect,
    ).toEqual({ type: 'writeClipboard', text });
    for (const bad of [
      { mimeType: 'image/png', content },
      { mimeType: 'text/plain', content: '%%%' },
      { mimeType: 'text/plain', content: btoa('\xff\xfe') },
      { mimeType: 'text/plain', content: 'A'.repeat(100_000) },
      null,
    ]) {
      const outcome = handleAppRequest(state(), 'content', request('clipboard.writeToClipboard', bad));
      expect(outcome.reply?.[0], JSON.stringify(bad)?.slice(0, 60)).toMatchObject({ errorCode: 4000 });
    }
  });
});
