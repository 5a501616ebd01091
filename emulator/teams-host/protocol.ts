/**
 * The teams-js host protocol as a pure function: given a request from the app and the host's
 * state, what the host answers and what it has to do. No DOM and no Node: the host page
 * (client/) and the Playwright frameless harness (tests/e2e/support/native-host.ts) both drive
 * it, so the iframe path and the mobile "frameless" path answer identically.
 *
 * Message shapes, argument orders and the legacy context keys follow
 * /work/shared/reference/teams-tab-sso.md §1 (read from microsoft-teams-library-js
 * `internal/communication.ts`, `public/*`).
 */
import { parseEntityDeepLink, TEAMS_WEB_ORIGIN, type TeamsEntityLink } from '../../contracts/deepLink';
import { teamsClientIds, tenants, type Persona } from '../directory';

export const hostClientTypes = ['web', 'desktop', 'android', 'ios'] as const;
export type HostClientType = (typeof hostClientTypes)[number];

export const hostThemes = ['default', 'dark', 'contrast'] as const;
export type HostTheme = (typeof hostThemes)[number];

/**
 * The client languages the host offers (Teams' Settings › Appearance › Language), as Teams
 * reports them in `app.locale`: lower-case BCP 47. `qps-ploc` is Microsoft's pseudo-locale.
 */
export const hostLocales = [
  'en-us',
  'en-gb',
  'es-es',
  'es-mx',
  'fr-fr',
  'fr-ca',
  'de-de',
  'qps-ploc',
] as const;
export type HostLocale = (typeof hostLocales)[number];

/** The host's tab strip: the personal tab, the configured channel tab, and its configuration page. */
export const hostTabs = ['personal', 'channel', 'configure'] as const;
export type HostTab = (typeof hostTabs)[number];

export type FrameContext = 'content' | 'settings' | 'authentication';

/** `pages.InstanceConfig`: what a configuration page saves with `setConfig`. */
export type InstanceConfig = {
  contentUrl: string;
  websiteUrl?: string;
  entityId?: string;
  suggestedDisplayName?: string;
  removeUrl?: string;
};

/** The team and channel the channel tab lives in (one per tenant, fixed ids). */
export type TeamFixture = {
  teamId: string;
  teamName: string;
  groupId: string;
  channelId: string;
  channelName: string;
  tenantId: string;
};

export type HostPersona = Pick<
  Persona,
  'key' | 'displayName' | 'userPrincipalName' | 'objectId' | 'tenantId'
> & {
  /** Team owner (0) or member (1), as `userTeamRole` reports it. */
  teamRole: 0 | 1;
};

export type HostState = {
  persona: HostPersona;
  clientType: HostClientType;
  theme: HostTheme;
  tab: HostTab;
  locale: string;
  /** Where the tab is served: messages are accepted from this origin only. */
  tabOrigin: string;
  /** A new id every time the app is (re)loaded, like Teams' `appSessionId`. */
  appSessionId: string;
  /** The host's own session id (stable while the page is open). */
  hostSessionId: string;
  team: TeamFixture;
  /** The channel tab's saved configuration (null until the configuration page saved one). */
  savedConfig: InstanceConfig | null;
  /**
   * The sub-entity a followed deep link pointed at: the tab reads it as `page.subPageId`. Null
   * when the tab was opened from the tab strip.
   */
  subEntityId: string | null;
  /** The app manifest's validDomains: the only places an authentication window may open. */
  validDomains: readonly string[];
};

/** The entityId of the personal tab (appPackage/manifest.json `staticTabs[].entityId`). */
export const PERSONAL_TAB_ENTITY_ID = 'dashboard';

/** The Teams app id the context reports (`appId`); the emulator's own, not a real catalog id. */
export const EMULATED_TEAMS_APP_ID = '7e2b5d1c-0000-4000-8000-00000000a990';

