/**
 * The Teams host emulator page: its controls, tab strip, configuration Save, and the tab frame in
 * which the other page objects look.
 */
import { expect, type Frame, type FrameLocator, type Locator, type Page } from '@playwright/test';
import type {
  HostClientType,
  HostLocale,
  HostLogEntry,
  HostTab,
  HostTheme,
} from '../../../emulator/teams-host/protocol';

export type HostOpenOptions = {
  persona?: string;
  client?: HostClientType;
  theme?: HostTheme;
  tab?: HostTab;
  locale?: HostLocale;
};

const tabNames: Record<HostTab, string> = {
  personal: 'Profiles',
  channel: 'SDS profiles',
  configure: 'Configure',
};

export class TeamsHost {
  readonly page: Page;
  readonly persona: Locator;
  readonly client: Locator;
  readonly theme: Locator;
  readonly saveButton: Locator;
  readonly saveStatus: Locator;
  readonly banner: Locator;
  readonly loading: Locator;
  readonly failure: Locator;
  readonly linkInput: Locator;

  constructor(page: Page) {
    this.page = page;
    const controls = page.getByRole('region', { name: 'Emulator controls' });
    this.persona = controls.getByLabel('Signed in as');
    this.client = controls.getByLabel('Client');
    this.theme = controls.getByLabel('Theme');
    this.saveButton = page.getByRole('button', { name: 'Save', exact: true });
    this.saveStatus = page.locator('#save-status');
    this.banner = page.locator('#banner');
    this.loading = page.locator('#overlay-loading');
    this.failure = page.locator('#overlay-failure');
    this.linkInput = controls.getByLabel('Open a link');
  }

  /** Pastes a Teams deep link into the host's "Open a link", as a user opening it in Teams. */
  async openLink(link: string): Promise<void> {
    await this.linkInput.fill(link);
    await this.linkInput.press('Enter');
  }

  /** The context the host answered the tab's last getContext with (the legacy, flat shape). */
  async lastContext(): Promise<Record<string, unknown>> {
    const answers = (await this.log()).filter((e) => e.direction === 'out' && e.func === 'getContext');
    return (answers.at(-1)?.args[0] ?? {}) as Record<string, unknown>;
  }

  async open(options: HostOpenOptions = {}): Promise<void> {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(options)) if (value !== undefined) query.set(key, value);
    await this.page.goto(`/?${query.toString()}`);
  }

  /** The framed tab (dashboard, profile page, editor, or the configuration page). */
  get tab(): FrameLocator {
    return this.page.frameLocator('#tab-frame');
  }

  /** The tab frame as a Frame (for evaluate: axe, raw protocol messages). */
  async tabFrame(): Promise<Frame> {
    const handle = await this.page.locator('#tab-frame').elementHandle();
    const frame = await handle?.contentFrame();
    if (!frame) throw new Error('The host page has no tab frame');
    return frame;
  }

  tabButton(tab: HostTab): Locator {
    return this.page.getByRole('tab', { name: tabNames[tab], exact: true });
  }

  async selectTab(tab: HostTab): Promise<void> {
    await this.tabButton(tab).click();
    await expect(this.tabButton(tab)).toHaveAttribute('aria-selected', 'true');
  }

  /** The emulator's "Reload tab": the app starts over in a fresh frame, as after reopening it. */
  async reloadTab(): Promise<void> {
    await this.page.getByRole('button', { name: 'Reload tab' }).click();
  }

  async setTheme(theme: HostTheme): Promise<void> {
    await this.theme.selectOption(theme);
  }

  /** Waits until the app told the host it loaded (the host's loading indicator is gone). */
  async waitForAppReady(): Promise<void> {
    await expect
      .poll(() => this.logFuncs('in'), {
        message: 'the tab never sent appInitialization.success / appLoaded',
      })
      .toEqual(expect.arrayContaining([expect.stringMatching(/^appInitialization\.(success|appLoaded)$/)]));
    await expect(this.loading).toBeHidden();
  }

  async log(): Promise<HostLogEntry[]> {
    return this.page.evaluate(() => window.__hostLog);
  }

  async logFuncs(direction: HostLogEntry['direction']): Promise<string[]> {
    const entries = await this.log();
    return entries.filter((e) => e.direction === direction && e.func !== undefined).map((e) => e.func!);
  }

  /** Waits for a logged message that matches and returns it. */
  async waitForLog(match: (entry: HostLogEntry) => boolean, message: string): Promise<HostLogEntry> {
    let found: HostLogEntry | undefined;
    await expect
      .poll(
        async () => {
          found = (await this.log()).find(match);
          return found !== undefined;
        },
        { message },
      )
      .toBe(true);
    return found!;
  }
}
