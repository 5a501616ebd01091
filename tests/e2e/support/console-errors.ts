/**
 * Collects console errors and uncaught exceptions from every page of a browser context: the host
 * page, the tab frame inside it (frames report through their page) and popups, and every
 * Content-Security-Policy violation in any of their frames (a violation caught by the code that
 * caused it logs nothing, yet a report-uri would still send it). A test fails on any it did not
 * announce with `allow(pattern)`.
 */
import type { BrowserContext, ConsoleMessage, Page } from '@playwright/test';

/** The function each frame calls with a CSP violation it saw. */
const CSP_BINDING = '__sdsCspViolation';

/** Runs in every frame before its scripts: passes each CSP violation on to the test. */
function reportCspViolations(binding: string): void {
  document.addEventListener('securitypolicyviolation', (event) => {
    const report = (window as unknown as Record<string, (violation: string) => void>)[binding];
    report?.(
      `${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} at ${event.sourceFile}:${event.lineNumber}`,
    );
  });
}

export class ConsoleErrors {
  readonly #seen: string[] = [];
  readonly #allowed: RegExp[] = [];

  async attach(context: BrowserContext): Promise<void> {
    for (const page of context.pages()) this.#watch(page);
    context.on('page', (page) => this.#watch(page));
    await context.exposeBinding(CSP_BINDING, ({ frame }, violation: string) => {
      this.#seen.push(`CSP violation: ${violation} (in ${frame.url()})`);
    });
    await context.addInitScript(reportCspViolations, CSP_BINDING);
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