const teamsByTenant: Record<string, Omit<TeamFixture, 'tenantId'>> = {
  [tenants.contoso.id]: {
    teamId: '19:c0a70de5it0staff0000000000000001@thread.tacv2',
    teamName: 'Contoso District IT',
    groupId: 'c0a70de5-7ea0-4000-8000-0000000000e1',
    channelId: '19:c0a70de5datasync00000000000000001@thread.tacv2',
    channelName: 'Data sync',
  },
  [tenants.fabrikam.id]: {
    teamId: '19:fab01ca7it0staff0000000000000002@thread.tacv2',
    teamName: 'Fabrikam Trust IT',
    groupId: 'fab01ca7-7ea0-4000-8000-0000000000e2',
    channelId: '19:fab01ca7datasync00000000000000002@thread.tacv2',
    channelName: 'Data sync',
  },
};

const fallbackTeam: Omit<TeamFixture, 'tenantId'> = {
  teamId: '19:00000000personal000000000000000000@thread.tacv2',
  teamName: 'My team',
  groupId: '00000000-7ea0-4000-8000-0000000000e0',
  channelId: '19:00000000general0000000000000000000@thread.tacv2',
  channelName: 'General',
};

/**
 * The demo tenant's staff channel starts with the tab already pinned, showing all profiles (with
 * alerts on, which `npm start` stores in the backend), so a trial sees an alert without setup.
 */
export function demoPinnedTab(team: TeamFixture, tabOrigin: string): InstanceConfig | null {
  if (team.tenantId !== tenants.contoso.id) return null;
  return {
    entityId: 'all',
    contentUrl: `${tabOrigin}/tab?theme={theme}`,
    websiteUrl: `${tabOrigin}/tab`,
    suggestedDisplayName: 'SDS profiles',
  };
}

export function teamFor(tenantId: string): TeamFixture {
  return { ...(teamsByTenant[tenantId] ?? fallbackTeam), tenantId };
}

export function hostPersona(persona: Persona): HostPersona {
  return {
    key: persona.key,
    displayName: persona.displayName,
    userPrincipalName: persona.userPrincipalName,
    objectId: persona.objectId,
    tenantId: persona.tenantId,
    teamRole: persona.sdsRole === 'admin' ? 0 : 1,
  };
}

/** A fresh host state for a persona and client (a new app session). */
export function createHostState(options: {
  persona: Persona;
  clientType: HostClientType;
  theme: HostTheme;
  tab: HostTab;
  tabOrigin: string;
  savedConfig?: InstanceConfig | null;
  locale?: string;
  subEntityId?: string | null;
  /** From the app's manifest; the tab's own host when not given. */
  validDomains?: readonly string[];
}): HostState {
  return {
    persona: hostPersona(options.persona),
    clientType: options.clientType,
    theme: options.theme,
    tab: options.tab,
    locale: options.locale ?? 'en-us',
    tabOrigin: options.tabOrigin,
    appSessionId: crypto.randomUUID(),
    hostSessionId: crypto.randomUUID(),
    team: teamFor(options.persona.tenantId),
    savedConfig: options.savedConfig ?? null,
    subEntityId: options.subEntityId ?? null,
    validDomains: options.validDomains ?? [new URL(options.tabOrigin).host],
  };
}

/**
 * Whether a URL is on one of the manifest's validDomains, as Teams matches them: the host (with
 * its port when the entry names one), letter case ignored, and `*.` standing for exactly one
 * label (`*.contoso.com` covers `a.contoso.com`, not `contoso.com` or `a.b.contoso.com`).
 */
export function isOnValidDomain(url: URL, validDomains: readonly string[]): boolean {
  return validDomains.some((entry) => {
    const domain = entry.trim().toLowerCase();
    const host = domain.includes(':') ? url.host : url.hostname;
    if (!domain.startsWith('*.')) return host === domain;
    const rest = domain.slice(1);
    return host.endsWith(rest) && !host.slice(0, -rest.length).includes('.') && host.length > rest.length;
  });
}

export const isMobile = (clientType: HostClientType) => clientType === 'android' || clientType === 'ios';

