/**
 * `npm test`: every suite, one after the other (this machine has two cores), then one closing line
 * `N passed, N failed` totalled over all of them. Runs under scripts/with-local-ca.ts so that the
 * runners and everything they start trust the local CA.
 *
 *   npm test                 builds the tab and the server, unit + integration (vitest), then the browser suite (Playwright)
 *   npm test -- --no-e2e     vitest only
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const resultsDir = path.join(root, 'test-results');
const args = process.argv.slice(2);
const withE2e = !args.includes('--no-e2e');

type Totals = { passed: number; failed: number; skipped: number };

function run(command: string, commandArgs: string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit' });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

function readJson(file: string): unknown {
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
}

function vitestTotals(file: string): Totals | undefined {
  const report = readJson(file) as
    | { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number }
    | undefined;
  if (!report) return undefined;
  return {
    passed: report.numPassedTests,
    failed: report.numFailedTests,
    skipped: report.numPendingTests + report.numTodoTests,
  };
}

function playwrightTotals(file: string): Totals | undefined {
  const report = readJson(file) as
    { stats: { expected: number; unexpected: number; flaky: number; skipped: number } } | undefined;
  if (!report) return undefined;
  return {
    passed: report.stats.expected,
    // A test that only passed on retry is not a pass here.
    failed: report.stats.unexpected + report.stats.flaky,
    skipped: report.stats.skipped,
  };
}

rmSync(resultsDir, { recursive: true, force: true });
mkdirSync(resultsDir, { recursive: true });

const totals: Totals = { passed: 0, failed: 0, skipped: 0 };
let crashed = false;
const add = (suite: string, code: number, result: Totals | undefined) => {
  if (!result) {
    console.error(`\n${suite}: the runner exited with code ${code} and wrote no report.`);
    crashed = true;
    return;
  }
  totals.passed += result.passed;
  totals.failed += result.failed;
  totals.skipped += result.skipped;
  if (code !== 0 && result.failed === 0) {
    console.error(`\n${suite}: the runner exited with code ${code} although no test failed.`);
    crashed = true;
  }
};

// The app server serves the built tab in every suite (the consent flow ends on its auth-end page);
// the deploy artifact's test runs the built server.
const buildCode =
  (await run('vite', ['build', '--logLevel', 'warn'])) ||
  (await run(process.execPath, ['--import', 'tsx', 'scripts/build-server.ts']));
if (buildCode !== 0) {
  console.error('\nThe tab or the server did not build, so no suite can run.\n\n0 passed, 1 failed');
  process.exit(1);
}

const vitestReport = path.join(resultsDir, 'vitest.json');
const vitestCode = await run('vitest', [
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${vitestReport}`,
]);
add('vitest', vitestCode, vitestTotals(vitestReport));

if (withE2e) {
  const e2eReport = path.join(resultsDir, 'e2e.json');
  const e2eCode = await run('playwright', ['test']);
  add('playwright', e2eCode, playwrightTotals(e2eReport));
}

console.log(
  `\n${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`,
);
process.exitCode = totals.failed > 0 || crashed ? 1 : 0;
