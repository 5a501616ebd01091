/**
 * A stack whose app server can be stopped and started again while the emulator keeps running,
 * as when App Service restarts the backend (a deployment, a crash, a scale-in) in the middle of
 * an admin's edit. The first server comes from scripts/stack.ts; a restarted one is launched
 * by `startServerProcess` (same entry, same environment), so nothing differs but the pid.
 */
import type { ChildProcess } from 'node:child_process';
import {
  startServerProcess,
  startStack,
  type ServerProcess,
  type Stack,
  type StackPorts,
} from '../../scripts/stack';

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
  #restarted: ServerProcess[] = [];

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
    const server = await startServerProcess({
      stackPorts: this.stack.ports,
      certs: this.stack.certs,
      port: this.stack.ports.app,
      env: RESTART_SERVER_ENV,
      readyTimeoutMs: timeoutMs,
    });
    this.#server = server.child;
    this.#restarted.push(server);
  }

  output(): string {
    return `${this.stack.output()}${this.#restarted.map((server) => server.output()).join('')}`;
  }

  async stop(): Promise<void> {
    await this.stopServer();
    await this.stack.stop();
  }
}
