/**
 * A real redis-server (Debian's package) for one test run: on a free port, loopback only,
 * persistence off, stopped with the run. Tests that need it fail at once, saying how to install
 * it, when the machine has none.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { freePort, whenReady } from './localServer';

export type RedisServer = {
  url: string;
  port: number;
  /** Stops the server (SIGTERM) and waits until it has exited: every key is gone with it. */
  stop: () => Promise<void>;
  /** Starts it again on the same port, empty. */
  start: () => Promise<void>;
  output: () => string;
};

const INSTALL_HINT = 'apt-get install redis-server';

/** The redis-server on PATH, or an error that says how to get one. */
export function findRedisServer(): string {
  const found = spawnSync('/bin/sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  const binary = (found.stdout ?? '').trim();
  if (found.status !== 0 || binary === '') {
    throw new Error(
      `These tests need a real Redis and the machine has no redis-server. Install it: ${INSTALL_HINT}`,
    );
  }
  return binary;
}

export async function startRedisServer(): Promise<RedisServer> {
  const binary = findRedisServer();
  const port = await freePort();
  const captured: string[] = [];
  let child: ChildProcess | null = null;

  const start = () =>
    new Promise<void>((resolve, reject) => {
      const server = spawn(
        binary,
        [
          '--port',
          String(port),
          '--bind',
          '127.0.0.1',
          '--save',
          '',
          '--appendonly',
          'no',
          '--protected-mode',
          'yes',
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      child = server;
      whenReady(server, {
        name: 'redis-server',
        port,
        readyLine: 'Ready to accept connections',
        timeoutMs: 10_000,
        captured,
      }).then(resolve, reject);
    });

  const stop = async () => {
    const server = child;
    if (!server || server.exitCode !== null || server.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      server.once('exit', () => resolve());
      server.kill('SIGTERM');
    });
  };

  await start();
  return { url: `redis://127.0.0.1:${port}`, port, stop, start, output: () => captured.join('') };
}
