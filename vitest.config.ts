import { defineConfig } from 'vitest/config';

// Three projects: unit tests run in parallel with no network; dom tests render the tab's hooks and
// components in happy-dom with @testing-library/react (only the network is faked, by an injected
// fetch); integration tests share one started stack (emulator + app server over real HTTPS) and
// run one file at a time because they reset the emulator between tests.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.{ts,tsx}'],
          environment: 'node',
          setupFiles: ['tests/setup/fail-on-console-error.ts'],
        },
      },
      {
        test: {
          name: 'dom',
          include: ['tests/dom/**/*.test.{ts,tsx}'],
          environment: 'happy-dom',
          setupFiles: [
            'tests/setup/fail-on-console-error.ts',
            'tests/setup/dom-network.ts',
            'tests/setup/dom-cleanup.ts',
          ],
          // Fluent's focus trap (tabster) settles on timers, slow when both cores are busy.
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/setup/integration-stack.ts'],
          setupFiles: ['tests/setup/fail-on-console-error.ts'],
          fileParallelism: false,
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
