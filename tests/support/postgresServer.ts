/**
 * A real PostgreSQL (Debian's `postgresql` package) for one test run: a fresh cluster in a temp
 * folder, on a free loopback port, trust authentication, fsync off, removed with the run. As root
 * (CI, this machine) initdb and postgres refuse to run, so both run as the `postgres` user the
 * package creates. Tests that need it fail at once, saying how to install it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, whenReady } from './localServer';

export type PostgresServer = {
  /** DATABASE_URL for the app server. */
  url: string;
  dataDir: string;
  /** Stops the server (fast shutdown) and waits until it has exited; the data stays. */
  stop: () => Promise<void>;
  /** Starts it again on the same port and data. */
  start: () => Promise<void>;
  /** Stops it and removes the cluster. */
  destroy: () => Promise<void>;
};

const INSTALL_HINT = 'apt-get install postgresql';

/** initdb and postgres from Debian's package (or wherever pg_config says), or how to get them. */
export function findPostgresBinaries(): { initdb: string; postgres: string } {
  const candidates = [
    '/usr/lib/postgresql/17/bin',
    '/usr/lib/postgresql/16/bin',
    '/usr/lib/postgresql/15/bin',
  ];
  const fromPgConfig = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  if (fromPgConfig.status === 0) candidates.unshift(fromPgConfig.stdout.trim());
  const dir = candidates.find(
    (d) => existsSync(path.join(d, 'initdb')) && existsSync(path.join(d, 'postgres')),
  );
  if (!dir) {
    throw new Error(
      `These tests need a real PostgreSQL and the machine has none. Install it: ${INSTALL_HINT}`,
    );
  }
  return { initdb: path.join(dir, 'initdb'), postgres: path.join(dir, 'postgres') };
}

const asRoot = process.getuid?.() === 0;

/** Runs as the `postgres` user when we are root (PostgreSQL refuses root). */
function command(binary: string, args: string[]): [string, string[]] {
  return asRoot ? ['runuser', ['-u', 'postgres', '--', binary, ...args]] : [binary, args];
}

function postgresUid(): { uid: number; gid: number } {
  const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim());
  const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
  if (!Number.isInteger(uid) || !Number.isInteger(gid)) {
    throw new Error(
      `Running as root, PostgreSQL needs the "postgres" user; install the package: ${INSTALL_HINT}`,
    );
  }
  return { uid, gid };
}

export async function startPostgresServer(): Promise<PostgresServer> {
  const binaries = findPostgresBinaries();
  const root = mkdtempSync(path.join(tmpdir(), 'sds-postgres-'));
  if (asRoot) {
    const { uid, gid } = postgresUid();
    chownSync(root, uid, gid);
  }
  const dataDir = path.join(root, 'cluster');
  const [initCommand, initArgs] = command(binaries.initdb, [
    '-D',
    dataDir,
    '-U',
    'sds',
    '--auth=trust',
    '--no-sync',
    '--encoding=UTF8',
    '--locale=C',
  ]);
  const init = spawnSync(initCommand, initArgs, { encoding: 'utf8' });
  if (init.status !== 0) {
    rmSync(root, { recursive: true, force: true });
    throw new Error(`initdb failed (${init.status}):\n${init.stdout}\n${init.stderr}`);
  }
  const port = await freePort();
  const captured: string[] = [];
  let child: ChildProcess | null = null;

  const start = () =>
    new Promise<void>((resolve, reject) => {
      const [startCommand, startArgs] = command(binaries.postgres, [
        '-D',
        dataDir,
        '-p',
        String(port),
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        `unix_socket_directories=${root}`,
        '-c',
        'fsync=off',
        '-c',
        'full_page_writes=off',
      ]);
      const server = spawn(startCommand, startArgs, { stdio: ['ignore', 'pipe', 'pipe'] });
      child = server;
      whenReady(server, {
        name: 'postgres',
        port,
        readyLine: 'ready to accept connections',
        timeoutMs: 20_000,
        captured,
      }).then(resolve, reject);
    });

  const stop = async () => {
    const server = child;
    if (!server || server.exitCode !== null || server.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
    // The postmaster's own pid (runuser in between may not pass signals on): SIGINT = fast shutdown.
    const pidFile = path.join(dataDir, 'postmaster.pid');
    const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').split('\n')[0]) : NaN;
    if (Number.isInteger(pid) && pid > 0) process.kill(pid, 'SIGINT');
    else server.kill('SIGINT');
    await exited;
    captured.length = 0;
  };

  await start();
  return {
    url: `postgres://sds@127.0.0.1:${port}/postgres`,
    dataDir,
    stop,
    start,
    destroy: async () => {
      await stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