/** The Teams client that asks Entra for the tab's SSO token: the token's `azp`. */
export function ssoClientId(clientType: HostClientType): string {
  return clientType === 'web' ? teamsClientIds.teamsWeb : teamsClientIds.teamsDesktopAndMobile;
}

/** The frame context a newly loaded tab frame gets. */
export function frameContextFor(tab: HostTab): FrameContext {
  return tab === 'configure' ? 'settings' : 'content';
}

// ---------------------------------------------------------------------------------------------
// Wire shapes

/** A request from the app. Every app message carries a numeric id, one-way ones included. */
export type AppRequest = { id: number; uuidAsString?: string; func: string; args: unknown[] };
export type HostResponse = { id: number; uuidAsString?: string; args: unknown[] };
/** Host → app events carry no `id`: anything with a numeric id is taken for a response. */
export type HostEvent = { func: string; args: unknown[] };

/** Reads an app message; null for anything that is not a teams-js request (ignored, not answered). */
export function parseAppRequest(data: unknown): AppRequest | null {
  if (typeof data !== 'object' || data === null) return null;
  const { id, uuidAsString, func, args } = data as Record<string, unknown>;
  if (typeof id !== 'number' || !Number.isInteger(id) || typeof func !== 'string' || func === '') return null;
  return {
    id,
    ...(typeof uuidAsString === 'string' ? { uuidAsString } : {}),
    func,
    args: Array.isArray(args) ? args : [],
  };
}

export function responseTo(request: AppRequest, args: unknown[]): HostResponse {
  return {
    id: request.id,
    ...(request.uuidAsString !== undefined ? { uuidAsString: request.uuidAsString } : {}),
    args,
  };
}

/** teams-js `ErrorCode` values the host uses. */
export const sdkErrorCodes = {
  notSupportedOnPlatform: 100,
  notSupportedInCurrentContext: 501,
  invalidArguments: 4000,
} as const;
export type SdkError = { errorCode: number; message: string };

// ---------------------------------------------------------------------------------------------
// What the host sends

/**
 * The runtime configuration answered to `initialize` (its third argument). `pages.config` must be
 * present or `pages.config.*` throws "not supported on platform" in the app.
 */
export function runtimeConfig(clientType: HostClientType): string {
  const mobile = isMobile(clientType);
  return JSON.stringify({
    apiVersion: 4,
    hostVersionsInfo: { adaptiveCardSchemaVersion: { majorVersion: 1, minorVersion: 5 } },
    isLegacyTeams: false,
    supports: {
      app: {},
      appEntity: {},
      appInstallDialog: {},
      dialog: { card: {}, url: { parentCommunication: {} }, update: {} },
      logs: {},
      pages: {
        config: {},
        backStack: {},
        currentApp: {},
        fullTrust: {},
        // Teams mobile has no app button and no tab navigation API.
        ...(mobile ? {} : { appButton: {}, tabs: {} }),
      },
      sharing: {},
      teamsCore: {},
      // clipboard.write: the host writes to the system clipboard for the framed app.
      clipboard: {},
      ...(mobile ? { menus: {} } : { stageView: {} }),
    },
  });
}

/** The version the host claims to support (initialize's fourth argument). */
export const CLIENT_SUPPORTED_SDK_VERSION = '2.58.0';

