/**
 * Collects console errors and uncaught exceptions from every page of a browser context: the host
 * page, the tab frame inside it (frames report through their page) and popups. A test fails on
 * any it did not announce with `allow(pattern)`.
 */
import type { BrowserContext, ConsoleMessage, Page } from '@playwright/test';

export class ConsoleErrors {
  readonly #seen: string[] = [];
  readonly #allowed: RegExp[] = [];

  attach(context: BrowserContext): void {
    for (const page of context.pages()) this.#watch(page);
    context.on('page', (page) => this.#watch(page));
  }

  /**
   * Announces an error this test provokes on purpose. Chromium reports every 4xx/5xx answer to a
   * fetch as "Failed to load resource: the server responded with a status of N", so a test that
   * expects a 403 or an injected Graph fault allows exactly that status.
   */
  allow(pattern: RegExp): void {
    this.#allowed.push(pattern);
  }

  /** Allows Chromium's report of failed requests with these HTTP statuses. */
  allowHttpStatus(...statuses: number[]): void {
    this.allow(
      new RegExp(`Failed to load resource: the server responded with a status of (${statuses.join('|')})\\b`),
    );
  }

  unexpected(): string[] {
    return this.#seen.filter((text) => !this.#allowed.some((pattern) => pattern.test(text)));
  }

  #watch(page: Page) {
    page.on('console', (message: ConsoleMessage) => {
      if (message.type() !== 'error') return;
      const where = message.location().url || page.url();
      this.#seen.push(`${message.text()} (at ${where})`);
    });
    page.on('pageerror', (error) => {
      this.#seen.push(`Uncaught ${error.name}: ${error.message} (in ${page.url()})`);
    });
  }
}
