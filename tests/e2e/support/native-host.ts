/**
 * The mobile ("frameless") Teams host, for real: Teams on Android and iOS loads a tab top-level in
 * a web view and talks to it through `window.nativeInterface.framelessPostMessage(json)` and
 * `window.onNativeMessage({ data })` instead of postMessage (teams-tab-sso.md §1.7). A browser
 * iframe can't do that, so this harness opens the tab top-level, defines `nativeInterface` before
 * any of the tab's scripts run, forwards each message to Node and answers it with the same
 * protocol module the host page uses (emulator/teams-host/protocol.ts).
 */
import type { Page } from '@playwright/test';
import { findPersona } from '../../../emulator/directory';
import {
  authenticateOutcome,
  authTokenResponse,
  createHostState,
  handleAppRequest,
  parseAppRequest,
  redactForLog,
  responseTo,
  themeChangeEvent,
  type AppRequest,
  type HostEvent,
  type HostLogEntry,
  type HostState,
  type HostTheme,
} from '../../../emulator/teams-host/protocol';
import type { EmulatorClient } from '../../support/emulator-client';

export type NativeHostOptions = {
  persona: string;
  client: 'android' | 'ios';
  theme?: HostTheme;
  /** Where the tab is served (the app server's origin). */
  tabOrigin: string;
  emulator: EmulatorClient;
};

const BINDING = '__sdsNativeHostPost';

export class NativeHost {
  readonly page: Page;
  readonly log: HostLogEntry[] = [];
  readonly #state: HostState;
  readonly #emulator: EmulatorClient;
  #seq = 0;
  #ready = false;

  private constructor(page: Page, options: NativeHostOptions) {
    const persona = findPersona(options.persona);
    if (!persona) throw new Error(`Unknown persona "${options.persona}"`);
    this.page = page;
    this.#emulator = options.emulator;
    this.#state = createHostState({
      persona,
      clientType: options.client,
      theme: options.theme ?? 'default',
      tab: 'personal',
      tabOrigin: options.tabOrigin,
    });
  }

  /** Installs the native bridge on `page` and opens the personal tab top-level. */
  static async open(page: Page, options: NativeHostOptions): Promise<NativeHost> {
    const host = new NativeHost(page, options);
    await page.exposeBinding(BINDING, async (source, json: unknown) => {
      // Only the tab's own document speaks for the native host, not frames it may contain.
      if (source.frame !== page.mainFrame()) return;
      await host.#onMessage(json);
    });
    await page.addInitScript((binding) => {
      const post = (window as unknown as Record<string, (json: string) => Promise<void>>)[binding]!;
      Object.defineProperty(window, 'nativeInterface', {
        value: { framelessPostMessage: (json: string) => void post(json) },
        configurable: false,
      });
    }, BINDING);
    await page.goto(`${options.tabOrigin}/tab`);
    return host;
  }

  get ready(): boolean {
    return this.#ready;
  }

  funcs(direction: HostLogEntry['direction']): string[] {
    return this.log.filter((e) => e.direction === direction && e.func !== undefined).map((e) => e.func!);
  }

  async setTheme(theme: HostTheme): Promise<void> {
    this.#state.theme = theme;
    await this.#send(themeChangeEvent(theme), { func: 'themeChange', direction: 'event', args: [theme] });
  }

  async #onMessage(json: unknown) {
    let data: unknown;
    try {
      data = typeof json === 'string' ? JSON.parse(json) : json;
    } catch {
      this.#record({
        direction: 'dropped',
        args: [],
        note: 'framelessPostMessage sent something that is not JSON',
      });
      return;
    }
    const request = parseAppRequest(data);
    if (!request) {
      this.#record({ direction: 'dropped', args: [], note: 'not a teams-js request' });
      return;
    }
    const outcome = handleAppRequest(this.#state, 'content', request);
    this.#record({
      direction: 'in',
      func: request.func,
      id: request.id,
      args: request.args,
      ...(outcome.unsupported ? { unsupported: true } : {}),
      ...(outcome.refused ? { note: outcome.refused } : {}),
    });
    if (outcome.reply) await this.#reply(request, outcome.reply);
    const effect = outcome.effect;
    if (!effect) return;
    switch (effect.type) {
      case 'getAuthToken': {
        const result = await this.#emulator
          .ssoToken(this.#state.persona.key, { clientId: effect.clientId })
          .then((token) => ({ token }))
          .catch((error: unknown) => ({ error: `The native host could not get a token: ${String(error)}` }));
        await this.#reply(request, authTokenResponse(result));
        return;
      }
      case 'authenticate':
        // Teams mobile opens its own web view for sign-in; the harness has none to offer.
        await this.#reply(request, authenticateOutcome.failedToOpen());
        return;
      case 'appLoaded':
      case 'appInitialized':
        this.#ready = true;
        return;
      default:
        return;
    }
  }

  async #reply(request: AppRequest, args: unknown[]) {
    const response = responseTo(request, args);
    await this.#send(response, { func: request.func, id: request.id, direction: 'out', args });
  }

  async #send(data: HostEvent | ReturnType<typeof responseTo>, entry: Omit<HostLogEntry, 'seq' | 'window'>) {
    this.#record(entry);
    await this.page.evaluate((message) => {
      const target = window as unknown as { onNativeMessage?: (event: { data: unknown }) => void };
      target.onNativeMessage?.({ data: message });
    }, data);
  }

  #record(entry: Omit<HostLogEntry, 'seq' | 'window'>) {
    this.log.push({
      ...entry,
      seq: ++this.#seq,
      window: 'native',
      args: redactForLog(entry.func, entry.args),
    });
  }
}
