import { afterEach, beforeEach, vi } from 'vitest';

// An unexpected console.error fails the test (STYLE.md). A test that expects one spies on
// console.error itself and restores it.
let calls: unknown[][] = [];
beforeEach(() => {
  calls = [];
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    calls.push(args);
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  if (calls.length > 0) {
    const first = calls[0]!.map(String).join(' ');
    throw new Error(`console.error was called ${calls.length} time(s); first: ${first}`);
  }
});
