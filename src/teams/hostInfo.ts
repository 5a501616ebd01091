/**
 * What the tab needs to know about where it runs, distilled from the teams-js context: theme,
 * locale, client type (mobile clients get a touch-friendly density), and which page to show.
 */
import { profileIdFromSubPageId } from '../../contracts/deepLink';
import { safeLocale } from '../lib/relativeTime';
import { normalizeThemeName, type ThemeName } from './themeName';

export type FrameContext = 'content' | 'settings' | 'authentication' | 'remove' | 'other';
export type Density = 'comfortable' | 'touch';

export type HostInfo = {
  theme: ThemeName;
  locale: string;
  clientType: string;
  density: Density;
  frameContext: FrameContext;
  /** page.id: the tab's entityId ('all', a profile id, or a personal tab's id). */
  pageId: string | null;
  /** page.subPageId: what a deep link pointed at (`profile:<id>`), null when opened plainly. */
  subPageId: string | null;
  /** app.appId: the Teams app id (what deep links to this app name). */
  appId: string | null;
  channelId: string | null;
  channelName: string | null;
  /** team.groupId: the team's Microsoft 365 group id, its id in Graph (`/teams/{id}`). */
  teamGroupId: string | null;
  teamName: string | null;
  tenantId: string | null;
  userPrincipalName: string | null;
  /** The Teams session id (`app.sessionId`): a new one each time the host loads the tab. */
  sessionId: string | null;
};

/** The subset of teams-js `app.Context` this module reads (kept structural for unit tests). */
export type ContextLike = {
  app?: {
    theme?: string;
    locale?: string;
    sessionId?: string;
    host?: { clientType?: string };
    appId?: { toString(): string };
  };
  page?: { id?: string; frameContext?: string; subPageId?: string };
  channel?: { id?: string; displayName?: string };
  team?: { displayName?: string; groupId?: string };
  user?: { tenant?: { id?: string }; userPrincipalName?: string; loginHint?: string };
};

const mobileClients = new Set(['android', 'ios', 'ipados']);

export function hostInfoFromContext(context: ContextLike, initialFrame?: string): HostInfo {
  const clientType = context.app?.host?.clientType ?? 'web';
  return {
    theme: normalizeThemeName(context.app?.theme),
    locale: safeLocale(context.app?.locale),
    clientType,
    density: mobileClients.has(clientType.toLowerCase()) ? 'touch' : 'comfortable',
    frameContext: frameContextOf(context.page?.frameContext ?? initialFrame),
    pageId: context.page?.id || null,
    subPageId: context.page?.subPageId || null,
    appId: context.app?.appId?.toString() || null,
    channelId: context.channel?.id || null,
    teamGroupId: context.team?.groupId || null,
    channelName: context.channel?.displayName || null,
    teamName: context.team?.displayName || null,
    tenantId: context.user?.tenant?.id || null,
    userPrincipalName: context.user?.userPrincipalName || context.user?.loginHint || null,
    sessionId: context.app?.sessionId || null,
  };
}

function frameContextOf(value: string | undefined): FrameContext {
  switch (value) {
    case 'content':
    case 'settings':
    case 'authentication':
    case 'remove':
      return value;
    case undefined:
      return 'content';
    default:
      return 'other';
  }
}

/** The entityId our configuration page saves for "All profiles". */
export const ALL_PROFILES_ENTITY_ID = 'all';

/** Personal tab ids (manifest staticTabs) that mean "the dashboard", not a profile. */
const dashboardIds = new Set([ALL_PROFILES_ENTITY_ID, 'home', 'dashboard', 'profiles', 'index']);

export type TabRoute =
  | { kind: 'dashboard' }
  | { kind: 'pinnedProfile'; profileId: string }
  | { kind: 'linkedProfile'; profileId: string };

/**
 * A channel tab configured for one profile carries that profile's id as its entityId and always
 * shows it. Elsewhere (personal tab, "All profiles"), a deep link's sub-page (`profile:<id>`)
 * opens that profile, with the way back to the dashboard; otherwise it is the dashboard.
 */
export function tabRouteFor(host: Pick<HostInfo, 'pageId' | 'subPageId'>): TabRoute {
  const id = host.pageId?.trim();
  if (id && !dashboardIds.has(id.toLowerCase())) return { kind: 'pinnedProfile', profileId: id };
  const linked = profileIdFromSubPageId(host.subPageId);
  return linked ? { kind: 'linkedProfile', profileId: linked } : { kind: 'dashboard' };
}

/** Which page this document is: the configuration page lives at /config. */
export function pageKindFor(pathname: string, frameContext: FrameContext): 'config' | 'tab' {
  if (frameContext === 'settings' || /^\/config\/?$/.test(pathname)) return 'config';
  return 'tab';
}
