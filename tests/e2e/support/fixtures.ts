/**
 * The browser suite's `test`: before each test the emulator is reset (data, consent, clock,
 * faults, keys), teams-js' CDN look-up is answered locally, and after it any console error,
 * uncaught exception or CSP violation nobody announced fails the test.
 */
import { test as base, expect } from '@playwright/test';
import type { StackUrls } from '../../../scripts/stack';
import { createEmulatorClient, type EmulatorClient } from '../../support/emulator-client';
import { VALID_DOMAINS_URL, validDomains } from '../../support/teams-cdn';
import { TeamsHost } from '../pages/teams-host';
import { ConsoleErrors } from './console-errors';
import { e2eUrls } from './ports';

export { VALID_DOMAINS_URL, validDomains };

type Fixtures = {
  urls: StackUrls;
  emulator: EmulatorClient;
  consoleErrors: ConsoleErrors;
  teamsHost: TeamsHost;
};

export const test = base.extend<Fixtures>({
  // eslint-disable-next-line no-empty-pattern
  urls: async ({}, use) => {
    await use(e2eUrls());
  },

  emulator: [
    async ({ urls }, use) => {
      const client = createEmulatorClient({ entraUrl: urls.entra, graphUrl: urls.graph });
      await client.reset();
      await use(client);
    },
    { auto: true },
  ],

  context: async ({ context }, use) => {
    await context.route(VALID_DOMAINS_URL, (route) => route.fulfill({ json: validDomains }));
    await use(context);
  },

  consoleErrors: [
    async ({ context }, use) => {
      const errors = new ConsoleErrors();
      await errors.attach(context);
      await use(errors);
      const unexpected = errors.unexpected();
      expect(unexpected, `unexpected console errors:\n${unexpected.join('\n')}`).toEqual([]);
    },
    { auto: true },
  ],

  teamsHost: async ({ page }, use) => {
    await use(new TeamsHost(page));
  },
});

export { expect };
