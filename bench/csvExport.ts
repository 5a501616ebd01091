/**
 * The sync-error CSV export (issue 15 §2): GET /api/profiles/:id/errors.csv of a profile with
 * 50,000 errors, all of Graph's pages (999 a page) streamed to the client. Time to the last byte,
 * and the app server's resident memory (VmRSS of the child process, sampled every 100 ms) above
 * what it was before: the export streams page by page, so it must not grow with the row count.
 */
import { apiRoutes } from '../contracts/api';
import { bearer, firstProfileId, type BenchContext } from './context';
import { residentKiB } from './memory';
import type { Figure } from './report';

const SECTION = 'CSV export of sync errors';
const ROWS = 50_000;
const RSS_GROWTH_TARGET_MB = 50;

export type CsvExportRaw = {
  rows: number;
  bytes: number;
  seconds: number;
  rssBeforeMiB: number;
  rssPeakMiB: number;
};

/** Reads the whole answer, counting lines and bytes, keeping none of it. */
async function drain(
  ctx: BenchContext,
  path: string,
  token: string,
): Promise<{ lines: number; bytes: number }> {
  const response = await fetch(`${ctx.stack.urls.app}${path}`, { headers: bearer(token) });
  if (response.status !== 200 || !response.body) throw new Error(`${path} answered ${response.status}`);
  let lines = 0;
  let bytes = 0;
  for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    for (const byte of chunk) if (byte === 0x0a) lines++;
  }
  return { lines, bytes };
}

export async function measureCsvExport(ctx: BenchContext): Promise<{ figures: Figure[]; raw: CsvExportRaw }> {
  const pid = ctx.stack.server.pid;
  if (pid === undefined) throw new Error('The app server child process has no pid');
  const token = await ctx.emulator.ssoToken('admin@contoso');
  const profileId = await firstProfileId(ctx, token);
  const path = apiRoutes.profileErrorsCsv(profileId);

  // Warm-up: the route, the Graph client and the token cache, on a small set.
  await ctx.emulator.giveSyncErrors(profileId, { count: 2000, seed: 'bench' });
  await drain(ctx, path, token);
  await ctx.emulator.giveSyncErrors(profileId, { count: ROWS, seed: 'bench' });
  global.gc?.();

  ctx.progress(`CSV export: ${ROWS.toLocaleString('en-US')} errors`);
  const beforeKiB = residentKiB(pid);
  let peakKiB = beforeKiB;
  const sampler = setInterval(() => (peakKiB = Math.max(peakKiB, residentKiB(pid))), 100);
  const started = performance.now();
  let result: { lines: number; bytes: number };
  try {
    result = await drain(ctx, path, token);
  } finally {
    clearInterval(sampler);
  }
  const seconds = (performance.now() - started) / 1000;
  peakKiB = Math.max(peakKiB, residentKiB(pid));
  const rows = result.lines - 1;
  if (rows !== ROWS) throw new Error(`the export had ${rows} rows, not ${ROWS}`);
  const growthMiB = (peakKiB - beforeKiB) / 1024;
  const raw = {
    rows,
    bytes: result.bytes,
    seconds,
    rssBeforeMiB: beforeKiB / 1024,
    rssPeakMiB: peakKiB / 1024,
  };
  return {
    raw,
    figures: [
      {
        section: SECTION,
        name: `Time for ${ROWS.toLocaleString('en-US')} rows`,
        value: seconds,
        unit: 's',
        digits: 1,
        detail: `${(result.bytes / 1024 / 1024).toFixed(1)} MiB of CSV from ${Math.ceil(ROWS / 999)} Graph pages (emulated Graph on the same machine)`,
      },
      {
        section: SECTION,
        name: 'App server RSS growth during the export',
        value: growthMiB,
        unit: 'MB',
        digits: 1,
        target: { comparison: 'atMost', value: RSS_GROWTH_TARGET_MB, unit: 'MB' },
        detail: `VmRSS ${raw.rssBeforeMiB.toFixed(0)} → peak ${raw.rssPeakMiB.toFixed(0)} MiB, sampled every 100 ms`,
      },
    ],
  };
}
