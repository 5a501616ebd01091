/**
 * Playwright global setup: makes sure the tab is built (a clean checkout has no dist/tab), then
 * starts the real stack (emulator + app server) exactly as `npm start` does, on the e2e ports.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startStack } from '../../../scripts/stack';
import { e2ePorts } from './ports';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
const builtTab = path.join(root, 'dist', 'tab', 'index.html');
/** What the tab bundle is made from: a change to any of these makes dist/tab stale. */
const tabSources = ['src', 'contracts', 'vite.config.ts', 'package-lock.json'];

function newestMtime(target: string): number {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

function ensureTabBuilt() {
  const builtAt = existsSync(builtTab) ? statSync(builtTab).mtimeMs : 0;
  const sourcesAt = Math.max(...tabSources.map((s) => newestMtime(path.join(root, s))));
  if (builtAt >= sourcesAt) return;
  console.log(
    builtAt === 0 ? 'Building the tab (dist/tab is missing)…' : 'Rebuilding the tab (src/ changed)…',
  );
  const vite = path.join(root, 'node_modules', '.bin', 'vite');
  const result = spawnSync(vite, ['build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0)
    throw new Error(`vite build failed (exit ${result.status ?? result.signal}); see above.`);
}

export default async function globalSetup() {
  ensureTabBuilt();
  const stack = await startStack({
    ports: e2ePorts(),
    stdio: 'capture',
    // One browser drives many requests as one user; the rate limit has its own integration test.
    serverEnv: { RATE_LIMIT_PER_MINUTE: '100000', LOG_LEVEL: 'warn' },
  });
  return async () => {
    await stack.stop();
    // The server's and emulator's own output, for diagnosing a failed test afterwards.
    mkdirSync(path.join(root, 'test-results'), { recursive: true });
    writeFileSync(path.join(root, 'test-results', 'e2e-stack.log'), stack.output());
  };
}
