/**
 * The change history as the app uses it: the database opens on first use (or at boot, where
 * index.ts waits for it to fail fast on a refused database), and an unreachable PostgreSQL is
 * retried on the next use instead of keeping the server down: reads go on meanwhile, and saves
 * and actions answer 503 (server/history/recordChange.ts).
 */
import path from 'node:path';
import type { CheckResult } from '../health';
import type { Logger } from '../logger';
import { DatabaseRefused, openDatabase, schemaVersionOf, type Database, type OpenSettings } from './database';
import { createHistoryStore, type HistoryStore } from './store';

export type History = {
  /** Where records are kept, without credentials. */
  description: string;
  engine: Database['engine'];
  /** Opens (and migrates) now; rejects with DatabaseRefused when this database must not be used. */
  open(): Promise<void>;
  /** Runs `task` on the store, opening the database first if needed. */
  use<T>(task: (store: HistoryStore) => Promise<T>): Promise<T>;
  /**
   * For /api/health: one read of the schema version (opening the database first if needed), so
   * an unreachable PostgreSQL or an unreadable PGlite shows, and its return too.
   */
  check(): Promise<CheckResult>;
  /** Runs `task` on the database itself (the monitor's tables live beside the history's). */
  useDatabase<T>(task: (db: Database['db']) => Promise<T>): Promise<T>;
  /** Purges records older than `days` now and then once a day. */
  startRetention(days: number): void;
  close(): Promise<void>;
};

const DAY_MS = 24 * 60 * 60 * 1000;

export function createHistory(settings: OpenSettings, appVersion: string, logger: Logger): History {
  let opening: Promise<{ database: Database; store: HistoryStore }> | undefined;
  let retention: NodeJS.Timeout | undefined;
  let closed = false;

  const opened = () => {
    opening ??= openDatabase(settings, appVersion).then(
      (database) => {
        logger.info({ history: database.description }, 'change history ready');
        return { database, store: createHistoryStore(database.db) };
      },
      (error: unknown) => {
        opening = undefined;
        throw error;
      },
    );
    return opening;
  };

  const purge = async (days: number) => {
    try {
      const removed = await use((store) => store.purge(new Date(Date.now() - days * DAY_MS)));
      if (removed > 0) logger.info({ removed, retentionDays: days }, 'purged old change-history records');
    } catch (error) {
      logger.warn({ err: error }, 'could not purge old change-history records; trying again tomorrow');
    }
  };

  const description =
    settings.kind === 'postgres'
      ? `PostgreSQL at ${new URL(settings.url).host}`
      : settings.dataDir
        ? `PGlite in ${path.join(settings.dataDir, 'history')}`
        : 'PGlite in memory';

  async function use<T>(task: (store: HistoryStore) => Promise<T>): Promise<T> {
    if (closed) throw new Error('change history is closed');
    return task((await opened()).store);
  }

  return {
    description,
    engine: settings.kind,
    async open() {
      await opened();
    },
    use,
    async check() {
      // Where PGlite's files are is for the logs, not for an answer anyone may ask for.
      const name = settings.kind === 'postgres' ? description : 'PGlite (embedded)';
      if (closed) return { ok: false, detail: `${name}: closed (the server is stopping)` };
      try {
        const { database } = await opened();
        const version = await schemaVersionOf(database.db);
        return { ok: true, detail: `${name}, schema version ${version}` };
      } catch (error) {
        if (error instanceof DatabaseRefused)
          return { ok: false, detail: `${name} refused: ${error.message}` };
        const problem = error instanceof Error ? error.message || error.name : String(error);
        return { ok: false, detail: `${name} unreachable (${problem})` };
      }
    },
    async useDatabase(task) {
      if (closed) throw new Error('change history is closed');
      return task((await opened()).database.db);
    },
    startRetention(days) {
      void purge(days);
      retention = setInterval(() => void purge(days), DAY_MS);
      retention.unref();
    },
    async close() {
      closed = true;
      clearInterval(retention);
      const current = opening;
      opening = undefined;
      if (current) await current.then((o) => o.database.close()).catch(() => {});
    },
  };
}

export { DatabaseRefused };