/** The legacy flat context that `getContext` answers (teams-js maps it to the v2 `app.Context`). */
export function legacyContext(state: HostState, frameContext: FrameContext): Record<string, unknown> {
  const { persona, team } = state;
  const inChannel = state.tab !== 'personal';
  const entityId = inChannel ? state.savedConfig?.entityId : PERSONAL_TAB_ENTITY_ID;
  return {
    locale: state.locale,
    theme: state.theme,
    appSessionId: state.appSessionId,
    sessionId: state.hostSessionId,
    appId: EMULATED_TEAMS_APP_ID,
    hostName: 'Teams',
    hostClientType: state.clientType,
    frameContext,
    ringId: 'general',
    isFullScreen: false,
    isMultiWindow: false,
    tid: persona.tenantId,
    tenantSKU: 'unknown',
    userObjectId: persona.objectId,
    userDisplayName: persona.displayName,
    loginHint: persona.userPrincipalName,
    userPrincipalName: persona.userPrincipalName,
    ...(entityId !== undefined ? { entityId } : {}),
    ...(state.subEntityId !== null ? { subEntityId: state.subEntityId } : {}),
    ...(inChannel
      ? {
          teamId: team.teamId,
          teamName: team.teamName,
          // Education "Staff" team (teams-js TeamType.Staff).
          teamType: 4,
          groupId: team.groupId,
          userTeamRole: persona.teamRole,
          isTeamArchived: false,
          channelId: team.channelId,
          channelName: team.channelName,
          channelType: 'Regular',
          channelRelativeUrl: `/teams/${encodeURIComponent(team.teamName)}/channels/${encodeURIComponent(team.channelName)}`,
          hostTeamGroupId: team.groupId,
          hostTeamTenantId: team.tenantId,
        }
      : {}),
  };
}

/**
 * Teams substitutes `{placeholder}`s in a tab's contentUrl/configurationUrl before loading it
 * (v2 names such as `{app.theme}` and the old v1 names such as `{theme}`). Unknown ones stay.
 */
export function substituteUrlPlaceholders(url: string, context: Record<string, unknown>): string {
  const values: Record<string, unknown> = {
    entityId: context.entityId,
    'page.id': context.entityId,
    subEntityId: context.subEntityId,
    'page.subPageId': context.subEntityId,
    theme: context.theme,
    'app.theme': context.theme,
    locale: context.locale,
    'app.locale': context.locale,
    tid: context.tid,
    'user.tenant.id': context.tid,
    loginHint: context.loginHint,
    'user.loginHint': context.loginHint,
    userPrincipalName: context.userPrincipalName,
    'user.userPrincipalName': context.userPrincipalName,
    userObjectId: context.userObjectId,
    'user.id': context.userObjectId,
    hostClientType: context.hostClientType,
    'app.host.clientType': context.hostClientType,
    sessionId: context.appSessionId,
    'app.sessionId': context.appSessionId,
    teamId: context.teamId,
    'team.internalId': context.teamId,
    groupId: context.groupId,
    'team.groupId': context.groupId,
    channelId: context.channelId,
    'channel.id': context.channelId,
  };
  return url.replace(/\{([A-Za-z.]+)\}/g, (whole, name: string) => {
    const value = values[name];
    return value === undefined || value === null
      ? name in values
        ? ''
        : whole
      : encodeURIComponent(String(value));
  });
}

/** Checks what `settings.setSettings` sends; returns the reason it is refused, or the config. */
export function validateInstanceConfig(
  value: unknown,
  tabOrigin: string,
): { ok: true; config: InstanceConfig } | { ok: false; reason: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, reason: 'setConfig needs an object with at least contentUrl' };
  }
  const input = value as Record<string, unknown>;
  const urlProblem = (field: string, required: boolean): string | null => {
    const raw = input[field];
    if (raw === undefined || raw === null || raw === '') {
      return required ? `${field} is required` : null;
    }
    if (typeof raw !== 'string') return `${field} must be a string URL`;
    let url: URL;
    try {
      url = new URL(raw.replace(/\{[A-Za-z.]+\}/g, 'x'));
    } catch {
      return `${field} "${raw}" is not an absolute URL`;
    }
    if (url.protocol !== 'https:') return `${field} must use https (got ${url.protocol})`;
    if (url.origin !== tabOrigin) {
      return `${field} must be on the app's domain ${tabOrigin} (validDomains), got ${url.origin}`;
    }
    return null;
  };
  const problems = [
    urlProblem('contentUrl', true),
    urlProblem('websiteUrl', false),
    urlProblem('removeUrl', false),
  ];
  for (const field of ['entityId', 'suggestedDisplayName'] as const) {
    if (input[field] !== undefined && typeof input[field] !== 'string')
      problems.push(`${field} must be a string`);
  }
  if (typeof input.suggestedDisplayName === 'string' && input.suggestedDisplayName.length > 128) {
    problems.push('suggestedDisplayName must be 128 characters or fewer');
  }
  const reasons = problems.filter((p): p is string => p !== null);
  if (reasons.length > 0) return { ok: false, reason: reasons.join('; ') };
  const config: InstanceConfig = { contentUrl: input.contentUrl as string };
  for (const field of ['websiteUrl', 'entityId', 'suggestedDisplayName', 'removeUrl'] as const) {
    const v = input[field];
    if (typeof v === 'string' && v !== '') config[field] = v;
  }
  return { ok: true, config };
}

