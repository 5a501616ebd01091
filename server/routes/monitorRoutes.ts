/**
 * The monitor's routes (docs/decisions/027), all for the caller's own tenant (from the token):
 * - GET /api/monitor: the tenant's monitoring state and each profile's health since when;
 * - GET /api/profiles/:id/status-history?days=30: the profile's status snapshots;
 * - GET /api/alert-subscription?teamId&channelId&tabEntityId and PUT /api/alert-subscription:
 *   a pinned tab's "Notify this channel when a sync breaks". Reading needs read access (Global
 *   Reader or Administrator); changing it needs write access, as changing a profile does.
 */
import type { Request, RequestHandler } from 'express';
import type { Kysely } from 'kysely';
import {
  alertSubscriptionSchema,
  alertTabSchema,
  STATUS_HISTORY_DAYS_DEFAULT,
  STATUS_HISTORY_DAYS_MAX,
  type MonitorOverview,
  type MonitorState,
  type ProfileHealthView,
  type StatusHistory,
} from '../../contracts/monitor';
import { fieldProblems } from '../../contracts/api';
import { sdsAccessOf } from '../auth/permissions';
import { authOf } from '../auth/requireAuth';
import { adminConsentUrl } from '../auth/onBehalfOf';
import type { Config } from '../config';
import { HttpError, historyUnavailable, validationFailed } from '../errors';
import type { Tables } from '../history/database';
import type { History } from '../history';
import * as store from '../monitor/store';
import { profileIdOf, queryParameters } from './params';

const DAY_MS = 24 * 60 * 60 * 1000;

function requireRead(req: Request) {
  const auth = authOf(req);
  const access = sdsAccessOf(auth);
  if (!access.canRead) throw new HttpError(403, 'forbidden', access.restriction ?? 'Not allowed.');
  return { auth, access };
}

/** The monitor's data lives in the history database: unreachable, it answers as history does. */
async function fromDatabase<T>(
  req: Request,
  history: History,
  task: (db: Kysely<Tables>) => Promise<T>,
): Promise<T> {
  try {
    return await history.useDatabase(task);
  } catch (error) {
    req.log.error({ err: error }, 'monitor data cannot be read');
    throw historyUnavailable(
      'SDS Profiles cannot read its status history right now (its database is unreachable). Profiles can still be viewed; try again in a few seconds.',
      error,
    );
  }
}

function onlyParameters(req: Request, allowed: readonly string[]) {
  const { values, problems } = queryParameters(req, allowed);
  if (problems.length > 0) throw validationFailed('The query is not valid; see fields.', problems);
  return values;
}

type HealthRow = {
  profile_id: string;
  health: ProfileHealthView['health'];
  health_since: Date;
  alert: ProfileHealthView['alert'];
};

const healthView = (row: HealthRow): ProfileHealthView => ({
  profileId: row.profile_id,
  health: row.health,
  since: new Date(row.health_since).toISOString(),
  alert: row.alert,
});

function stateOf(config: Config, tenant: { state: MonitorState } | undefined): MonitorState {
  if (config.monitor.intervalSeconds === 0) return 'off';
  return tenant?.state ?? 'pending';
}

export function getMonitorRoute(config: Config, history: History): RequestHandler {
  return async (req, res) => {
    const { auth } = requireRead(req);
    onlyParameters(req, []);
    const { tenant, profiles } = await fromDatabase(req, history, (db) =>
      store.tenantOverview(db, auth.tenantId),
    );
    const state = stateOf(config, tenant);
    const body: MonitorOverview = {
      state,
      detail: tenant?.detail ?? null,
      consentUrl: state === 'not_enabled' ? adminConsentUrl(config, auth.tenantId) : null,
      intervalSeconds: config.monitor.intervalSeconds,
      checkedAt: tenant ? new Date(tenant.checked_at).toISOString() : null,
      profiles: profiles.map(healthView),
    };
    res.json(body);
  };
}

export function getProfileStatusHistoryRoute(config: Config, history: History): RequestHandler {
  return async (req, res) => {
    const profileId = profileIdOf(req);
    const { auth } = requireRead(req);
    const { days: rawDays } = onlyParameters(req, ['days']);
    let days = STATUS_HISTORY_DAYS_DEFAULT;
    if (rawDays !== undefined) {
      days = /^\d{1,3}$/.test(rawDays) ? Number(rawDays) : NaN;
      if (!(days >= 1 && days <= STATUS_HISTORY_DAYS_MAX)) {
        throw validationFailed('The query is not valid; see fields.', [
          { path: 'days', message: `must be a whole number from 1 to ${STATUS_HISTORY_DAYS_MAX}` },
        ]);
      }
    }
    const to = new Date();
    const from = new Date(to.getTime() - days * DAY_MS);
    const [snapshots, overview] = await fromDatabase(req, history, (db) =>
      Promise.all([
        store.snapshotsSince(db, auth.tenantId, profileId, from),
        store.tenantOverview(db, auth.tenantId),
      ]),
    );
    const health = overview.profiles.find((p) => p.profile_id === profileId);
    const body: StatusHistory = {
      profileId,
      from: from.toISOString(),
      to: to.toISOString(),
      snapshots,
      health: health ? healthView(health) : null,
      state: stateOf(config, overview.tenant),
      intervalSeconds: config.monitor.intervalSeconds,
    };
    res.json(body);
  };
}

function tabOf(values: Record<string, string>) {
  const parsed = alertTabSchema.safeParse(values);
  if (!parsed.success) {
    throw validationFailed(
      'Say which pinned tab: teamId, channelId and tabEntityId.',
      fieldProblems(parsed.error),
    );
  }
  return parsed.data;
}

export function getAlertSubscriptionRoute(history: History): RequestHandler {
  return async (req, res) => {
    const { auth } = requireRead(req);
    const tab = tabOf(onlyParameters(req, ['teamId', 'channelId', 'tabEntityId']));
    const subscription = await fromDatabase(req, history, (db) =>
      store.findSubscription(db, auth.tenantId, tab),
    );
    res.json({ subscription });
  };
}

const putBodySchema = alertSubscriptionSchema.refine(
  (s) =>
    s.tabEntityId === 'all' ||
    s.profileId === null ||
    s.profileId.toLowerCase() === s.tabEntityId.toLowerCase(),
  { error: 'must be null (all profiles) or the profile the tab shows', path: ['profileId'] },
);

export function putAlertSubscriptionRoute(history: History): RequestHandler {
  return async (req, res) => {
    const { auth, access } = requireRead(req);
    onlyParameters(req, []);
    if (!access.canWrite) {
      throw new HttpError(
        403,
        'forbidden',
        'Only Global Administrators can turn channel alerts on or off. You can see the setting.',
      );
    }
    if (
      req.body === undefined ||
      typeof req.body !== 'object' ||
      req.body === null ||
      Array.isArray(req.body)
    ) {
      throw validationFailed('Send the setting as a JSON object.', [
        { path: 'body', message: 'must be a JSON object' },
      ]);
    }
    const parsed = putBodySchema.safeParse(req.body);
    if (!parsed.success) {
      throw validationFailed('The alert setting is not valid; see fields.', fieldProblems(parsed.error));
    }
    const subscription = await fromDatabase(req, history, (db) =>
      store.saveSubscription(db, auth.tenantId, parsed.data, auth.objectId),
    );
    res.json({ subscription });
  };
}
