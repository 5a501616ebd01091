/**
 * Starts the local stack as separate processes, exactly as `npm start` runs it: the emulator
 * (Entra ID, Graph, Teams host) and the app server configured against it. Used by `npm start`,
 * the integration and browser test setups and the benchmark, so all of them run the same thing.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EMULATED_TEAMS_APP_ID } from '../emulator/teams-host/protocol';
import { demoApp, tenants } from '../emulator/directory';
import { ensureLocalCertificates, type LocalCertificates } from '../emulator/tls';

export type StackPorts = { app: number; entra: number; graph: number; teamsHost: number };

export const DEFAULT_PORTS: StackPorts = { app: 53000, entra: 53100, graph: 53101, teamsHost: 53102 };

/** Ports from the environment (SDS_APP_PORT, EMULATOR_*_PORT), falling back to `base`. */
export function portsFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  base: StackPorts = DEFAULT_PORTS,
): StackPorts {
  const read = (name: string, fallback: number) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const port = Number(raw);
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      throw new Error(`${name} must be a port number between 1 and 65535, got "${raw}"`);
    }
    return port;
  };
  return {
    app: read('SDS_APP_PORT', base.app),
    entra: read('EMULATOR_ENTRA_PORT', base.entra),
    graph: read('EMULATOR_GRAPH_PORT', base.graph),
    teamsHost: read('EMULATOR_TEAMS_PORT', base.teamsHost),
  };
}

export type StackUrls = {
  app: string;
  entra: string;
  graph: string;
  teamsHost: string;
};

/** The ports of a stack known by its URLs (the integration suites get URLs through `inject`). */
export function stackPortsOf(urls: StackUrls): StackPorts {
  const portOf = (url: string) => Number(new URL(url).port);
  return {
    app: portOf(urls.app),
    entra: portOf(urls.entra),
    graph: portOf(urls.graph),
    teamsHost: portOf(urls.teamsHost),
  };
}

export function stackUrls(ports: StackPorts): StackUrls {
  return {
    app: `https://localhost:${ports.app}`,
    entra: `https://localhost:${ports.entra}`,
    graph: `https://localhost:${ports.graph}`,
    teamsHost: `https://localhost:${ports.teamsHost}`,
  };
}

/** The app server's configuration against the emulator: the only thing that differs from a real tenant. */
export function emulatorServerEnv(ports: StackPorts, certs: LocalCertificates): Record<string, string> {
  const urls = stackUrls(ports);
  return {
    PORT: String(ports.app),
    TAB_ENDPOINT: urls.app,
    TAB_DOMAIN: `localhost:${ports.app}`,
    AAD_APP_CLIENT_ID: demoApp.clientId,
    SECRET_AAD_APP_CLIENT_SECRET: demoApp.clientSecret,
    AAD_APP_TENANT_ID: demoApp.homeTenantId,
    AAD_APP_OAUTH_AUTHORITY_HOST: urls.entra,
    GRAPH_BASE_URL: urls.graph,
    ALLOWED_TENANT_IDS: [tenants.contoso.id, tenants.fabrikam.id].join(','),
    TEAMS_HOST_ORIGINS: urls.teamsHost,
    TEAMS_APP_ID: EMULATED_TEAMS_APP_ID,
    SSL_CRT_FILE: certs.certPath,
    SSL_KEY_FILE: certs.keyPath,
  };
}

export function emulatorEnv(ports: StackPorts, certs: LocalCertificates): Record<string, string> {
  return {
    EMULATOR_ENTRA_PORT: String(ports.entra),
    EMULATOR_GRAPH_PORT: String(ports.graph),
    EMULATOR_TEAMS_PORT: String(ports.teamsHost),
    TAB_ENDPOINT: stackUrls(ports).app,
    EMULATOR_TLS_DIR: certs.dir,
  };
}

export type Stack = {
  ports: StackPorts;
  urls: StackUrls;
  certs: LocalCertificates;
  emulator: ChildProcess;
  server: ChildProcess;
  /** Output of both processes so far (for diagnosing a failed start or test). */
  output: () => string;
  stop: () => Promise<void>;
};