// ---------------------------------------------------------------------------------------------
// Handling a request

/** Something the host itself has to do; answers that depend on it are sent by the host later. */
export type HostEffect =
  /** Fetch an SSO token for the persona, then answer `authTokenResponse`. */
  | {
      type: 'getAuthToken';
      clientId: string;
      tenantId?: string;
      /**
       * Claims challenges from `getAuthToken({ claims })`: Teams prompts the user (MFA, Conditional
       * Access) before it hands back a token that satisfies them.
       */
      claims?: string[];
    }
  /** Open a popup at `url`; answer the request when the popup reports (or closes). */
  | { type: 'authenticate'; url: string; width: number; height: number }
  /** The popup finished: answer the pending `authenticate` request. */
  | { type: 'authenticateResult'; ok: boolean; value: string }
  | { type: 'validity'; valid: boolean }
  | { type: 'configSet'; config: InstanceConfig }
  | { type: 'saveResult'; ok: boolean; reason?: string }
  | { type: 'appLoaded' }
  | { type: 'appInitialized' }
  | { type: 'appFailed'; reason: string; message: string; expected: boolean }
  | { type: 'handlerRegistered'; name: string }
  | { type: 'openLink'; url: string; via: 'executeDeepLink' | 'navigateCrossDomain' }
  /** `pages.navigateToApp`: open a tab of an app, as a deep link would. */
  | { type: 'navigateToApp'; link: TeamsEntityLink }
  /** `clipboard.write`: put text on the clipboard, then answer. */
  | { type: 'writeClipboard'; text: string }
  | { type: 'readyToUnload' };

export type HostOutcome = {
  /** Answer now with these args (absent: one-way message, or answered later by an effect). */
  reply?: unknown[];
  effect?: HostEffect;
  /** Set when the host does not implement `func` (answered with SdkError 100). */
  unsupported?: true;
  /** Set when the call is not allowed in the sender's frame context. */
  refused?: string;
};

const DEFAULT_POPUP = { width: 600, height: 535 };

function sdkError(errorCode: number, message: string): SdkError {
  return { errorCode, message };
}

function wrongContext(func: string, frameContext: FrameContext, allowed: FrameContext[]): HostOutcome {
  const refused = `${func} is only allowed in frame contexts ${allowed.join(', ')} (this frame is ${frameContext})`;
  return { reply: [sdkError(sdkErrorCodes.notSupportedInCurrentContext, refused)], refused };
}

function positiveNumber(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}

/**
 * Answers one request. `frameContext` is the sender's: the tab frame (content or settings) or the
 * authentication popup.
 */
