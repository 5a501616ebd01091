/**
 * The production install and start, as App Service does them (scripts/artifact.ts): the deploy
 * artifact packed with infra/.webappignore and installed with `npm ci --omit=dev` in an empty
 * folder and measured on disk: everything App Service holds after the install, the built server
 * and tab with the packages npm added (target ≤ 40 MB; the server bundles its pure-JavaScript
 * packages, so node_modules is empty today, decision 029), then the built server started with
 * plain Node against the bench's emulator, timed from spawning the process to its first healthy
 * /api/health answer (median of a few starts; the health poll runs every 150 ms). The same start
 * of the TypeScript sources through tsx is shown beside it.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { installArtifact, packArtifact, PRODUCTION_COMMAND, sizeOnDisk } from '../scripts/artifact';
import { buildServer } from '../scripts/build-server';
import { startServerProcess } from '../scripts/stack';
import { freePort } from '../tests/support/localServer';
import type { BenchContext } from './context';
import type { Figure } from './report';

const SECTION = 'Production install';
const SIZE_TARGET_MB = 40;
const STARTS = 3;

export type ProductionInstallRaw = {
  files: number;
  installMs: number;
  /** The upload and what npm installed: dist/server, dist/tab, node_modules, package files. */
  installedBytes: number;
  distServerBytes: number;
  nodeModulesBytes: number;
  packages: number;
  startToHealthyMs: { built: number[]; tsx: number[] };
};

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function timeStarts(ctx: BenchContext, built?: { cwd: string; args: string[] }): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < STARTS; i++) {
    const port = await freePort();
    const started = performance.now();
    const server = await startServerProcess({
      stackPorts: ctx.stack.ports,
      certs: ctx.stack.certs,
      port,
      env: { LOG_LEVEL: 'warn', NODE_ENV: 'production' },
      built,
    });
    times.push(performance.now() - started);
    await server.stop();
  }
  return times;
}

export async function measureProductionInstall(
  ctx: BenchContext,
): Promise<{ figures: Figure[]; raw: ProductionInstallRaw }> {
  ctx.progress('building the server and installing the deploy artifact with npm ci --omit=dev');
  await buildServer();
  const dir = mkdtempSync(path.join(tmpdir(), 'sds-bench-artifact-'));
  try {
    const files = packArtifact(dir);
    const installStarted = performance.now();
    await installArtifact(dir);
    const installMs = performance.now() - installStarted;
    const nodeModules = path.join(dir, 'node_modules');
    const installedLock = path.join(nodeModules, '.package-lock.json');
    const lock = existsSync(installedLock)
      ? (JSON.parse(readFileSync(installedLock, 'utf8')) as { packages: Record<string, unknown> })
      : { packages: {} };
    const raw: ProductionInstallRaw = {
      files: files.length,
      installMs,
      installedBytes: sizeOnDisk(dir),
      distServerBytes: sizeOnDisk(path.join(dir, 'dist', 'server')),
      nodeModulesBytes: existsSync(nodeModules) ? sizeOnDisk(nodeModules) : 0,
      packages: Object.keys(lock.packages).length,
      startToHealthyMs: { built: [], tsx: [] },
    };
    ctx.progress(`starting the built server ${STARTS} times, then the sources through tsx`);
    raw.startToHealthyMs.built = await timeStarts(ctx, { cwd: dir, args: PRODUCTION_COMMAND });
    raw.startToHealthyMs.tsx = await timeStarts(ctx);
    const figures: Figure[] = [
      {
        section: SECTION,
        name: 'installed app after npm ci --omit=dev (dist and node_modules)',
        value: raw.installedBytes / 1e6,
        unit: 'MB',
        digits: 1,
        target: { comparison: 'atMost', value: SIZE_TARGET_MB, unit: 'MB' },
        detail:
          `dist/server ${(raw.distServerBytes / 1e6).toFixed(1)} MB (bundled packages, PGlite's WebAssembly and data), ` +
          `node_modules ${(raw.nodeModulesBytes / 1e6).toFixed(1)} MB in ${raw.packages} packages; file sizes summed (10^6 bytes)`,
      },
      {
        section: SECTION,
        name: 'npm ci --omit=dev (from the npm cache)',
        value: installMs / 1000,
        unit: 's',
        digits: 1,
      },
      {
        section: SECTION,
        name: 'process start to healthy, node dist/server/index.js',
        value: median(raw.startToHealthyMs.built),
        unit: 'ms',
        digits: 0,
        detail: `median of ${STARTS}; polled every 150 ms`,
      },
      {
        section: SECTION,
        name: 'process start to healthy, tsx server/index.ts (development)',
        value: median(raw.startToHealthyMs.tsx),
        unit: 'ms',
        digits: 0,
        detail: `median of ${STARTS}; polled every 150 ms`,
      },
    ];
    return { figures, raw };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
