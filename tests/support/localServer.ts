/**
 * What the tests' own servers (redis-server, postgres) share: a free loopback port to start on,
 * and waiting for the line a server prints once it accepts connections.
 */
import type { ChildProcess } from 'node:child_process';
import net from 'node:net';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Resolves when `server` prints `readyLine` (on stdout or stderr); rejects, with everything it
 * printed, when it exits first or stays silent for `timeoutMs` (it is then killed).
 */
export function whenReady(
  server: ChildProcess,
  {
    name,
    port,
    readyLine,
    timeoutMs,
    captured,
  }: {
    name: string;
    port: number;
    readyLine: string;
    timeoutMs: number;
    /** Collects the output (kept by the caller for later errors). */
    captured: string[];
  },
): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      server.kill('SIGKILL');
      reject(
        new Error(
          `${name} did not start on port ${port} within ${timeoutMs / 1000} s:\n${captured.join('')}`,
        ),
      );
    }, timeoutMs);
    const keep = (chunk: Buffer) => {
      captured.push(chunk.toString());
      if (captured.join('').includes(readyLine)) {
        clearTimeout(timer);
        resolve();
      }
    };
    server.stdout?.on('data', keep);
    server.stderr?.on('data', keep);
    server.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with code ${code}:\n${captured.join('')}`));
    });
  });
}
