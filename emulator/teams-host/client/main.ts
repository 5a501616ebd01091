/**
 * The host page: frames the tab cross-origin, answers its teams-js messages through protocol.ts,
 * runs the authentication popup and the configuration page's Save, and keeps the shell (persona,
 * client type, theme, tab) in sync with the address bar.
 */
import {
  authenticateOutcome,
  authTokenResponse,
  createHostState,
  deepLinkTarget,
  demoPinnedTab,
  frameContextFor,
  handleAppRequest,
  isMobile,
  legacyContext,
  parseAppRequest,
  readHostDeepLink,
  responseTo,
  sdkErrorCodes,
  settingsSaveEvent,
  substituteUrlPlaceholders,
  themeChangeEvent,
  type AppRequest,
  type FrameContext,
  type HostEffect,
  type HostEvent,
  type HostState,
  type InstanceConfig,
} from '../protocol';
import type { TeamsEntityLink } from '../../../contracts/deepLink';
import type { HostBootstrap } from '../page';
import { ActivityRail } from './activity';
import { ProtocolLog } from './log';
import {
  choicesFromQuery,
  loadSavedConfig,
  personaOrThrow,
  queryFromChoices,
  storeSavedConfig,
  type HostChoices,
} from './url-state';

/** How long Teams waits for the configuration page to answer Save before showing an error. */
const SAVE_TIMEOUT_MS = 30_000;
/** How often the host checks whether the user closed the authentication popup. */
const POPUP_POLL_MS = 250;
const TAB_PAGE_LABEL = { personal: 'Profiles', channel: 'SDS profiles', configure: 'Configure' } as const;

function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`The host page has no #${id}`);
  return element as T;
}

type WindowKind = 'tab' | 'popup';

type PendingPopup = {
  window: Window;
  request: AppRequest;
  replyTo: Window;
  origin: string;
  timer: number;
};

type AppPhase = 'loading' | 'ready' | 'failed' | 'idle';

class TeamsHost {
  readonly #bootstrap: HostBootstrap;
  readonly #log: ProtocolLog;
  readonly #frame = byId<HTMLIFrameElement>('tab-frame');
  #choices: HostChoices;
  #state: HostState;
  #frameContext: FrameContext = 'content';
  /** True once the current frame document sent `initialize` (events may then be posted to it). */
  #frameInitialized = false;
  #phase: AppPhase = 'idle';
  #valid = false;
  #pendingConfig: InstanceConfig | null = null;
  #saveTimer: number | null = null;
  #popup: PendingPopup | null = null;
  readonly #handlers = new Set<string>();
  readonly #activity: ActivityRail;

