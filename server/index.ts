/**
 * The app server process: reads the configuration (environment, then the Toolkit's .localConfigs),
 * listens on HTTPS when SSL_CRT_FILE/SSL_KEY_FILE are set (plain HTTP otherwise, as behind App
 * Service, which terminates TLS), and shuts down gracefully on SIGTERM/SIGINT.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { createApp } from './app';
import { ConfigError, loadConfig, readLocalConfigs, type Config } from './config';
import { createDependencies } from './dependencies';
import { DatabaseRefused } from './history';
import { createLogger } from './logger';
import { handleClientErrors } from './middleware/clientError';
import { PROJECT_ROOT } from './paths';
import { startTelemetry } from './telemetry';

/** Longest we wait for in-flight requests (Graph's budget is 25 s) before closing connections. */
const SHUTDOWN_GRACE_MS = 26_000;
/** How long start-up waits for Redis before serving without it. */
const STARTUP_REDIS_WAIT_MS = 3000;

let config: Config;
try {
  config = loadConfig(process.env, readLocalConfigs(PROJECT_ROOT));
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`SDS Profiles cannot start. ${error.message}`);
  process.exit(1);
}

// Before anything is logged or served: the SDK (when configured) must see the first request.
const telemetry = await startTelemetry(config.applicationInsightsConnectionString);
const logger = createLogger(config.logLevel, undefined, telemetry.logDestination);
const dependencies = createDependencies(config, logger);
const { sharedState, history, monitor } = dependencies;
const app = createApp(config, dependencies);
if (config.saveLock.leaseMs <= config.graphBudgetMs) {
  logger.warn(
    { leaseMs: config.saveLock.leaseMs, graphBudgetMs: config.graphBudgetMs },
    'SAVE_LOCK_LEASE_MS is not longer than a Graph operation may take: a save stalled past its lease could overlap the next one (fine for tests, not for production)',
  );
}
// A first request should find Redis connected; if it is not there, serve anyway (reads work).
if (!(await sharedState.ready(STARTUP_REDIS_WAIT_MS))) {
  logger.warn(
    { sharedState: sharedState.description },
    'shared state not reachable yet: serving reads; saves and actions answer 503 until it is',
  );
}
// The history database opens (and migrates) before serving. One that must not be used stops the
// server; one that is unreachable is retried on use, and saves answer 503 until it answers.
try {
  await history.open();
  const pending = await history.use((store) => store.countPending());
  if (pending > 0) {
    logger.warn(
      { pending },
      'change-history records were left pending by a server that stopped mid-change; each is settled from Graph on its profile’s next read or save',
    );
  }
} catch (error) {
  if (error instanceof DatabaseRefused) {
    console.error(`SDS Profiles cannot start. ${error.message}`);
    process.exit(1);
  }
  logger.warn(
    { err: error, history: history.description },
    'change history not reachable yet: serving reads; saves and actions answer 503 until it is',
  );
}
history.startRetention(config.historyRetentionDays);
const server = config.tls
  ? https.createServer(
      { cert: readFileSync(config.tls.certFile), key: readFileSync(config.tls.keyFile) },
      app,
    )
  : http.createServer(app);
// Headers over the limit and broken HTTP get problem+json too, not Node's bare status line.
handleClientErrors(server, logger);
// Longer than Azure's load balancer idle timeout, so it never reuses a socket we just closed.
server.keepAliveTimeout = 65_000;

server.on('error', (error: NodeJS.ErrnoException) => {
  console.error(
    error.code === 'EADDRINUSE'
      ? `SDS Profiles cannot start: port ${config.port} is in use. Stop what uses it or set PORT.`
      : `SDS Profiles server failed: ${error.message}`,
  );
  process.exit(1);
});

server.listen(config.port, () => {
  logger.info(
    {
      url: `${config.tls ? 'https' : 'http'}://localhost:${config.port}`,
      sharedState: sharedState.description,
      history: history.description,
      telemetry: telemetry.enabled ? 'Application Insights' : 'off',
    },
    `SDS Profiles listening; shared state ${sharedState.description}; change history ${history.description}`,
  );
  monitor.start();
});

let stopping = false;
function shutdown(signal: NodeJS.Signals) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down: no new connections, finishing requests in flight');
  server.close(() => {
    void monitor
      .stop()
      .catch(() => undefined)
      .then(() => Promise.allSettled([sharedState.close(), history.close(), telemetry.shutdown()]))
      .finally(() => {
        logger.info('stopped');
        process.exit(0);
      });
  });
  // Idle keep-alive sockets would hold close() open; busy ones finish their response first.
  server.closeIdleConnections();
  const idleSweep = setInterval(() => server.closeIdleConnections(), 250);
  idleSweep.unref();
  setTimeout(() => {
    logger.warn('requests still in flight after the grace period; closing them');
    server.closeAllConnections();
    process.exit(0);
  }, SHUTDOWN_GRACE_MS).unref();
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
