/**
 * `npm run bench`: starts the stack as `npm start` does (on its own ports), measures, prints one
 * table with every figure beside its target, and writes bench/results.json.
 *
 *   npm run bench                      everything (about 5 minutes; scale-out needs redis-server)
 *   npm run bench -- --only=overhead,memory
 *   npm run bench -- --no-build        measure dist/tab as it is
 *
 * BENCH_PORT_BASE (default 53600) moves the ports: app = base, Entra +100, Graph +101, Teams +102.
 * BENCH_SCALE (default 1) scales the load durations, for a quick look while developing.
 * Figures are ratios and counts measured side by side in one run: compare runs on one machine.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { startStack, type Stack } from '../scripts/stack';
import { createEmulatorClient } from '../tests/support/emulator-client';
import { measureBackendOverhead } from './backendOverhead';
import { measureCsvExport } from './csvExport';
import type { BenchContext } from './context';
import { measureDashboardFanOut } from './dashboardFanOut';
import { measureHistory } from './history';
import { measureMemory } from './memory';
import { measureMonitor } from './monitor';
import { measureOnBehalfOf } from './onBehalfOf';
import { measureProductionInstall } from './productionInstall';
import { describeMachine, formatTable, verdict, type Figure } from './report';
import { measureScaleOut } from './scaleOut';
import { measureTabLoad } from './tabLoad';
import { measureTabSize } from './tabSize';

const root = path.resolve(import.meta.dirname, '..');
const distDir = path.join(root, 'dist', 'tab');
const resultsFile = path.join(import.meta.dirname, 'results.json');

const sectionNames = [
  'fanout',
  'obo',
  'overhead',
  'scaleout',
  'memory',
  'history',
  'monitor',
  'csv',
  'size',
  'load',
  'install',
] as const;
type SectionName = (typeof sectionNames)[number];

function parseArgs(argv: string[]) {
  let only: SectionName[] = [...sectionNames];
  let build = true;
  for (const arg of argv) {
    if (arg === '--no-build') build = false;
    else if (arg.startsWith('--only=')) {
      const names = arg.slice('--only='.length).split(',').filter(Boolean);
      const unknown = names.filter((n) => !(sectionNames as readonly string[]).includes(n));
      if (unknown.length) {
        throw new Error(
          `--only: unknown section(s) ${unknown.join(', ')}; choose from ${sectionNames.join(', ')}`,
        );
      }
      only = names as SectionName[];
    } else {
      throw new Error(`Unknown argument "${arg}". Use --only=${sectionNames.join(',')} and/or --no-build.`);
    }
  }
  return { only, build };
}

function readNumber(name: string, fallback: number, check: (n: number) => boolean, what: string): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!check(value)) throw new Error(`${name} must be ${what}, got "${raw}"`);
  return value;
}

function newestModification(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestModification(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** Builds the tab unless dist/tab is newer than every source file it is built from. */
function buildTabIfStale(progress: (m: string) => void): void {
  const index = path.join(distDir, 'index.html');
  const sources = Math.max(
    newestModification(path.join(root, 'src')),
    newestModification(path.join(root, 'contracts')),
    statSync(path.join(root, 'vite.config.ts')).mtimeMs,
  );
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  progress('building the tab (npm run build)');
  const result = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`npm run build failed with exit code ${result.status}`);
}

const { only, build } = parseArgs(process.argv.slice(2));
const base = readNumber(
  'BENCH_PORT_BASE',
  53600,
  (n) => Number.isInteger(n) && n > 0 && n < 65400,
  'a port number below 65400',
);
const scale = readNumber('BENCH_SCALE', 1, (n) => n > 0 && n <= 10, 'a number between 0 and 10');
const progress = (message: string) => process.stderr.write(`· ${message}\n`);
const started = Date.now();
// Everything here shares the machine's cores: a busy machine shows in the figures, so say so.
const loadAtStart = loadavg()[0]!;

