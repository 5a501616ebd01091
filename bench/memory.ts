/**
 * Backend memory under sustained polling: the app server's resident set (VmRSS from
 * /proc/<pid>/status of the server child process) after a warm-up, sampled during 60 s of
 * 50-connection status polling with If-None-Match as the tab polls, and after it.
 */
import { readFileSync } from 'node:fs';
import { apiRoutes } from '../contracts/api';
import { bearer, firstProfileId, type BenchContext } from './context';
import { runLoad, type LoadResult } from './load';
import type { Figure } from './report';

const SECTION = 'Memory: backend RSS under 50-connection status polling';
const GROWTH_TARGET_PERCENT = 20;

export type MemoryRaw = {
  seconds: number;
  beforeKiB: number;
  afterKiB: number;
  samplesKiB: number[];
  load: LoadResult;
};

export function residentKiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  if (!match) throw new Error(`/proc/${pid}/status has no VmRSS line`);
  return Number(match[1]);
}

export async function measureMemory(ctx: BenchContext): Promise<{ figures: Figure[]; raw: MemoryRaw }> {
  const { emulator, stack } = ctx;
  const pid = stack.server.pid;
  if (pid === undefined) throw new Error('The app server child process has no pid');
  const token = await emulator.ssoToken('admin@contoso');
  const profileId = await firstProfileId(ctx, token);
  const url = `${stack.urls.app}${apiRoutes.profileStatus(profileId)}`;
  const first = await fetch(url, { headers: bearer(token) });
  await first.text();
  const etag = first.headers.get('etag');
  const headers = { ...bearer(token), ...(etag ? { 'if-none-match': etag } : {}) };

  const seconds = Math.max(5, Math.round(60 * ctx.scale));
  ctx.progress(`memory: warm-up, then ${seconds} s of polling at 50 connections`);
  await runLoad({ url, connections: 50, durationSeconds: Math.max(2, Math.round(5 * ctx.scale)), headers });
  const beforeKiB = residentKiB(pid);
  const samplesKiB: number[] = [];
  const sampler = setInterval(() => samplesKiB.push(residentKiB(pid)), 5000);
  let load: LoadResult;
  try {
    load = await runLoad({ url, connections: 50, durationSeconds: seconds, headers });
  } finally {
    clearInterval(sampler);
  }
  const afterKiB = residentKiB(pid);
  const peakKiB = Math.max(beforeKiB, afterKiB, ...samplesKiB);
  const growth = (afterKiB / beforeKiB - 1) * 100;
  const mib = (kib: number) => `${(kib / 1024).toFixed(1)} MiB`;
  const bad = Object.entries(load.statusCounts).filter(([s]) => s !== '200' && s !== '304');

  return {
    figures: [
      {
        section: SECTION,
        name: `RSS growth over ${seconds} s`,
        value: growth,
        unit: '%',
        digits: 1,
        target: { comparison: 'below', value: GROWTH_TARGET_PERCENT, unit: '%' },
        detail:
          `${mib(beforeKiB)} before, ${mib(afterKiB)} after, peak ${mib(peakKiB)}; ` +
          `${load.requests.toLocaleString('en-US')} requests (${load.requestsPerSecond.toFixed(0)} req/s, ` +
          `${load.statusCounts['304'] ?? 0} × 304)`,
        ...(bad.length || load.errors
          ? {
              error: `polling answered ${bad.map(([s, n]) => `${n}× ${s}`).join(', ')}, ${load.errors} errors`,
            }
          : {}),
      },
    ],
    raw: { seconds, beforeKiB, afterKiB, samplesKiB, load },
  };
}