export function handleAppRequest(
  state: HostState,
  frameContext: FrameContext,
  request: AppRequest,
): HostOutcome {
  const { func, args } = request;
  switch (func) {
    case 'initialize':
      return {
        reply: [
          frameContext,
          state.clientType,
          runtimeConfig(state.clientType),
          CLIENT_SUPPORTED_SDK_VERSION,
        ],
      };

    case 'getContext':
      return { reply: [legacyContext(state, frameContext)] };

    case 'authentication.getAuthToken': {
      const tenantId = typeof args[3] === 'string' && args[3] !== '' ? args[3] : undefined;
      if (tenantId !== undefined && tenantId !== state.persona.tenantId) {
        return { reply: [false, `The user is not a member of tenant ${tenantId}`] };
      }
      // teams-js v2 sends [resources, claims, silent, tenantId].
      const claims = Array.isArray(args[1])
        ? args[1].filter((c): c is string => typeof c === 'string' && c !== '')
        : [];
      return {
        effect: {
          type: 'getAuthToken',
          clientId: ssoClientId(state.clientType),
          tenantId,
          ...(claims.length > 0 ? { claims } : {}),
        },
      };
    }

    case 'authentication.authenticate': {
      if (frameContext === 'authentication') return wrongContext(func, frameContext, ['content', 'settings']);
      const url = args[0];
      const parsed = typeof url === 'string' && URL.canParse(url) ? new URL(url) : null;
      if (typeof url !== 'string' || parsed?.protocol !== 'https:') {
        return { reply: [false, `authenticate needs an absolute https URL, got ${JSON.stringify(url)}`] };
      }
      // Like Teams: an authentication window opens only on the app's own domains.
      if (parsed.username || parsed.password || !isOnValidDomain(parsed, state.validDomains)) {
        return {
          reply: [
            false,
            `authenticate refused ${parsed.origin}: the app's validDomains (${state.validDomains.join(', ')}) do not include it`,
          ],
          refused: `authenticate URL ${parsed.origin} is not in validDomains`,
        };
      }
      return {
        effect: {
          type: 'authenticate',
          url,
          width: positiveNumber(args[1], DEFAULT_POPUP.width),
          height: positiveNumber(args[2], DEFAULT_POPUP.height),
        },
      };
    }

    case 'authentication.authenticate.success':
    case 'authentication.authenticate.failure': {
      if (frameContext !== 'authentication') return wrongContext(func, frameContext, ['authentication']);
      const ok = func.endsWith('.success');
      const value =
        typeof args[0] === 'string' ? args[0] : args[0] === undefined ? '' : JSON.stringify(args[0]);
      return { effect: { type: 'authenticateResult', ok, value } };
    }

    case 'authentication.getUser':
      // Only Microsoft's own (full-trust) apps get the user from the host.
      return { reply: [false, sdkError(1000, 'getUser is not available to third-party apps')] };

    case 'appInitialization.appLoaded':
      return { effect: { type: 'appLoaded' } };
    case 'appInitialization.success':
      return { effect: { type: 'appInitialized' } };
    case 'appInitialization.failure':
    case 'appInitialization.expectedFailure':
      return {
        effect: {
          type: 'appFailed',
          reason: typeof args[0] === 'string' ? args[0] : 'Other',
          message: typeof args[1] === 'string' ? args[1] : '',
          expected: func.endsWith('expectedFailure'),
        },
      };

    case 'registerHandler':
      return {
        effect: { type: 'handlerRegistered', name: typeof args[0] === 'string' ? args[0] : String(args[0]) },
      };

    case 'readyToUnload':
      return { effect: { type: 'readyToUnload' } };

    case 'settings.setValidityState':
      if (frameContext !== 'settings') return wrongContext(func, frameContext, ['settings']);
      return { effect: { type: 'validity', valid: args[0] === true } };

    case 'settings.setSettings': {
      if (frameContext === 'authentication') return wrongContext(func, frameContext, ['content', 'settings']);
      const checked = validateInstanceConfig(args[0], state.tabOrigin);
      if (!checked.ok) return { reply: [false, checked.reason] };
      return { reply: [true], effect: { type: 'configSet', config: checked.config } };
    }

    case 'settings.getSettings': {
      if (frameContext === 'authentication') return wrongContext(func, frameContext, ['content', 'settings']);
      const current: InstanceConfig =
        state.tab === 'personal'
          ? { entityId: PERSONAL_TAB_ENTITY_ID, contentUrl: `${state.tabOrigin}/tab` }
          : (state.savedConfig ?? { contentUrl: '' });
      return { reply: [current] };
    }

    case 'settings.save.success':
      if (frameContext !== 'settings') return wrongContext(func, frameContext, ['settings']);
      return { effect: { type: 'saveResult', ok: true } };
    case 'settings.save.failure':
      if (frameContext !== 'settings') return wrongContext(func, frameContext, ['settings']);
      return {
        effect: {
          type: 'saveResult',
          ok: false,
          reason: typeof args[0] === 'string' ? args[0] : 'no reason given',
        },
      };

    case 'executeDeepLink':
    case 'navigateCrossDomain': {
      const url = typeof args[0] === 'string' ? args[0] : '';
      if (url === '') return { reply: [false, `${func} needs a URL`] };
      return { reply: [true], effect: { type: 'openLink', url, via: func } };
    }

    case 'pages.navigateToApp': {
      if (frameContext === 'authentication') return wrongContext(func, frameContext, ['content', 'settings']);
      const link = navigateToAppLink(args[0]);
      if (!link.ok) return { reply: [false, link.reason] };
      return { effect: { type: 'navigateToApp', link: link.link } };
    }

    case 'clipboard.writeToClipboard': {
      if (frameContext === 'authentication') return wrongContext(func, frameContext, ['content', 'settings']);
      const text = clipboardText(args[0]);
      if (!text.ok) return { reply: [sdkError(sdkErrorCodes.invalidArguments, text.reason)] };
      return { effect: { type: 'writeClipboard', text: text.text } };
    }

    default:
      return {
        reply: [sdkError(sdkErrorCodes.notSupportedOnPlatform, `not supported: ${func}`)],
        unsupported: true,
      };
  }
}

