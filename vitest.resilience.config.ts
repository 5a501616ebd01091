import { defineConfig } from 'vitest/config';

// `npm run test:resilience`: the resilience tests at full length (200 tabs for 30 s, more faults,
// more fuzzing runs) against a stack of their own (RESILIENCE_PORT_BASE, default 53800). The same
// files run briefly inside `npm test` as part of the integration project.
export default defineConfig({
  test: {
    name: 'resilience',
    include: ['tests/integration/resilience-*.test.ts'],
    environment: 'node',
    globalSetup: ['tests/resilience/stack.ts'],
    setupFiles: ['tests/setup/fail-on-console-error.ts'],
    env: { RESILIENCE_FULL: '1' },
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 60_000,
  },
});
