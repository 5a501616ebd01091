/**
 * Browser tests: Debian's Chromium drives the real stack (started by tests/e2e/support/global-setup.ts
 * on E2E_PORT_BASE, default 53400) through the Teams host emulator. Run with
 * `npm run test:e2e` (or `node --import tsx scripts/with-local-ca.ts playwright test`).
 */
import { defineConfig } from '@playwright/test';
import { ensureLocalCertificates } from './emulator/tls';
import { DEFAULT_E2E_PORT_BASE, e2ePorts, e2eUrls } from './tests/e2e/support/ports';
import { chromiumArgs, CHROMIUM_PATH } from './tests/support/chromium';

const urls = e2eUrls();
const { app: portBase } = e2ePorts();
// Pins OUR server certificate's key for Chromium; certificate checks stay on for everything else.
const { spkiSha256 } = ensureLocalCertificates();

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  globalSetup: './tests/e2e/support/global-setup.ts',
  // Two cores, one shared emulator that every test resets: one test at a time.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  // Runs on other port bases (several engineers at once) keep their traces apart.
  outputDir: portBase === DEFAULT_E2E_PORT_BASE ? 'test-results/e2e' : `test-results/e2e-${portBase}`,
  use: {
    browserName: 'chromium',
    baseURL: urls.teamsHost,
    viewport: { width: 1280, height: 800 },
    locale: 'en-US',
    timezoneId: 'UTC',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: chromiumArgs(spkiSha256),
    },
  },
});