/** `pages.navigateToApp`'s parameters (teams-js sends `NavigateToAppParams`, strings only). */
function navigateToAppLink(
  value: unknown,
): { ok: true; link: TeamsEntityLink } | { ok: false; reason: string } {
  if (typeof value !== 'object' || value === null) {
    return { ok: false, reason: 'navigateToApp needs { appId, pageId }' };
  }
  const params = value as Record<string, unknown>;
  const text = (key: string) => (typeof params[key] === 'string' && params[key] !== '' ? params[key] : null);
  const appId = text('appId');
  const pageId = text('pageId');
  if (!appId || !pageId) return { ok: false, reason: 'navigateToApp needs appId and pageId strings' };
  return {
    ok: true,
    link: {
      appId,
      entityId: pageId,
      subEntityId: text('subPageId'),
      channelId: text('channelId'),
      chatId: text('chatId'),
      webUrl: text('webUrl'),
      label: null,
    },
  };
}

/** Clipboard writes the host accepts: plain text (teams-js sends it base64-encoded), ≤ 64 KiB. */
function clipboardText(value: unknown): { ok: true; text: string } | { ok: false; reason: string } {
  const params = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  if (params.mimeType !== 'text/plain') {
    return { ok: false, reason: `the host writes text/plain only (got ${String(params.mimeType)})` };
  }
  if (typeof params.content !== 'string' || params.content.length > 87_400) {
    return { ok: false, reason: 'clipboard content must be base64 text of at most 64 KiB' };
  }
  try {
    const bytes = Uint8Array.from(atob(params.content), (c) => c.charCodeAt(0));
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { ok: false, reason: 'clipboard content is not base64-encoded UTF-8' };
  }
}

/** Where following a deep link takes the host, or why it cannot. */
export type DeepLinkTarget =
  { ok: true; tab: 'personal' | 'channel'; subEntityId: string | null } | { ok: false; reason: string };

/**
 * What Teams does with a deep link to an entity: the app must be this one; a link with a channel
 * opens the tab of that channel whose entityId matches (the user must be in the channel's team);
 * one without opens the personal app's tab with that entityId.
 */
