/** The real dependencies of the app: Entra and Graph as configured (the emulator or a tenant). */
import type { AppDependencies } from './app';
import { createOnBehalfOf } from './auth/onBehalfOf';
import { createTokenValidator } from './auth/tokenValidator';
import type { Config } from './config';
import { createHealthMonitor, entraProbe, graphProbe } from './health';
import type { Logger } from './logger';
import { createHistory } from './history';
import { DEFAULT_TAB_DIR } from './paths';
import { createSharedState } from './sharedState';
import { APP_VERSION } from './version';

export function createDependencies(config: Config, logger: Logger): AppDependencies {
  const sharedState = createSharedState(config, logger);
  const history = createHistory(config.database, APP_VERSION, logger);
  return {
    logger,
    sharedState,
    history,
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