  constructor(bootstrap: HostBootstrap) {
    this.#bootstrap = bootstrap;
    this.#log = new ProtocolLog(byId('log-list'), byId('log-count'), byId('log-clear'));
    const { choices, problems } = choicesFromQuery(window.location.search);
    this.#choices = choices;
    this.#state = this.#newState();
    if (problems.length > 0) this.#showBanner('warning', problems.join(' '));
    this.#wireControls();
    this.#activity = new ActivityRail({
      persona: () => this.#choices.persona,
      open: (webUrl) => void this.#followLink(webUrl),
    });
    this.#activity.start();
    window.addEventListener('message', (event) => this.#onMessage(event));
    // Opened at a deep link's own path (/l/entity/…, as on teams.microsoft.com): follow it.
    if (window.location.pathname.startsWith('/l/')) {
      const link = window.location.href;
      this.#syncUrl();
      if (this.#followLink(link)) return;
    }
    this.#syncUrl();
    this.#loadTab();
  }

  #newState(): HostState {
    const persona = personaOrThrow(this.#choices.persona);
    const state = createHostState({
      persona,
      clientType: this.#choices.client,
      theme: this.#choices.theme,
      tab: this.#choices.tab,
      tabOrigin: this.#bootstrap.tabOrigin,
      validDomains: this.#bootstrap.validDomains,
      locale: this.#choices.locale,
    });
    state.savedConfig = loadSavedConfig(state.team) ?? demoPinnedTab(state.team, this.#bootstrap.tabOrigin);
    return state;
  }

  // -------------------------------------------------------------------------------------------
  // Controls

  #wireControls() {
    const persona = byId<HTMLSelectElement>('persona-select');
    const client = byId<HTMLSelectElement>('client-select');
    const theme = byId<HTMLSelectElement>('theme-select');
    const locale = byId<HTMLSelectElement>('locale-select');
    // Teams restarts its apps when the client's language changes.
    locale.addEventListener('change', () => {
      this.#choices.locale = locale.value as HostChoices['locale'];
      this.#restartApp();
    });
    const linkForm = byId<HTMLFormElement>('link-form');
    linkForm.addEventListener('submit', (event) => {
      event.preventDefault();
      const input = byId<HTMLInputElement>('link-input');
      if (this.#followLink(input.value)) input.value = '';
    });
    persona.addEventListener('change', () => {
      this.#choices.persona = persona.value;
      this.#restartApp();
    });
    client.addEventListener('change', () => {
      this.#choices.client = client.value as HostChoices['client'];
      this.#restartApp();
    });
    theme.addEventListener('change', () => this.#setTheme(theme.value as HostChoices['theme']));
    byId('reload-button').addEventListener('click', () => this.#restartApp());
    const claimsPrompt = byId<HTMLDialogElement>('claims-prompt');
    byId('claims-prompt-verify').addEventListener('click', () => claimsPrompt.close('verify'));
    byId('claims-prompt-cancel').addEventListener('click', () => claimsPrompt.close('cancel'));
    byId('failure-reload').addEventListener('click', () => this.#restartApp());
    byId('setup-button').addEventListener('click', () => this.#selectTab('configure', true));
    byId('save-button').addEventListener('click', () => this.#save());
    const help = byId('help-button');
    help.addEventListener('click', () => {
      const panel = byId('help');
      panel.hidden = !panel.hidden;
      help.setAttribute('aria-expanded', String(!panel.hidden));
    });

    const tabs = [...document.querySelectorAll<HTMLButtonElement>('[role="tab"]')];
    for (const tab of tabs) {
      tab.addEventListener('click', () => this.#selectTab(tab.dataset.tab as HostChoices['tab'], false));
      tab.addEventListener('keydown', (event) => {
        const index = tabs.indexOf(tab);
        const next =
          event.key === 'ArrowRight'
            ? tabs[(index + 1) % tabs.length]
            : event.key === 'ArrowLeft'
              ? tabs[(index - 1 + tabs.length) % tabs.length]
              : event.key === 'Home'
                ? tabs[0]
                : event.key === 'End'
                  ? tabs[tabs.length - 1]
                  : undefined;
        if (!next) return;
        event.preventDefault();
        next.focus();
        this.#selectTab(next.dataset.tab as HostChoices['tab'], false);
      });
    }
  }

  #selectTab(tab: HostChoices['tab'], keepBanner: boolean) {
    if (tab === this.#choices.tab && this.#phase !== 'failed' && this.#state.subEntityId === null) return;
    this.#choices.tab = tab;
    this.#state.tab = tab;
    // Opened from the tab strip, not from a link: no sub-page.
    this.#state.subEntityId = null;
    if (!keepBanner) this.#hideBanner();
    this.#syncUrl();
    this.#loadTab();
  }

  /** A persona or client switch is a new Teams session: the app starts over. */
  #restartApp() {
    this.#cancelPopup('the host restarted the app');
    this.#state = this.#newState();
    this.#hideBanner();
    this.#syncUrl();
    this.#loadTab();
    // Another persona has another feed.
    this.#activity.start();
  }

  #setTheme(theme: HostChoices['theme']) {
    this.#choices.theme = theme;
    this.#state.theme = theme;
    this.#syncUrl();
    this.#render();
    // Only the tab hears it: the sign-in popup may be on Entra's origin, where a post would fail.
    this.#postEventToTab(themeChangeEvent(theme));
  }

  #syncUrl() {
    const query = queryFromChoices(this.#choices);
    if (window.location.search !== query || window.location.pathname !== '/') {
      window.history.replaceState(null, '', `/${query}`);
    }
  }

  // -------------------------------------------------------------------------------------------
  // Deep links

  /**
   * Follows a Teams deep link (pasted, opened at /l/entity/…, or from the tab's `app.openLink`):
   * opens the tab it points to with its sub-page as `subPageId`, a new app session as in Teams.
   * False (and a banner saying why) when it cannot.
   */
  #followLink(text: string): boolean {
    const parsed = readHostDeepLink(text, window.location.origin);
    if (!parsed.ok) {
      this.#showBanner('warning', `Teams can't open that link: ${parsed.reason}`);
      return false;
    }
    return this.#openEntity(parsed.link);
  }

  #openEntity(link: TeamsEntityLink): boolean {
    const target = deepLinkTarget(this.#state, link);
    if (!target.ok) {
      this.#showBanner('warning', target.reason);
      return false;
    }
    this.#cancelPopup('a deep link opened another page');
    this.#hideBanner();
    this.#choices.tab = target.tab;
    this.#state.tab = target.tab;
    this.#state.subEntityId = target.subEntityId;
    this.#log.record({
      direction: 'event',
      window: 'tab',
      args: [link],
      note: `followed a deep link to the ${target.tab} tab${target.subEntityId ? ` (subEntityId ${target.subEntityId})` : ''}`,
    });
    this.#syncUrl();
    this.#loadTab();
    return true;
  }

  // -------------------------------------------------------------------------------------------
  // The tab frame

  #tabUrl(): string | null {
    const origin = this.#bootstrap.tabOrigin;
    switch (this.#state.tab) {
      // As the manifest declares them (appPackage/manifest.json), placeholders filled like Teams does.
      case 'personal':
        return substituteUrlPlaceholders(
          `${origin}/tab?theme={theme}&locale={locale}`,
          legacyContext(this.#state, 'content'),
        );
      case 'configure':
        return substituteUrlPlaceholders(
          `${origin}/config?theme={theme}&locale={locale}`,
          legacyContext(this.#state, 'settings'),
        );
      case 'channel': {
        const saved = this.#state.savedConfig;
        if (!saved) return null;
        return substituteUrlPlaceholders(saved.contentUrl, legacyContext(this.#state, 'content'));
      }
    }
  }

  #loadTab() {
    this.#cancelSave();
    this.#state.appSessionId = crypto.randomUUID();
    this.#frameContext = frameContextFor(this.#state.tab);
    this.#frameInitialized = false;
    this.#handlers.clear();
    this.#valid = false;
    this.#pendingConfig = null;
    this.#setSaveStatus('');
    const url = this.#tabUrl();
    if (url === null) {
      this.#phase = 'idle';
      this.#frame.src = 'about:blank';
    } else {
      this.#phase = 'loading';
      this.#frame.title = this.#state.tab === 'configure' ? 'SDS Profiles configuration' : 'SDS Profiles tab';
      this.#frame.src = url;
    }
    this.#render();
  }

  #render() {
    const { persona, clientType, theme, tab, team } = this.#state;
    const root = document.documentElement;
    root.dataset.theme = theme;
    root.dataset.client = clientType;
    root.dataset.mobile = String(isMobile(clientType));
    root.dataset.tab = tab;
    byId<HTMLSelectElement>('persona-select').value = persona.key;
    byId<HTMLSelectElement>('client-select').value = clientType;
    byId<HTMLSelectElement>('theme-select').value = theme;
    byId<HTMLSelectElement>('locale-select').value = this.#state.locale;
    byId('me-name').textContent = persona.displayName;
    byId('me-avatar').textContent = persona.displayName
      .split(' ')
      .map((part) => part[0] ?? '')
      .join('')
      .slice(0, 2);

    for (const button of document.querySelectorAll<HTMLButtonElement>('[role="tab"]')) {
      const selected = button.dataset.tab === tab;
      button.setAttribute('aria-selected', String(selected));
      button.tabIndex = selected ? 0 : -1;
    }
    byId('stage').setAttribute('aria-labelledby', `tab-${tab}`);
    byId('location-caption').textContent =
      tab === 'personal'
        ? `Personal app · ${TAB_PAGE_LABEL.personal}`
        : `${team.teamName} › ${team.channelName}`;

    const configuring = tab === 'configure';
    byId('config-header').hidden = !configuring;
    byId('config-footer').hidden = !configuring;
    byId('config-subtitle').textContent = `${team.teamName} › ${team.channelName}`;
    byId<HTMLButtonElement>('save-button').disabled = !this.#valid || this.#saveTimer !== null;

    const unconfigured = tab === 'channel' && this.#state.savedConfig === null;
    byId('unconfigured').hidden = !unconfigured;
    this.#frame.hidden = unconfigured;

    byId('frame-overlay').hidden = this.#phase !== 'loading' && this.#phase !== 'failed';
    byId('overlay-loading').hidden = this.#phase !== 'loading';
    byId('overlay-failure').hidden = this.#phase !== 'failed';
  }

  // -------------------------------------------------------------------------------------------
  // Messages

  #onMessage(event: MessageEvent) {
    const kind: WindowKind | null =
      event.source !== null && event.source === this.#frame.contentWindow
        ? 'tab'
        : this.#popup !== null && event.source === this.#popup.window
          ? 'popup'
          : null;
    const request = parseAppRequest(event.data);
    if (kind === null || event.origin !== this.#bootstrap.tabOrigin) {
      this.#log.record({
        direction: 'dropped',
        window: kind ?? 'unknown',
        func: request?.func,
        id: request?.id,
        args: request?.args ?? [],
        origin: event.origin,
        note:
          kind === null
            ? `from a window that is neither the tab frame nor the sign-in popup (origin ${event.origin})`
            : `from origin ${event.origin}, not the tab's origin ${this.#bootstrap.tabOrigin}`,
      });
      return;
    }
    // Anything else (browser extensions, dev tools) is not teams-js and is not answered.
    if (request === null) return;
    const source = event.source as Window;
    const frameContext: FrameContext = kind === 'tab' ? this.#frameContext : 'authentication';
    if (kind === 'tab' && request.func === 'initialize') this.#frameInitialized = true;

    const outcome = handleAppRequest(this.#state, frameContext, request);
    this.#log.record({
      direction: 'in',
      window: kind,
      frameContext,
      func: request.func,
      id: request.id,
      args: request.args,
      origin: event.origin,
      ...(outcome.unsupported
        ? { unsupported: true, note: `the emulator does not implement ${request.func}` }
        : {}),
      ...(outcome.refused ? { note: outcome.refused } : {}),
    });
    if (outcome.unsupported) console.warn(`Teams host emulator: not supported: ${request.func}`);
    if (outcome.reply) this.#respond(source, event.origin, kind, frameContext, request, outcome.reply);
    if (outcome.effect)
      this.#apply(outcome.effect, { source, origin: event.origin, kind, frameContext, request });
  }

  #respond(
    target: Window,
    origin: string,
    kind: WindowKind,
    frameContext: FrameContext,
    request: AppRequest,
    args: unknown[],
  ) {
    const response = responseTo(request, args);
    this.#log.record({
      direction: 'out',
      window: kind,
      frameContext,
      func: request.func,
      id: request.id,
      args,
    });
    target.postMessage(response, origin);
  }

  #postEventToTab(event: HostEvent) {
    // Posting to a frame that is not (yet) on the tab's origin would only raise a console error.
    if (!this.#frameInitialized || !this.#frame.contentWindow) return;
    this.#postEvent(this.#frame.contentWindow, 'tab', event);
  }

  #postEvent(target: Window, kind: WindowKind, event: HostEvent) {
    this.#log.record({ direction: 'event', window: kind, func: event.func, args: event.args });
    target.postMessage(event, this.#bootstrap.tabOrigin);
  }

  #apply(
    effect: HostEffect,
    from: {
      source: Window;
      origin: string;
      kind: WindowKind;
      frameContext: FrameContext;
      request: AppRequest;
    },
  ) {
    const reply = (args: unknown[]) =>
      this.#respond(from.source, from.origin, from.kind, from.frameContext, from.request, args);
    switch (effect.type) {
      case 'getAuthToken':
        void (effect.claims ? this.#stepUp(effect.claims) : Promise.resolve(true))
          .then((verified) =>
            verified
              ? this.#fetchToken(effect.clientId, effect.claims)
              : { error: 'CancelledByUser: the user cancelled the verification prompt' },
          )
          .then((result) => reply(authTokenResponse(result)));
        return;
      case 'authenticate':
        this.#openPopup(effect, from);
        return;
      case 'authenticateResult':
        this.#finishPopup(authenticateOutcome.result(effect.ok, effect.value));
        return;
      case 'validity':
        this.#valid = effect.valid;
        this.#render();
        return;
      case 'configSet':
        if (from.frameContext === 'settings') {
          this.#pendingConfig = effect.config;
        } else {
          // pages.config.setConfig from a content frame updates the running tab's configuration.
          this.#state.savedConfig = effect.config;
          storeSavedConfig(this.#state.team, effect.config);
        }
        return;
      case 'saveResult':
        this.#onSaveResult(effect.ok, effect.reason);
        return;
      case 'appLoaded':
      case 'appInitialized':
        if (from.kind === 'tab' && this.#phase === 'loading') {
          this.#phase = 'ready';
          this.#render();
        }
        return;
      case 'appFailed':
        if (from.kind !== 'tab') return;
        this.#phase = 'failed';
        byId('failure-title').textContent = effect.expected
          ? `SDS Profiles reported a problem (${effect.reason})`
          : `SDS Profiles couldn't load (${effect.reason})`;
        byId('failure-detail').textContent = effect.message || 'The app gave no details.';
        this.#render();
        return;
      case 'handlerRegistered':
        this.#handlers.add(effect.name);
        return;
      case 'openLink': {
        const link =
          effect.via === 'executeDeepLink' ? readHostDeepLink(effect.url, window.location.origin) : null;
        if (link?.ok) {
          this.#openEntity(link.link);
        } else if (
          /^https:\/\//i.test(effect.url) &&
          !/^https:\/\/teams\.microsoft\.com\//i.test(effect.url)
        ) {
          // Teams opens a link that is not its own in the user's browser: a window of its own here
          // (an export's one-time download link downloads there).
          window.open(effect.url, '_blank', 'noopener');
          const { origin, pathname } = new URL(effect.url);
          this.#showBanner('info', `Teams opened ${origin}${pathname} in the browser.`);
        } else {
          this.#showBanner('info', `Teams would open ${effect.url} (${effect.via}).`);
        }
        return;
      }
      case 'navigateToApp': {
        const target = deepLinkTarget(this.#state, effect.link);
        reply(target.ok ? [true] : [false, target.reason]);
        if (target.ok) this.#openEntity(effect.link);
        return;
      }
      case 'writeClipboard':
        // The click that asked for it happened in the tab frame; Chromium passes its user
        // activation up to this page, which may then write.
        navigator.clipboard.writeText(effect.text).then(
          () => reply([]),
          (error: unknown) =>
            reply([
              {
                errorCode: sdkErrorCodes.notSupportedInCurrentContext,
                message: `Clipboard write refused: ${String(error)}`,
              },
            ]),
        );
        return;
      case 'readyToUnload':
        return;
    }
  }

  /** The prompt Teams shows for a claims challenge; resolves true when the user verifies. */
  #stepUp(claims: string[]): Promise<boolean> {
    const dialog = byId<HTMLDialogElement>('claims-prompt');
    byId('claims-prompt-detail').textContent = claims.join(' ');
    return new Promise((resolve) => {
      dialog.addEventListener('close', () => resolve(dialog.returnValue === 'verify'), { once: true });
      dialog.returnValue = '';
      dialog.showModal();
    });
  }

  async #fetchToken(clientId: string, claims?: string[]): Promise<{ token: string } | { error: string }> {
    try {
      const response = await fetch('/sso-token', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ persona: this.#state.persona.key, clientId, ...(claims ? { claims } : {}) }),
      });
      const body = (await response.json()) as { token?: string; error?: string };
      if (response.ok && typeof body.token === 'string') return { token: body.token };
      return { error: body.error ?? `The host's token endpoint answered ${response.status}` };
    } catch (error) {
      return { error: `The host could not reach its token endpoint: ${String(error)}` };
    }
  }

  // -------------------------------------------------------------------------------------------
  // The authentication popup

  #openPopup(
    effect: Extract<HostEffect, { type: 'authenticate' }>,
    from: {
      source: Window;
      origin: string;
      kind: WindowKind;
      frameContext: FrameContext;
      request: AppRequest;
    },
  ) {
    this.#cancelPopup('a new sign-in window replaced it');
    const left = Math.max(0, Math.round(window.screenX + (window.outerWidth - effect.width) / 2));
    const top = Math.max(0, Math.round(window.screenY + (window.outerHeight - effect.height) / 2));
    const popup = window.open(
      effect.url,
      'sds-teams-auth',
      `popup,width=${effect.width},height=${effect.height},left=${left},top=${top}`,
    );
    if (!popup) {
      this.#respond(
        from.source,
        from.origin,
        from.kind,
        from.frameContext,
        from.request,
        authenticateOutcome.failedToOpen(),
      );
      return;
    }
    const timer = window.setInterval(() => {
      if (popup.closed) this.#finishPopup(authenticateOutcome.cancelled());
    }, POPUP_POLL_MS);
    this.#popup = { window: popup, request: from.request, replyTo: from.source, origin: from.origin, timer };
  }

  #finishPopup(args: unknown[]) {
    const pending = this.#popup;
    if (!pending) return;
    this.#popup = null;
    window.clearInterval(pending.timer);
    if (!pending.window.closed) pending.window.close();
    this.#respond(pending.replyTo, pending.origin, 'tab', this.#frameContext, pending.request, args);
  }

  #cancelPopup(why: string) {
    if (!this.#popup) return;
    this.#log.record({
      direction: 'event',
      window: 'popup',
      args: [],
      note: `sign-in window closed: ${why}`,
    });
    this.#finishPopup(authenticateOutcome.cancelled());
  }

  // -------------------------------------------------------------------------------------------
  // The configuration page's Save

  #save() {
    if (!this.#valid || this.#saveTimer !== null) return;
    this.#setSaveStatus('Saving…');
    this.#saveTimer = window.setTimeout(() => {
      this.#saveTimer = null;
      this.#setSaveStatus("We couldn't save your tab settings. Please try again.", true);
      this.#render();
    }, SAVE_TIMEOUT_MS);
    this.#render();
    this.#postEventToTab(settingsSaveEvent());
    if (!this.#handlers.has('save')) {
      // teams-js answers settings.save itself (success) when the page registered no handler.
      this.#log.record({
        direction: 'event',
        window: 'tab',
        args: [],
        note: 'the page registered no save handler',
      });
    }
  }

  #cancelSave() {
    if (this.#saveTimer !== null) window.clearTimeout(this.#saveTimer);
    this.#saveTimer = null;
  }

  #onSaveResult(ok: boolean, reason: string | undefined) {
    if (this.#saveTimer === null) return;
    this.#cancelSave();
    if (!ok) {
      this.#setSaveStatus(`The tab could not be saved: ${reason ?? 'no reason given'}`, true);
      this.#render();
      return;
    }
    const config = this.#pendingConfig;
    if (!config) {
      this.#setSaveStatus('The configuration page reported success without calling setConfig.', true);
      this.#render();
      return;
    }
    storeSavedConfig(this.#state.team, config);
    this.#state.savedConfig = config;
    const name = config.suggestedDisplayName ?? TAB_PAGE_LABEL.channel;
    this.#choices.tab = 'channel';
    this.#state.tab = 'channel';
    this.#syncUrl();
    this.#loadTab();
    this.#showBanner('success', `Saved. “${name}” is now a tab in ${this.#state.team.channelName}.`);
  }

  #setSaveStatus(text: string, error = false) {
    const status = byId('save-status');
    status.textContent = text;
    status.classList.toggle('error', error);
  }

  // -------------------------------------------------------------------------------------------
  // Banner

  #showBanner(kind: 'success' | 'info' | 'warning', text: string) {
    const banner = byId('banner');
    banner.dataset.kind = kind;
    banner.replaceChildren();
    const message = document.createElement('span');
    message.textContent = text;
    const dismiss = document.createElement('button');
    dismiss.type = 'button';
    dismiss.className = 'bar-button';
    dismiss.textContent = 'Dismiss';
    dismiss.addEventListener('click', () => this.#hideBanner());
    banner.append(message, dismiss);
    banner.hidden = false;
  }

  #hideBanner() {
    byId('banner').hidden = true;
  }
}

const bootstrap = JSON.parse(byId('host-bootstrap').textContent ?? '{}') as HostBootstrap;
new TeamsHost(bootstrap);
