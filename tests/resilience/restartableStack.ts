/**
 * A stack whose app server can be stopped and started again while the emulator keeps running,
 * as when App Service restarts the backend (a deployment, a crash, a scale-in) in the middle of
 * an admin's edit. The first server comes from scripts/stack.ts; a restarted one is launched the
 * same way (same entry, same environment from `emulatorServerEnv`), so nothing differs but the pid.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { emulatorServerEnv, startStack, type Stack, type StackPorts } from '../../scripts/stack';

const root = path.resolve(import.meta.dirname, '..', '..');

export const RESTART_SERVER_ENV = { RATE_LIMIT_PER_MINUTE: '100000', LOG_LEVEL: 'warn' };

/** RESTART_E2E_PORT_BASE (default 54000): app, then +100/+101/+102 for Entra, Graph, Teams host. */
export function restartPorts(env: NodeJS.ProcessEnv = process.env): StackPorts {
  const raw = env.RESTART_E2E_PORT_BASE;
  const base = raw === undefined || raw === '' ? 54000 : Number(raw);
  if (!Number.isInteger(base) || base < 1024 || base + 102 > 65535) {
    throw new Error(`RESTART_E2E_PORT_BASE must be a port number between 1024 and 65433, got "${raw}"`);
  }
  return { app: base, entra: base + 100, graph: base + 101, teamsHost: base + 102 };
}

export class RestartableStack {
  readonly stack: Stack;
  #server: ChildProcess;
  #output: string[] = [];

  private constructor(stack: Stack) {
    this.stack = stack;
    this.#server = stack.server;
  }

  static async start(ports: StackPorts = restartPorts()): Promise<RestartableStack> {
    return new RestartableStack(await startStack({ ports, stdio: 'capture', serverEnv: RESTART_SERVER_ENV }));
  }

  get urls() {
    return this.stack.urls;
  }

  /** Stops the app server the way a platform restart does: SIGTERM, then SIGKILL if it lingers. */
  async stopServer(): Promise<void> {
    const server = this.#server;
    if (server.exitCode !== null || server.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const kill = setTimeout(() => server.kill('SIGKILL'), 10_000);
      server.once('exit', () => {
        clearTimeout(kill);
        resolve();
      });
      server.kill('SIGTERM');
    });
  }

  /** Starts a new app server process and waits until it answers /api/health. */
  async startServer(timeoutMs = 30_000): Promise<void> {
    const server = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
      cwd: root,
      env: {
        ...process.env,
        NODE_EXTRA_CA_CERTS: this.stack.certs.caCertPath,
        ...emulatorServerEnv(this.stack.ports, this.stack.certs),
        ...RESTART_SERVER_ENV,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer) => this.#output.push(chunk.toString());
    server.stdout?.on('data', keep);
    server.stderr?.on('data', keep);
    this.#server = server;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (server.exitCode !== null) {
        throw new Error(`The restarted app server exited with code ${server.exitCode}:\n${this.output()}`);
      }
      try {
        const response = await fetch(`${this.urls.app}/api/health`);
        await response.body?.cancel();
        if (response.status < 500 || response.status === 503) return;
      } catch {
        // Not listening yet.
      }
      if (Date.now() > deadline)
        throw new Error(`The restarted app server did not answer within ${timeoutMs} ms`);
      // Polling a starting process is the one wait here: there is no event to wait for instead.
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  }

  output(): string {
    return `${this.stack.output()}${this.#output.join('')}`;
  }

  async stop(): Promise<void> {
    await this.stopServer();
    await this.stack.stop();
  }
}