if (build && (only.includes('size') || only.includes('load') || only.includes('install'))) {
  buildTabIfStale(progress);
}

progress(`starting the stack on ports ${base}, ${base + 100}, ${base + 101}, ${base + 102}`);
const stack: Stack = await startStack({
  ports: { app: base, entra: base + 100, graph: base + 101, teamsHost: base + 102 },
  stdio: 'capture',
  // The per-user limit would throttle a single benchmark user; it is not what is measured here.
  serverEnv: { RATE_LIMIT_PER_MINUTE: '100000000', LOG_LEVEL: 'warn' },
});
const ctx: BenchContext = {
  stack,
  emulator: createEmulatorClient({ entraUrl: stack.urls.entra, graphUrl: stack.urls.graph }),
  progress,
  scale,
};

const figures: Figure[] = [];
const raw: Record<string, unknown> = {};
/** A section that also keeps its raw measurements under `key` in the JSON report. */
const keeping =
  (
    key: string,
    measure: () => Promise<{ figures: Figure[]; raw: unknown }> | { figures: Figure[]; raw: unknown },
  ) =>
  async (): Promise<Figure[]> => {
    const result = await measure();
    raw[key] = result.raw;
    return result.figures;
  };
const sections: Record<SectionName, { title: string; run: () => Promise<Figure[]> }> = {
  fanout: { title: 'Dashboard fan-out', run: () => measureDashboardFanOut(ctx) },
  obo: { title: 'On-behalf-of', run: () => measureOnBehalfOf(ctx) },
  overhead: { title: 'Backend overhead', run: keeping('overhead', () => measureBackendOverhead(ctx)) },
  scaleout: { title: 'Scale-out', run: keeping('scaleOut', () => measureScaleOut(ctx)) },
  memory: { title: 'Memory', run: keeping('memory', () => measureMemory(ctx)) },
  history: { title: 'Change history', run: keeping('history', () => measureHistory(ctx)) },
  monitor: { title: 'Monitor', run: keeping('monitor', () => measureMonitor(ctx)) },
  csv: { title: 'CSV export of sync errors', run: keeping('csvExport', () => measureCsvExport(ctx)) },
  size: { title: 'Tab bundle', run: keeping('tabSize', () => measureTabSize(distDir)) },
  install: {
    title: 'Production install',
    run: keeping('productionInstall', () => measureProductionInstall(ctx)),
  },
  load: { title: 'Tab load', run: keeping('tabLoad', () => measureTabLoad(ctx)) },
};

try {
  for (const name of sectionNames) {
    if (!only.includes(name)) continue;
    try {
      await ctx.emulator.reset();
      figures.push(...(await sections[name].run()));
    } catch (error) {
      // One section failing must not hide the others' figures.
      const message = error instanceof Error ? error.message : String(error);
      figures.push({
        section: sections[name].title,
        name: 'section',
        value: Number.NaN,
        unit: '',
        digits: 0,
        error: message,
      });
    }
  }
} finally {
  await stack.stop();
}

const machine = describeMachine();
const seconds = (Date.now() - started) / 1000;
console.log(
  `\nSDS Profiles benchmark — ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node ${machine.node}, ` +
    `${seconds.toFixed(0)} s, load average ${loadAtStart.toFixed(1)} at start and ${loadavg()[0]!.toFixed(1)} at the end\n`,
);
console.log(formatTable(figures));
writeFileSync(
  resultsFile,
  `${JSON.stringify(
    {
      date: new Date(started).toISOString(),
      machine,
      loadAverage: { start: loadAtStart, end: loadavg()[0] },
      durationSeconds: seconds,
      scale,
      figures: figures.map((f) => ({
        ...f,
        value: Number.isNaN(f.value) ? null : f.value,
        verdict: verdict(f),
      })),
      raw,
    },
    null,
    2,
  )}\n`,
);
console.log(`\nWrote ${path.relative(root, resultsFile)}`);
if (figures.some((f) => verdict(f) === 'ERROR')) process.exitCode = 1;
