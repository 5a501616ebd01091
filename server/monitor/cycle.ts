/**
 * One monitor cycle for one tenant (docs/decisions/027): an app-only token, the profile list, the
 * statuses in `$batch` requests of 20 — 1 + ⌈N/20⌉ Graph requests — then, in one transaction
 * fenced by the lease, the snapshots, each profile's judgement and the alerts it opens or closes;
 * then the alerts still to deliver go to the channels that asked for them.
 */
import type { Logger } from '../logger';
import { AppConsentMissing, type AppOnlyTokens } from '../auth/appOnly';
import { createGraphApi, type GraphSettings } from '../graph/client';
import { listProfilesWithStatuses } from '../graph/listWithStatuses';
import type { History } from '../history';
import { HttpError } from '../errors';
import { judge, type Observation } from './rules';
import { parseStatusMessage } from './statusMessage';
import { profileDeepLink } from '../../contracts/deepLink';
import { sendAlert } from './notify';
import * as store from './store';
import type { ProfileIdHints } from '../profileIdHints';

/** Sends that failed this often are given up (the alert stays recorded, with the last error). */
const MAX_DELIVERY_ATTEMPTS = 5;

export type CycleSettings = {
  graph: GraphSettings;
  errorThreshold: number;
  teamsAppId: string | null;
};

export type CycleDependencies = {
  history: History;
  appTokens: AppOnlyTokens;
  logger: Logger;
  /** Each tenant's ids from its last cycle, asked for beside the list (graph/listWithStatuses.ts). */
  profileIds?: ProfileIdHints;
};

export type CycleOutcome =
  | {
      tenantId: string;
      state: 'monitoring';
      profiles: number;
      changes: number;
      alerts: number;
      delivered: number;
    }
  | { tenantId: string; state: 'not_enabled' | 'unavailable' | 'lease_lost'; detail: string };

const dateOrNull = (value: string | null | undefined) => {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
};

/** What a snapshot stores of one look at a profile (the statusMessage figures parsed). */
export function snapshotRow(
  tenantId: string,
  profileId: string,
  observedAt: Date,
  kind: store.SnapshotRow['kind'],
  o: Observation & { statusMessage: string | null },
): store.SnapshotRow {
  const figures = parseStatusMessage(o.statusMessage);
  return {
    tenantId,
    profileId,
    observedAt,
    kind,
    status: o.status,
    errorCount: o.errorCount,
    processedLastHour: figures.kind === 'figures' ? figures.processedLastHour : null,
    updatedLastHour: figures.kind === 'figures' ? figures.updatedLastHour : null,
    statusText: figures.kind === 'text' ? figures.text : null,
    lastSynchronization: o.lastSynchronization,
  };
}

export async function runTenantCycle(
  tenantId: string,
  holder: string,
  settings: CycleSettings,
  deps: CycleDependencies,
): Promise<CycleOutcome> {
  const log = deps.logger.child({ monitor: true, tenantId });
  try {
    return await cycleWith(tenantId, holder, settings, deps, log, false);
  } catch (error) {
    // Graph refused the cached token: once more with a new one.
    if (!(error instanceof HttpError && error.status === 401)) throw error;
    log.info('monitor: Graph refused the app-only token; asking Entra for a new one');
    return cycleWith(tenantId, holder, settings, deps, log, true);
  }
}

