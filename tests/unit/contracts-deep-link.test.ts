import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  entityDeepLink,
  MAX_DEEP_LINK_LENGTH,
  parseEntityDeepLink,
  profileDeepLink,
  profileIdFromSubPageId,
  profileSubPageId,
  TEAMS_WEB_ORIGIN,
} from '../../contracts/deepLink';

const appId = '7e2b5d1c-0000-4000-8000-00000000a990';
const profileId = '92797b7c-02c3-4326-8acc-e81c78753831';
const channelId = '19:c0a70de5datasync00000000000000001@thread.tacv2';

describe('profile deep links', () => {
  it('builds the personal app link Teams documents: context JSON with subEntityId', () => {
    const link = profileDeepLink({ kind: 'personal', appId, entityId: 'dashboard' }, profileId);
    const url = new URL(link);
    expect(url.origin).toBe(TEAMS_WEB_ORIGIN);
    expect(url.pathname).toBe(`/l/entity/${appId}/dashboard`);
    expect(JSON.parse(url.searchParams.get('context')!)).toEqual({ subEntityId: `profile:${profileId}` });
  });

  it('adds the channel for a channel tab, and encodes what needs encoding', () => {
    const link = profileDeepLink(
      { kind: 'channel', appId, entityId: 'all', channelId },
      profileId.toUpperCase(),
      {
        label: 'Contoso HS — roster',
      },
    );
    expect(link).not.toContain('@thread'); // the channel id is inside the url-encoded JSON
    const parsed = parseEntityDeepLink(link);
    expect(parsed).toEqual({
      ok: true,
      link: {
        appId,
        entityId: 'all',
        subEntityId: `profile:${profileId}`,
        channelId,
        chatId: null,
        webUrl: null,
        label: 'Contoso HS — roster',
      },
    });
  });

  it('refuses to build a link to something that is not a profile id', () => {
    expect(() => profileDeepLink({ kind: 'personal', appId, entityId: 'dashboard' }, '../../etc')).toThrow(
      /GUID/,
    );
  });

  it('reads the profile back from the sub-page id, and nothing else', () => {
    expect(profileIdFromSubPageId(profileSubPageId(profileId))).toBe(profileId);
    expect(profileIdFromSubPageId(`profile:${profileId.toUpperCase()}`)).toBe(profileId);
    for (const junk of [
      null,
      undefined,
      '',
      'profile:',
      'profile:abc',
      `x${profileId}`,
      `profile:${profileId}/x`,
    ]) {
      expect(profileIdFromSubPageId(junk)).toBeNull();
    }
  });

  it('refuses an entity id of "." or "..", which no URL can carry', () => {
    for (const entityId of ['.', '..'])
      expect(() => entityDeepLink({ kind: 'personal', appId, entityId }, null)).toThrow(/"\." or "\.\."/);
  });

  it('round-trips any entity id, sub-page and channel', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 60 }).filter((s) => s.trim() !== '' && s !== '.' && s !== '..'),
        fc.option(fc.string({ minLength: 1, maxLength: 80 }), { nil: null }),
        fc.option(fc.string({ minLength: 1, maxLength: 80 }), { nil: null }),
        (entityId, subEntityId, channel) => {
          const link = entityDeepLink(
            channel
              ? { kind: 'channel', appId, entityId, channelId: channel }
              : { kind: 'personal', appId, entityId },
            subEntityId,
          );
          const parsed = parseEntityDeepLink(link);
          expect(parsed.ok && parsed.link).toMatchObject({
            appId,
            entityId,
            subEntityId,
            channelId: channel,
          });
        },
      ),
    );
  });
});

describe('reading a pasted link', () => {
  const reason = (text: string, origins?: string[]) => {
    const parsed = parseEntityDeepLink(text, origins);
    return parsed.ok ? null : parsed.reason;
  };

  it('says why a link is not a Teams tab link', () => {
    expect(reason('not a url')).toMatch(/not a web address/);
    expect(reason(`https://evil.example/l/entity/${appId}/dashboard`)).toMatch(/evil\.example/);
    expect(reason(`http://teams.microsoft.com/l/entity/${appId}/dashboard`)).toMatch(/Only links on/);
    expect(reason('https://teams.microsoft.com/l/chat/0/0')).toMatch(/app tab/);
    expect(reason(`https://teams.microsoft.com/l/entity/${appId}/dash%E0%A4%A`)).toMatch(/URL encoding/);
    expect(reason(`https://teams.microsoft.com/l/entity/${appId}/dashboard?context=%7Bnope`)).toMatch(
      /not JSON/,
    );
    expect(reason(`https://teams.microsoft.com/l/entity/${appId}/dashboard?context=%5B%5D`)).toMatch(
      /JSON object/,
    );
    expect(
      reason(
        `https://teams.microsoft.com/l/entity/${appId}/dashboard?context=${encodeURIComponent('{"subEntityId":{"a":1}}')}`,
      ),
    ).toMatch(/must be a string/);
    expect(
      reason(`https://teams.microsoft.com/l/entity/${appId}/${'a'.repeat(MAX_DEEP_LINK_LENGTH)}`),
    ).toMatch(/at most/);
  });

  it('accepts the local Teams host as an origin when told to', () => {
    const local = `https://localhost:53102/l/entity/${appId}/dashboard`;
    expect(parseEntityDeepLink(local).ok).toBe(false);
    expect(parseEntityDeepLink(local, [TEAMS_WEB_ORIGIN, 'https://localhost:53102']).ok).toBe(true);
  });

  it('ignores prototype keys and deep nesting in the context', () => {
    const context = `{"__proto__":{"subEntityId":"profile:${profileId}"},"constructor":{"prototype":{}},"x":${'['.repeat(200)}${']'.repeat(200)}}`;
    const parsed = parseEntityDeepLink(
      `https://teams.microsoft.com/l/entity/${appId}/dashboard?context=${encodeURIComponent(context)}`,
    );
    expect(parsed.ok && parsed.link.subEntityId).toBeNull();
    expect(({} as Record<string, unknown>).subEntityId).toBeUndefined();
  });
});