export type StartStackOptions = {
  ports?: StackPorts;
  /** Where the children's output goes: 'inherit' for `npm start`, 'capture' for tests. */
  stdio?: 'inherit' | 'capture';
  /** Extra environment for the app server (tests shorten retry delays, raise rate limits…). */
  serverEnv?: Record<string, string>;
  emulatorEnv?: Record<string, string>;
  readyTimeoutMs?: number;
  /**
   * Where the server's change history lives: 'persistent' is the server's own default
   * (.local/data, for `npm start`); 'temporary' (tests, bench) a fresh folder removed at stop,
   * unless serverEnv names DATA_DIR or DATABASE_URL.
   */
  history?: 'persistent' | 'temporary';
};

/** A fresh DATA_DIR for a server unless `env` already says where its history goes. */
function temporaryDataDir(env: Record<string, string> | undefined): {
  env: Record<string, string>;
  remove: () => void;
} {
  if (env?.DATA_DIR || env?.DATABASE_URL) return { env: {}, remove: () => {} };
  const dir = mkdtempSync(path.join(tmpdir(), 'sds-profiles-data-'));
  return { env: { DATA_DIR: dir }, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

const root = path.resolve(import.meta.dirname, '..');

/**
 * Stacks started by tests and the bench run no monitor unless they ask for one (serverEnv), so
 * its Graph requests never show in another suite's request counts; `npm start` asks for 30 s.
 */
const MONITOR_OFF = { MONITOR_INTERVAL_SECONDS: '0' };

/** How long a start may take: 60 s (tsx compiling the server and PGlite opening its database on a busy
 * 2-core machine have taken over 30 s), or STACK_READY_TIMEOUT_MS. */
function readyTimeoutFromEnv(): number {
  const ms = Number(process.env.STACK_READY_TIMEOUT_MS);
  return Number.isInteger(ms) && ms > 0 ? ms : 60_000;
}

export async function startStack(options: StartStackOptions = {}): Promise<Stack> {
  const ports = options.ports ?? portsFromEnv();
  // A readiness check would happily accept a stale process left on a port, so refuse busy ports.
  await Promise.all(Object.entries(ports).map(([name, port]) => assertPortFree(name, port)));
  const certs = ensureLocalCertificates();
  const urls = stackUrls(ports);
  const captured: string[] = [];
  const launch = (name: string, entry: string, env: Record<string, string>) =>
    spawnEntry(entry, { ...env, NODE_EXTRA_CA_CERTS: certs.caCertPath }, options.stdio, (chunk) => {
      captured.push(`[${name}] ${chunk}`);
      if (captured.length > 2000) captured.splice(0, captured.length - 2000);
    });

  const emulator = launch('emulator', 'emulator/index.ts', {
    ...emulatorEnv(ports, certs),
    ...options.emulatorEnv,
  });
  const data =
    options.history === 'persistent' ? { env: {}, remove: () => {} } : temporaryDataDir(options.serverEnv);
  const server = launch('server', 'server/index.ts', {
    ...emulatorServerEnv(ports, certs),
    ...MONITOR_OFF,
    ...data.env,
    ...options.serverEnv,
  });

  const stop = async () => {
    await Promise.all([terminate(server), terminate(emulator)]);
    data.remove();
  };
  const output = () => captured.join('');

  try {
    const timeout = options.readyTimeoutMs ?? readyTimeoutFromEnv();
    const ca = readFileSync(certs.caCertPath);
    await Promise.all([
      waitForHttps(`${urls.entra}/_emulator/health`, ca, timeout, emulator, 'emulator', output),
      waitForHttps(`${urls.app}/api/health`, ca, timeout, server, 'app server', output),
    ]);
  } catch (error) {
    await stop();
    throw error;
  }
  return { ports, urls, certs, emulator, server, output, stop };
}

/**
 * Runs one of our entry points (server/index.ts, emulator/index.ts) as a child that ends with us,
 * or, given `built`, Node with those arguments in that folder (a deploy artifact, no tsx there).
 */
function spawnEntry(
  entry: string,
  env: Record<string, string>,
  stdio: StartStackOptions['stdio'],
  keep: (chunk: string) => void,
  built?: { cwd: string; args: string[] },
): ChildProcess {
  const child = spawn(
    process.execPath,
    built?.args ?? ['--import', 'tsx', '--import', './scripts/exit-with-parent.ts', entry],
    {
      cwd: built?.cwd ?? root,
      env: { ...process.env, ...env },
      stdio: stdio === 'inherit' ? 'inherit' : ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout?.on('data', (chunk: Buffer) => keep(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => keep(chunk.toString()));
  return child;
}

export type ServerProcess = {
  child: ChildProcess;
  url: string;
  output: () => string;
  /** SIGTERM (a graceful stop), then SIGKILL if it lingers. */
  stop: () => Promise<void>;
};

/**
 * One more app server process against a running emulator, started exactly as startStack starts
 * its own (same entry, same environment from `emulatorServerEnv`), on `port`, with `env` on top:
 * for restarts and for several instances behind one load balancer.
 */
export async function startServerProcess(options: {
  stackPorts: StackPorts;
  certs: LocalCertificates;
  port: number;
  env?: Record<string, string>;
  readyTimeoutMs?: number;
  /** Run a built server instead of server/index.ts: Node's arguments and the folder to run in. */
  built?: { cwd: string; args: string[] };
}): Promise<ServerProcess> {
  await assertPortFree('app server', options.port);
  const captured: string[] = [];
  const data = temporaryDataDir(options.env);
  const child = spawnEntry(
    'server/index.ts',
    {
      ...emulatorServerEnv({ ...options.stackPorts, app: options.port }, options.certs),
      // The tab's address stays the stack's: instances behind a load balancer share one.
      TAB_ENDPOINT: stackUrls(options.stackPorts).app,
      TAB_DOMAIN: `localhost:${options.stackPorts.app}`,
      NODE_EXTRA_CA_CERTS: options.certs.caCertPath,
      ...MONITOR_OFF,
      ...data.env,
      ...options.env,
    },
    'capture',
    (chunk) => {
      captured.push(chunk);
      if (captured.length > 2000) captured.splice(0, captured.length - 2000);
    },
    options.built,
  );
  const url = `https://localhost:${options.port}`;
  const output = () => captured.join('');
  try {
    await waitForHttps(
      `${url}/api/health`,
      readFileSync(options.certs.caCertPath),
      options.readyTimeoutMs ?? readyTimeoutFromEnv(),
      child,
      'app server',
      output,
    );
  } catch (error) {
    await terminate(child);
    data.remove();
    throw error;
  }
  const stop = async () => {
    await terminate(child);
    data.remove();
  };
  return { child, url, output, stop };
}

async function waitForHttps(
  url: string,
  ca: Buffer,
  timeoutMs: number,
  child: ChildProcess,
  name: string,
  output: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`The ${name} exited with code ${child.exitCode} before it was ready.\n${output()}`);
    }
    try {
      // This process may have started before the CA existed, so it is passed explicitly.
      const status = await httpsStatus(url, ca);
      if (status < 500 || status === 503) return;
      lastError = `HTTP ${status}`;
    } catch (error) {
      lastError = String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(`The ${name} did not answer ${url} within ${timeoutMs} ms (${lastError}).\n${output()}`);
}

function assertPortFree(name: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        new Error(
          error.code === 'EADDRINUSE'
            ? `Port ${port} (${name}) is already in use. Is another copy of the stack still running? Stop it, or choose other ports (see README, "Two commands").`
            : `Cannot use port ${port} (${name}): ${error.message}`,
        ),
      );
    });
    probe.listen({ port, host: '::', ipv6Only: false }, () => probe.close(() => resolve()));
  });
}

function httpsStatus(url: string, ca: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = https.get(url, { ca, timeout: 2000 }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('timeout', () => request.destroy(new Error('timed out')));
    request.on('error', reject);
  });
}

function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
