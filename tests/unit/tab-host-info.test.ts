import { describe, expect, it } from 'vitest';
import { instanceSettingsFor, choiceFromEntityId, isCompleteChoice } from '../../src/config/tabInstance';
import { hostInfoFromContext, pageKindFor, tabRouteFor } from '../../src/teams/hostInfo';
import { normalizeThemeName, themeFromSearch } from '../../src/teams/themeName';

describe('themes', () => {
  it('maps Teams theme names, unknown ones to light', () => {
    expect(normalizeThemeName('dark')).toBe('dark');
    expect(normalizeThemeName('contrast')).toBe('contrast');
    expect(normalizeThemeName('default')).toBe('default');
    expect(normalizeThemeName('glass')).toBe('default');
    expect(normalizeThemeName(undefined)).toBe('default');
  });

  it('reads ?theme= unless Teams left the placeholder unfilled', () => {
    expect(themeFromSearch('?theme=dark')).toBe('dark');
    expect(themeFromSearch('?theme={theme}')).toBeNull();
    expect(themeFromSearch('?theme=%7Bapp.theme%7D')).toBeNull();
    expect(themeFromSearch('')).toBeNull();
  });
});

describe('hostInfoFromContext', () => {
  it('reads theme, locale, client, page and channel from the teams-js context', () => {
    const host = hostInfoFromContext({
      app: {
        theme: 'dark',
        locale: 'en-gb',
        sessionId: 'a3f1c2d4-0000-4000-8000-000000000001',
        host: { clientType: 'android' },
      },
      page: { id: 'all', frameContext: 'content' },
      channel: { id: '19:abc@thread.tacv2', displayName: 'IT staff' },
      team: { displayName: 'District IT', groupId: 'c0a70de5-7ea0-4000-8000-0000000000e1' },
      user: { tenant: { id: 'tid' }, userPrincipalName: 'admin@contoso.edu' },
    });
    expect(host).toEqual({
      theme: 'dark',
      locale: 'en-GB',
      clientType: 'android',
      density: 'touch',
      frameContext: 'content',
      pageId: 'all',
      subPageId: null,
      appId: null,
      channelId: '19:abc@thread.tacv2',
      channelName: 'IT staff',
      teamGroupId: 'c0a70de5-7ea0-4000-8000-0000000000e1',
      teamName: 'District IT',
      tenantId: 'tid',
      userPrincipalName: 'admin@contoso.edu',
      sessionId: 'a3f1c2d4-0000-4000-8000-000000000001',
    });
  });

  it('defaults sensibly when the host sends little', () => {
    const host = hostInfoFromContext({});
    expect(host.density).toBe('comfortable');
    expect(host.clientType).toBe('web');
    expect(host.frameContext).toBe('content');
    expect(host.pageId).toBeNull();
    // teams-js maps a missing appSessionId to ''.
    expect(hostInfoFromContext({ app: { sessionId: '' } }).sessionId).toBeNull();
  });
});

describe('which page to show', () => {
  it('shows the dashboard for personal tabs and "All profiles", a profile for its id', () => {
    expect(tabRouteFor({ pageId: null, subPageId: null })).toEqual({ kind: 'dashboard' });
    expect(tabRouteFor({ pageId: 'all', subPageId: null })).toEqual({ kind: 'dashboard' });
    expect(tabRouteFor({ pageId: 'dashboard', subPageId: null })).toEqual({ kind: 'dashboard' });
    expect(tabRouteFor({ pageId: '86904b1e-c7d0-4ead-b13a-98f11fc400ee', subPageId: null })).toEqual({
      kind: 'pinnedProfile',
      profileId: '86904b1e-c7d0-4ead-b13a-98f11fc400ee',
    });
  });

  it('opens the profile a deep link points at (page.subPageId "profile:<id>")', () => {
    const id = '92797B7C-02C3-4326-8ACC-E81C78753831';
    expect(tabRouteFor({ pageId: 'dashboard', subPageId: `profile:${id}` })).toEqual({
      kind: 'linkedProfile',
      profileId: id.toLowerCase(),
    });
    expect(tabRouteFor({ pageId: 'all', subPageId: `profile:${id}` })).toEqual({
      kind: 'linkedProfile',
      profileId: id.toLowerCase(),
    });
    // A tab pinned to one profile keeps showing it; junk sub-pages mean the dashboard.
    expect(
      tabRouteFor({ pageId: '86904b1e-c7d0-4ead-b13a-98f11fc400ee', subPageId: `profile:${id}` }).kind,
    ).toBe('pinnedProfile');
    expect(tabRouteFor({ pageId: 'dashboard', subPageId: 'profile:../admin' })).toEqual({
      kind: 'dashboard',
    });
    expect(tabRouteFor({ pageId: 'dashboard', subPageId: 'something-else' })).toEqual({ kind: 'dashboard' });
  });

  it('reads subPageId and the app id from the context', () => {
    const host = hostInfoFromContext({
      app: { appId: { toString: () => '7e2b5d1c-0000-4000-8000-00000000a990' } },
      page: { id: 'dashboard', subPageId: 'profile:x' },
    });
    expect(host.subPageId).toBe('profile:x');
    expect(host.appId).toBe('7e2b5d1c-0000-4000-8000-00000000a990');
  });

  it('shows the configuration page at /config or in the settings frame', () => {
    expect(pageKindFor('/config', 'content')).toBe('config');
    expect(pageKindFor('/tab', 'settings')).toBe('config');
    expect(pageKindFor('/tab', 'content')).toBe('tab');
    expect(pageKindFor('/', 'content')).toBe('tab');
  });
});

describe('channel tab settings', () => {
  it('saves "All profiles" as entity all, and a profile by its id and name', () => {
    expect(instanceSettingsFor({ scope: 'all' }, 'https://localhost:53000', null)).toEqual({
      entityId: 'all',
      contentUrl: 'https://localhost:53000/tab?theme={theme}&locale={locale}',
      websiteUrl: 'https://localhost:53000/tab',
      suggestedDisplayName: 'SDS profiles',
    });
    expect(instanceSettingsFor({ scope: 'one', profileId: 'p1' }, 'https://x', 'Contoso High')).toEqual({
      entityId: 'p1',
      contentUrl: 'https://x/tab?theme={theme}&locale={locale}',
      websiteUrl: 'https://x/tab',
      suggestedDisplayName: 'Contoso High',
    });
  });

  it('shortens a very long profile name for the tab strip', () => {
    const name = 'N'.repeat(100);
    const settings = instanceSettingsFor({ scope: 'one', profileId: 'p1' }, 'https://x', name);
    expect(settings.suggestedDisplayName).toHaveLength(64);
    expect(settings.suggestedDisplayName.endsWith('…')).toBe(true);
  });

  it('is valid once a choice is complete, and reopens on the saved choice', () => {
    expect(isCompleteChoice(null)).toBe(false);
    expect(isCompleteChoice({ scope: 'one', profileId: null })).toBe(false);
    expect(isCompleteChoice({ scope: 'one', profileId: 'p1' })).toBe(true);
    expect(isCompleteChoice({ scope: 'all' })).toBe(true);
    expect(choiceFromEntityId('all')).toEqual({ scope: 'all' });
    expect(choiceFromEntityId('p1')).toEqual({ scope: 'one', profileId: 'p1' });
    expect(choiceFromEntityId(null)).toBeNull();
  });
});