export function deepLinkTarget(state: HostState, link: TeamsEntityLink): DeepLinkTarget {
  if (link.appId.toLowerCase() !== EMULATED_TEAMS_APP_ID) {
    return {
      ok: false,
      reason: `The link is for the app ${link.appId}, which is not installed here (SDS Profiles is ${EMULATED_TEAMS_APP_ID}).`,
    };
  }
  if (link.chatId)
    return { ok: false, reason: 'The link opens the app in a chat; the emulator has no chats.' };
  if (link.channelId) {
    if (link.channelId !== state.team.channelId) {
      return {
        ok: false,
        reason: `The link points to a channel ${state.persona.displayName} is not a member of (${link.channelId}).`,
      };
    }
    if (state.savedConfig?.entityId !== link.entityId) {
      return {
        ok: false,
        reason: `${state.team.channelName} has no SDS Profiles tab with entityId "${link.entityId}"${state.savedConfig ? ` (its tab has "${state.savedConfig.entityId ?? ''}")` : ' (no tab is set up)'}.`,
      };
    }
    return { ok: true, tab: 'channel', subEntityId: link.subEntityId };
  }
  if (link.entityId !== PERSONAL_TAB_ENTITY_ID) {
    return { ok: false, reason: `The personal app has no tab with entityId "${link.entityId}".` };
  }
  return { ok: true, tab: 'personal', subEntityId: link.subEntityId };
}

/** Reads a deep link as the host receives it: Teams' own origin, or this host's. */
export function readHostDeepLink(url: string, hostOrigin: string) {
  return parseEntityDeepLink(url, [TEAMS_WEB_ORIGIN, hostOrigin]);
}

/** The answer to a pending `authentication.getAuthToken` once the token (or an error) is known. */
export function authTokenResponse(result: { token: string } | { error: string }): unknown[] {
  return 'token' in result ? [true, result.token] : [false, result.error];
}

/** The answer to a pending `authentication.authenticate`. */
export const authenticateOutcome = {
  result: (ok: boolean, value: string): unknown[] => [ok, value],
  cancelled: (): unknown[] => [false, 'CancelledByUser'],
  failedToOpen: (): unknown[] => [false, 'FailedToOpenWindow'],
};

export const themeChangeEvent = (theme: HostTheme): HostEvent => ({ func: 'themeChange', args: [theme] });
export const settingsSaveEvent = (): HostEvent => ({ func: 'settings.save', args: [{}] });

// ---------------------------------------------------------------------------------------------
// The host log: what tests read from window.__hostLog and humans see in the protocol panel

export type HostLogEntry = {
  seq: number;
  /** in: app → host; out: host → app response; event: host → app event; dropped: refused sender. */
  direction: 'in' | 'out' | 'event' | 'dropped';
  /** Which window: the tab frame, the auth popup, or the frameless (native) webview. */
  window: 'tab' | 'popup' | 'native' | 'unknown';
  frameContext?: FrameContext;
  func?: string;
  id?: number;
  args: unknown[];
  origin?: string;
  note?: string;
  unsupported?: boolean;
};

/** Tokens never go into a log: keep the claims a reader needs, drop the signature. */
export function redactForLog(func: string | undefined, args: unknown[]): unknown[] {
  return args
    .map((arg) => (typeof arg === 'string' && looksLikeJwt(arg) ? describeJwt(arg) : arg))
    .map((arg) => {
      if (func === 'authentication.authenticate.success' && typeof arg === 'string' && arg.length > 200) {
        return `${arg.slice(0, 200)}…`;
      }
      return arg;
    });
}

function looksLikeJwt(value: string): boolean {
  return /^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/.test(value);
}

function describeJwt(token: string): { token: 'redacted'; claims: Record<string, unknown> } {
  const payload = token.split('.')[1] ?? '';
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const claims = JSON.parse(json) as Record<string, unknown>;
    const keep = ['aud', 'iss', 'azp', 'appid', 'tid', 'oid', 'preferred_username', 'scp', 'ver', 'exp'];
    return {
      token: 'redacted',
      claims: Object.fromEntries(keep.filter((k) => k in claims).map((k) => [k, claims[k]])),
    };
  } catch {
    return { token: 'redacted', claims: {} };
  }
}
