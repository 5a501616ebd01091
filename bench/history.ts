/**
 * Change history: what recording adds to every save (the pending insert before Graph is asked plus
 * the update after, both awaited on the save's path), median and p99 over 500 saves, and how much
 * disk 10,000 records of a real profile take. On PGlite files (the default) and, when Debian's
 * postgresql is installed, on a PostgreSQL cluster started for the run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { apiRoutes, profileDetailSchema, type Profile } from '../contracts/api';
import { diffProfiles } from '../contracts/profileChanges';
import { toUpdate } from '../contracts/profileModel';
import { openDatabase, type Database } from '../server/history/database';
import { createHistoryStore, type BeginRecord } from '../server/history/store';
import { startPostgresServer } from '../tests/support/postgresServer';
import { apiJson, firstProfileId, type BenchContext } from './context';
import { percentile } from './load';
import type { Figure } from './report';

const SECTION = 'Change history';
const SAVES = 500;
const SIZE_RECORDS = 10_000;
/** A save makes two Graph round trips of hundreds of ms each: recording must stay a small part of that. */
const P99_TARGET_MS = 50;

export type HistoryRaw = Record<string, { medianMs: number; p99Ms: number; bytesPer10k: number }>;

async function measureEngine(
  database: Database,
  profile: Profile,
  label: string,
): Promise<{ figures: Figure[]; raw: HistoryRaw[string] }> {
  const store = createHistoryStore(database.db);
  const renamed = { ...profile, displayName: `${profile.displayName} (renamed)` };
  const record: BeginRecord = {
    tenantId: 'c0a70de5-0000-4000-8000-000000000001',
    profileId: profile.id,
    profileName: profile.displayName,
    operation: 'save',
    actor: {
      objectId: 'a0000000-0000-4000-8000-00000000c001',
      displayName: 'Megan Bowen',
      userPrincipalName: 'admin@contoso.edu',
    },
    requestId: '00000000-0000-4000-8000-000000000000',
    before: profile,
    after: renamed,
    changes: diffProfiles(toUpdate(profile), toUpdate(renamed)),
  };
  const durations: number[] = [];
  for (let i = 0; i < SAVES; i++) {
    const started = performance.now();
    const id = await store.begin(record);
    await store.complete(id, { outcome: 'succeeded', httpStatus: 202, after: renamed });
    durations.push(performance.now() - started);
  }
  durations.sort((a, b) => a - b);
  for (let done = SAVES; done < SIZE_RECORDS; done += 500) {
    await database.db.transaction().execute(async (trx) => {
      const batch = createHistoryStore(trx);
      for (let i = 0; i < 500 && done + i < SIZE_RECORDS; i++) {
        const id = await batch.begin(record);
        await batch.complete(id, { outcome: 'succeeded', httpStatus: 202, after: renamed });
      }
    });
  }
  await sql`VACUUM ANALYZE change_records`.execute(database.db);
  const size = await sql<{ bytes: string | number }>`
    SELECT pg_total_relation_size('change_records') AS bytes`.execute(database.db);
  const bytes = Number(size.rows[0]!.bytes);
  const raw = {
    medianMs: percentile(durations, 0.5),
    p99Ms: percentile(durations, 0.99),
    bytesPer10k: bytes,
  };
  const detail = `${label}: pending insert + completing update per save, ${SAVES} sequential saves of a real profile`;
  return {
    raw,
    figures: [
      {
        section: SECTION,
        name: `${label}: history write per save, median`,
        value: raw.medianMs,
        unit: 'ms',
        digits: 2,
        detail,
      },
      {
        section: SECTION,
        name: `${label}: history write per save, p99`,
        value: raw.p99Ms,
        unit: 'ms',
        digits: 2,
        target: { comparison: 'atMost', value: P99_TARGET_MS, unit: 'ms' },
        detail,
      },
      {
        section: SECTION,
        name: `${label}: database size per 10,000 records`,
        value: bytes / 1024 / 1024,
        unit: 'MiB',
        digits: 1,
        detail: `${label}: table, indexes and TOAST (pg_total_relation_size) after ${SIZE_RECORDS} saves with both versions and the change list`,
      },
    ],
  };
}

export async function measureHistory(ctx: BenchContext): Promise<{ figures: Figure[]; raw: HistoryRaw }> {
  const token = await ctx.emulator.ssoToken('admin@contoso');
  const id = await firstProfileId(ctx, token);
  const { profile } = profileDetailSchema.parse((await apiJson(ctx, apiRoutes.profile(id), token)).body);
  const figures: Figure[] = [];
  const raw: HistoryRaw = {};

  const dir = mkdtempSync(path.join(tmpdir(), 'sds-bench-history-'));
  try {
    ctx.progress('change history on PGlite files');
    const database = await openDatabase({ kind: 'pglite', dataDir: dir }, 'bench');
    try {
      const result = await measureEngine(database, profile, 'PGlite');
      figures.push(...result.figures);
      raw.pglite = result.raw;
    } finally {
      await database.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  ctx.progress('change history on PostgreSQL');
  const server = await startPostgresServer();
  try {
    const database = await openDatabase({ kind: 'postgres', url: server.url }, 'bench');
    try {
      const result = await measureEngine(database, profile, 'PostgreSQL');
      figures.push(...result.figures);
      raw.postgres = result.raw;
    } finally {
      await database.close();
    }
  } finally {
    await server.destroy();
  }
  return { figures, raw };
}
