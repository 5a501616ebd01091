/**
 * Teams deep links to a profile, built and read the same way by the tab ("Copy link"), the
 * server (notifications) and the Teams host emulator (which follows them):
 *
 *   https://teams.microsoft.com/l/entity/<appId>/<entityId>?context=<url-encoded JSON>
 *
 * where the JSON is `{"subEntityId":"profile:<profileId>"}` for the personal app and adds
 * `"channelId"` for a channel tab (the only tabs that have a channel). Teams opens the app's tab
 * whose entityId matches and hands `subEntityId` to it as `page.subPageId` in `app.getContext()`.
 * Format: Microsoft's "Deep link to an application" (learn.microsoft.com, Teams platform,
 * concepts/build-and-test/deep-link-application) and teams-js v2's own builder for
 * `pages.navigateToApp` (internal `createTeamsAppLink`): path segments URI-encoded, `webUrl`,
 * `label` and `context` as query parameters.
 *
 * Plain functions, no zod, no DOM or Node: the tab's first load reads `subPageId` with them.
 */

export const TEAMS_WEB_ORIGIN = 'https://teams.microsoft.com';
const ENTITY_PATH = /^\/l\/entity\/([^/]+)\/([^/]+)\/?$/;
const PROFILE_PREFIX = 'profile:';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Teams refuses longer deep links in messages; ours are far shorter, so longer ones are not ours. */
export const MAX_DEEP_LINK_LENGTH = 2048;

/** Where a link opens: the personal app's tab, or one channel tab. */
export type DeepLinkPlace =
  | { kind: 'personal'; appId: string; entityId: string }
  | { kind: 'channel'; appId: string; entityId: string; channelId: string };

/** A parsed Teams entity deep link (what Teams reads from one). */
export type TeamsEntityLink = {
  appId: string;
  entityId: string;
  subEntityId: string | null;
  channelId: string | null;
  chatId: string | null;
  webUrl: string | null;
  label: string | null;
};

export type DeepLinkParse = { ok: true; link: TeamsEntityLink } | { ok: false; reason: string };

/** `profile:<id>`: the sub-page id of a profile (ids are Graph's GUIDs, kept lower-case). */
export function profileSubPageId(profileId: string): string {
  return `${PROFILE_PREFIX}${profileId.toLowerCase()}`;
}

/** The profile a sub-page id points at, or null for anything else (including a bad id). */
export function profileIdFromSubPageId(subPageId: string | null | undefined): string | null {
  if (!subPageId?.startsWith(PROFILE_PREFIX)) return null;
  const id = subPageId.slice(PROFILE_PREFIX.length);
  return GUID.test(id) ? id.toLowerCase() : null;
}

/** The deep link to one profile, in the personal app or in a channel tab. */
export function profileDeepLink(
  place: DeepLinkPlace,
  profileId: string,
  options: { label?: string; webUrl?: string } = {},
): string {
  if (!GUID.test(profileId)) throw new Error(`A profile id is a GUID; got "${profileId.slice(0, 64)}"`);
  return entityDeepLink(place, profileSubPageId(profileId), options);
}

const isDotSegment = (segment: string) => segment === '.' || segment === '..';

/** A deep link to a tab of the app, with an optional sub-page (teams-js `subPageId`). */
export function entityDeepLink(
  place: DeepLinkPlace,
  subEntityId: string | null,
  options: { label?: string; webUrl?: string } = {},
): string {
  if (!place.appId.trim() || !place.entityId.trim())
    throw new Error('A deep link needs an app id and an entity id');
  // A path segment of "." or ".." is removed by every URL parser (encoded or not): no link could carry it.
  if ([place.appId, place.entityId].some(isDotSegment))
    throw new Error('A deep link cannot carry an app id or entity id of "." or ".."');
  const url = new URL(
    `${TEAMS_WEB_ORIGIN}/l/entity/${encodeURIComponent(place.appId)}/${encodeURIComponent(place.entityId)}`,
  );
  if (options.webUrl) url.searchParams.set('webUrl', options.webUrl);
  if (options.label) url.searchParams.set('label', options.label);
  const context: Record<string, string> = {};
  if (subEntityId) context.subEntityId = subEntityId;
  if (place.kind === 'channel') context.channelId = place.channelId;
  if (Object.keys(context).length > 0) url.searchParams.set('context', JSON.stringify(context));
  return url.toString();
}

/**
 * Reads a Teams entity deep link. `origins` are the hosts that serve them (Teams' own, and a
 * local Teams host's). Everything a link carries is checked: a link that is not one says why.
 */
export function parseEntityDeepLink(
  text: string,
  origins: readonly string[] = [TEAMS_WEB_ORIGIN],
): DeepLinkParse {
  const raw = text.trim();
  if (raw.length > MAX_DEEP_LINK_LENGTH) {
    return {
      ok: false,
      reason: `The link is ${raw.length} characters; Teams deep links are at most ${MAX_DEEP_LINK_LENGTH}.`,
    };
  }
  if (!URL.canParse(raw)) return { ok: false, reason: 'That is not a web address.' };
  const url = new URL(raw);
  if (url.protocol !== 'https:' || !origins.includes(url.origin)) {
    return {
      ok: false,
      reason: `Only links on ${origins.join(' or ')} open in Teams; this one is on ${url.origin}.`,
    };
  }
  const path = ENTITY_PATH.exec(url.pathname);
  if (!path)
    return { ok: false, reason: 'The link does not point at an app tab (/l/entity/<app id>/<entity id>).' };
  let appId: string;
  let entityId: string;
  try {
    appId = decodeURIComponent(path[1]!);
    entityId = decodeURIComponent(path[2]!);
  } catch {
    return { ok: false, reason: 'The app id or entity id in the link is not valid URL encoding.' };
  }
  const context = readContext(url.searchParams.get('context'));
  if (!context.ok) return context;
  return {
    ok: true,
    link: {
      appId,
      entityId,
      subEntityId: context.value.subEntityId ?? null,
      channelId: context.value.channelId ?? null,
      chatId: context.value.chatId ?? null,
      webUrl: url.searchParams.get('webUrl'),
      label: url.searchParams.get('label'),
    },
  };
}

type LinkContext = { subEntityId?: string; channelId?: string; chatId?: string };

function readContext(raw: string | null): { ok: true; value: LinkContext } | { ok: false; reason: string } {
  if (raw === null || raw === '') return { ok: true, value: {} };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { ok: false, reason: 'The link\'s "context" is not JSON.' };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { ok: false, reason: 'The link\'s "context" must be a JSON object.' };
  }
  const value: LinkContext = {};
  for (const key of ['subEntityId', 'channelId', 'chatId'] as const) {
    // Own properties only: "__proto__" or "constructor" in a pasted link are not ours to read.
    if (!Object.hasOwn(parsed, key)) continue;
    const field = (parsed as Record<string, unknown>)[key];
    if (field === undefined || field === null || field === '') continue;
    if (typeof field !== 'string')
      return { ok: false, reason: `The link's context.${key} must be a string.` };
    value[key] = field;
  }
  return { ok: true, value };
}
