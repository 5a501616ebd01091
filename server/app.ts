/**
 * The app server's route table, built from injected configuration and dependencies. It never
 * listens: server/index.ts is the process, and tests build the app in-process too.
 */
import express, { type RequestHandler } from 'express';
import { bulkActions, profileActions } from '../contracts/api';
import { requireAuth } from './auth/requireAuth';
import type { GraphTokenProvider } from './auth/onBehalfOf';
import type { TokenValidator } from './auth/types';
import type { Config } from './config';
import { HttpError } from './errors';
import { createGraphSessions } from './graph/forRequest';
import type { GraphSettings } from './graph/client';
import type { HealthMonitor } from './health';
import type { History } from './history';
import { createChangeRecorder } from './history/recordChange';
import { createReconciler } from './history/reconcile';
import type { Logger } from './logger';
import { apiNotFound, errorHandler } from './middleware/errorHandler';
import { jsonBody } from './middleware/jsonBody';
import { perUserRateLimit } from './middleware/rateLimit';
import { requestContext } from './middleware/requestContext';
import { securityHeaders } from './middleware/securityHeaders';
import { wellFormedUrl } from './middleware/wellFormedUrl';
import { getConfigRoute } from './routes/getConfig';
import { getHealthRoute } from './routes/getHealth';
import { getMeRoute } from './routes/getMe';
import { getProfileRoute } from './routes/getProfile';
import { getProfileStatusRoute } from './routes/getProfileStatus';
import { listHistoryRoute, listProfileHistoryRoute } from './routes/listHistory';
import { listProfilesRoute } from './routes/listProfiles';
import { createDownloadTickets } from './downloadTickets';
import { createExportLinkRoute, exportSyncErrorsCsvRoute, ticketOrBearer } from './routes/exportSyncErrors';
import { listSyncErrorGroupsRoute, listSyncErrorsRoute } from './routes/listSyncErrors';
import { runBulkActionRoute } from './routes/runBulkAction';
import { createSyncErrorIndex } from './syncErrorIndex';
import {
  getAlertSubscriptionRoute,
  getMonitorRoute,
  getProfileStatusHistoryRoute,
  putAlertSubscriptionRoute,
} from './routes/monitorRoutes';
import { runProfileActionRoute } from './routes/runProfileAction';
import { serveTab } from './routes/serveTab';
import { updateProfileRoute } from './routes/updateProfile';
import { createProfileLock } from './profileLock';
import { createProfileIdHints } from './profileIdHints';
import type { SharedState } from './sharedState/types';
import './auth/types';

export type AppDependencies = {
  logger: Logger;
  tokenValidator: Pick<TokenValidator, 'validate'>;
  graphTokens: GraphTokenProvider;
  health: HealthMonitor;
  /** Save locks, rate-limit counts and the token cache: this process's, or shared through Redis. */
  sharedState: SharedState;
  /** Change history: every save and action, in PGlite or PostgreSQL. */
  history: History;
  /** The built tab (dist/tab). */
  tabDir: string;
  version: string;
};

export function graphSettingsOf(config: Config): GraphSettings {
  return {
    baseUrl: config.graphBaseUrl,
    budgetMs: config.graphBudgetMs,
    attemptTimeoutMs: config.graphAttemptTimeoutMs,
    maxRetries: config.graphMaxRetries,
    retryDelaySeconds: config.graphRetryDelaySeconds,
  };
}

/** API answers are per user and change under us: never stored by browsers or proxies. */
const noStore: RequestHandler = (_req, res, next) => {
  res.setHeader('Cache-Control', 'no-store');
  next();
};

const notFound: RequestHandler = (req) => {
  throw new HttpError(404, 'not_found', `Nothing is served at ${req.path}.`);
};

export function createApp(config: Config, deps: AppDependencies): express.Express {
  const app = express();
  app.disable('x-powered-by');
  // Express would add weak ETags and 304s of its own; ours are explicit where they mean something.
  app.set('etag', false);

  const graph = createGraphSessions(graphSettingsOf(config), deps.graphTokens);
  const rateLimited = perUserRateLimit(config.rateLimitPerMinute, deps.sharedState.rateLimitStore());
  const signedIn = [requireAuth(deps.tokenValidator), rateLimited];
  const changes = createProfileLock(deps.sharedState.locks, config.saveLock);
  const recordChange = createChangeRecorder(deps.history);
  // A read settles pending records older than any save could still be running (lock lease + Graph).
  const reconcile = createReconciler(deps.history, config.saveLock.leaseMs + config.graphBudgetMs);
  const errorIndex = createSyncErrorIndex();
  const tickets = createDownloadTickets(deps.sharedState, deps.tokenValidator);

  app.use(requestContext(deps.logger));
  app.use(securityHeaders(config.teamsHostOrigins));
  app.use(wellFormedUrl);
  app.use('/api', noStore);

  app.get('/api/config', getConfigRoute(config, deps.version));
  app.get('/api/health', getHealthRoute(deps.health));
  app.get('/api/me', signedIn, getMeRoute);
  app.get('/api/profiles', signedIn, listProfilesRoute(graph, createProfileIdHints()));
  app.get('/api/profiles/:id', signedIn, getProfileRoute(graph, reconcile));
  app.put(
    '/api/profiles/:id',
    signedIn,
    jsonBody(),
    updateProfileRoute(graph, changes, recordChange, reconcile),
  );
  app.get('/api/profiles/:id/status', signedIn, getProfileStatusRoute(graph));
  app.get('/api/profiles/:id/errors', signedIn, listSyncErrorsRoute(graph, errorIndex));
  app.get('/api/profiles/:id/errors/groups', signedIn, listSyncErrorGroupsRoute(graph, errorIndex));
  app.post('/api/profiles/:id/errors/export', signedIn, createExportLinkRoute(graph, tickets));
  app.get(
    '/api/profiles/:id/errors.csv',
    ticketOrBearer(tickets, deps.tokenValidator),
    rateLimited,
    exportSyncErrorsCsvRoute(graph),
  );
  app.get('/api/profiles/:id/history', signedIn, listProfileHistoryRoute(deps.history));
  app.get('/api/history', signedIn, listHistoryRoute(deps.history));
  // Before /api/profiles/:id/:action, which would take "bulk" for an id.
  for (const action of bulkActions) {
    app.post(
      `/api/profiles/bulk/${action}`,
      signedIn,
      jsonBody(),
      runBulkActionRoute(graph, changes, recordChange, action),
    );
  }
  app.get('/api/monitor', signedIn, getMonitorRoute(config, deps.history));
  app.get('/api/profiles/:id/status-history', signedIn, getProfileStatusHistoryRoute(config, deps.history));
  app.get('/api/alert-subscription', signedIn, getAlertSubscriptionRoute(deps.history));
  app.put('/api/alert-subscription', signedIn, jsonBody(), putAlertSubscriptionRoute(deps.history));
  for (const action of profileActions) {
    app.post(
      `/api/profiles/:id/${action}`,
      signedIn,
      runProfileActionRoute(graph, changes, recordChange, action),
    );
  }
  app.use('/api', apiNotFound);

  app.use(serveTab(deps.tabDir));
  app.use(notFound);
  app.use(errorHandler);
  return app;
}