async function cycleWith(
  tenantId: string,
  holder: string,
  settings: CycleSettings,
  deps: CycleDependencies,
  log: Logger,
  freshToken: boolean,
): Promise<CycleOutcome> {
  let token: string;
  try {
    token = (await deps.appTokens.graphToken(tenantId, { fresh: freshToken })).token;
  } catch (error) {
    const notEnabled = error instanceof AppConsentMissing;
    const detail = notEnabled
      ? error.message
      : `Entra did not issue an app-only token: ${(error as Error).message}`;
    await deps.history.useDatabase((db) =>
      store.saveTenantState(db, tenantId, notEnabled ? 'not_enabled' : 'unavailable', detail, null),
    );
    if (!notEnabled) log.warn({ err: error }, 'monitor: no app-only token');
    return { tenantId, state: notEnabled ? 'not_enabled' : 'unavailable', detail };
  }

  const graph = createGraphApi(settings.graph, token, log);
  let observations: Map<string, Observation & { statusMessage: string | null }>;
  try {
    const { profiles, statuses } = await listProfilesWithStatuses(
      graph,
      deps.profileIds ? { hints: deps.profileIds, tenantId } : null,
    );
    observations = new Map();
    for (const profile of profiles) {
      const outcome = statuses.get(profile.id);
      // A status Graph could not give this time (throttled past the budget) is judged next cycle.
      if (!outcome || !('status' in outcome)) continue;
      const s = outcome.status;
      observations.set(profile.id, {
        profileName: profile.displayName ?? profile.id,
        profileState: profile.state ?? null,
        status: s.status ?? null,
        errorCount: s.errorCount ?? 0,
        lastSynchronization: dateOrNull(s.lastSynchronizationDateTime),
        statusMessage: s.statusMessage ?? null,
      });
    }
    if (profiles.length > 0 && observations.size === 0) {
      throw new Error('Microsoft Graph gave no profile status in this cycle');
    }
  } catch (error) {
    if (error instanceof HttpError && error.status === 401 && !freshToken) throw error;
    const detail =
      error instanceof HttpError || error instanceof Error
        ? error.message
        : 'Microsoft Graph could not be read.';
    await deps.history.useDatabase((db) => store.saveTenantState(db, tenantId, 'unavailable', detail, null));
    log.warn({ err: error }, 'monitor: Graph could not be read this cycle');
    return { tenantId, state: 'unavailable', detail };
  }

  const now = new Date();
  const counted = await deps.history.useDatabase((db) =>
    db.transaction().execute(async (trx) => {
      if (!(await store.stillHolds(trx, holder))) return null;
      const previous = await store.storedStates(trx, tenantId);
      const snapshots: store.SnapshotRow[] = [];
      const events: store.NewAlertEvent[] = [];
      const states: store.JudgedProfile[] = [];
      for (const [profileId, o] of observations) {
        const judgement = judge(o, previous.get(profileId), now, settings.errorThreshold);
        if (judgement.snapshot) {
          snapshots.push(snapshotRow(tenantId, profileId, now, judgement.snapshot, o));
        }
        if (judgement.event) {
          events.push({ tenantId, profileId, profileName: o.profileName, ...judgement.event });
        }
        states.push({ profileId, profileName: o.profileName, state: judgement.state });
      }
      // A handful of statements per cycle, however many profiles: never one round trip each.
      await store.addEvents(trx, events);
      await store.saveStates(trx, tenantId, states);
      await store.addSnapshots(trx, snapshots);
      await store.forgetProfiles(trx, tenantId, [...observations.keys()]);
      await store.saveTenantState(trx, tenantId, 'monitoring', null, observations.size);
      return { changes: snapshots.filter((s) => s.kind === 'change').length, alerts: events.length };
    }),
  );
  if (!counted) return { tenantId, state: 'lease_lost', detail: 'another instance took the monitor over' };

  const delivered = await deliverAlerts(tenantId, graph, settings, deps, log);
  return { tenantId, state: 'monitoring', profiles: observations.size, ...counted, delivered };
}

/** Sends every undelivered alert of the tenant to each enabled subscription that covers it. */
async function deliverAlerts(
  tenantId: string,
  graph: ReturnType<typeof createGraphApi>,
  settings: CycleSettings,
  deps: CycleDependencies,
  log: Logger,
): Promise<number> {
  const { events, subscriptions } = await deps.history.useDatabase(async (db) => ({
    events: await store.undeliveredEvents(db, tenantId),
    subscriptions: await store.subscriptionsFor(db, tenantId),
  }));
  let delivered = 0;
  // Nobody asked for these (or alerts cannot link anywhere): recorded, not sent, settled at once.
  const unasked: number[] = [];
  const unlinked: number[] = [];
  for (const event of events) {
    const targets = subscriptions.filter((s) => s.profile_id === null || s.profile_id === event.profile_id);
    if (targets.length === 0) {
      unasked.push(event.id);
      continue;
    }
    if (settings.teamsAppId === null) {
      unlinked.push(event.id);
      continue;
    }
    try {
      for (const target of targets) {
        await sendAlert(
          graph,
          {
            teamId: target.team_id,
            channelId: target.channel_id,
            // The pinned tab, at the profile: what the tab routes on (page.subPageId).
            webUrl: profileDeepLink(
              {
                kind: 'channel',
                appId: settings.teamsAppId,
                entityId: target.tab_entity_id,
                channelId: target.channel_id,
              },
              event.profile_id,
            ),
          },
          { kind: event.kind, profileName: event.profile_name, detail: event.detail, chainId: event.id },
        );
      }
      await deps.history.useDatabase((db) => store.markDelivered(db, [event.id], null));
      delivered++;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const attempts = await deps.history.useDatabase((db) => store.markAttempt(db, event.id, message));
      log.warn({ err: error, alertId: event.id, attempts }, 'monitor: an alert could not be sent');
      if (attempts >= MAX_DELIVERY_ATTEMPTS) {
        await deps.history.useDatabase((db) => store.markDelivered(db, [event.id], `given up: ${message}`));
      }
    }
  }
  if (unasked.length > 0 || unlinked.length > 0) {
    await deps.history.useDatabase(async (db) => {
      await store.markDelivered(db, unasked, null);
      await store.markDelivered(db, unlinked, 'TEAMS_APP_ID is not set: no deep link');
    });
  }
  return delivered;
}
