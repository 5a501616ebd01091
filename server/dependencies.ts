/** The real dependencies of the app: Entra and Graph as configured (the emulator or a tenant). */
import { graphSettingsOf, type AppDependencies } from './app';
import { createAppOnlyTokens } from './auth/appOnly';
import { createMonitor, type Monitor } from './monitor';
import { createOnBehalfOf } from './auth/onBehalfOf';
import { createTokenValidator } from './auth/tokenValidator';
import type { Config } from './config';
import { createHealthMonitor, entraProbe, graphProbe } from './health';
import type { Logger } from './logger';
import { createHistory } from './history';
import { DEFAULT_TAB_DIR } from './paths';
import { createSharedState } from './sharedState';
import { APP_VERSION } from './version';

/** How long one tenant's cycle may spend on Graph, throttling waits included. */
const MONITOR_GRAPH_BUDGET_MS = 120_000;

export function createDependencies(
  config: Config,
  logger: Logger,
): AppDependencies & {
  /** Watches every profile app-only and alerts channels (started by server/index.ts). */
  monitor: Monitor;
} {
  const sharedState = createSharedState(config, logger);
  const history = createHistory(config.database, APP_VERSION, logger);
  const monitor = createMonitor(
    {
      intervalSeconds: config.monitor.intervalSeconds,
      errorThreshold: config.monitor.errorThreshold,
      teamsAppId: config.monitor.teamsAppId,
      tenantIds: config.allowedTenantIds,
      retentionDays: config.historyRetentionDays,
      // A cycle is no user's request: it may wait out Graph's throttling longer than a tab can.
      graph: { ...graphSettingsOf(config), budgetMs: MONITOR_GRAPH_BUDGET_MS },
    },
    {
      history,
      logger,
      appTokens: createAppOnlyTokens(
        {
          clientId: config.clientId,
          credential: config.clientCredential,
          authorityHost: config.authorityHost,
          tabEndpoint: config.tabEndpoint,
        },
        logger,
      ),
    },
  );
  return {
    logger,
    sharedState,
    history,
    monitor,
    tokenValidator: createTokenValidator({
      clientId: config.clientId,
      appIdUri: config.appIdUri,
      tenantId: config.tenantId,
      authorityHost: config.authorityHost,
      allowedTenantIds: config.allowedTenantIds,
    }),
    graphTokens: createOnBehalfOf(
      {
        clientId: config.clientId,
        credential: config.clientCredential,
        authorityHost: config.authorityHost,
        tenantId: config.tenantId,
        tabEndpoint: config.tabEndpoint,
        consentRetryMs: config.oboConsentRetryMs,
      },
      logger,
      sharedState,
    ),
    health: createHealthMonitor(
      APP_VERSION,
      {
        entra: entraProbe(config.authorityHost, config.tenantId),
        graph: graphProbe(config.graphBaseUrl),
      },
      sharedState,
      history,
    ),
    tabDir: DEFAULT_TAB_DIR,
    version: APP_VERSION,
  };
}
