/**
 * The monitor's reads and the channel alert setting (contracts/monitor.ts): the tenant's monitoring
 * state with each profile's health, a profile's status history, and a pinned tab's alert setting.
 * Loaded with the pages that use them, never with the dashboard's first chunk.
 */
import { apiRoutes } from '../../contracts/api';
import {
  alertSubscriptionAnswerSchema,
  monitorOverviewSchema,
  statusHistorySchema,
  type AlertSubscription,
  type AlertTab,
  type MonitorOverview,
  type StatusHistory,
} from '../../contracts/monitor';
import type { ApiClient } from './apiClient';
import { reader } from './read';

const readOverview = reader(monitorOverviewSchema, 'monitor');
const readHistory = reader(statusHistorySchema, 'statusHistory');
const readSubscription = reader(alertSubscriptionAnswerSchema, 'alertSubscription');

export async function getMonitor(api: ApiClient, signal?: AbortSignal): Promise<MonitorOverview> {
  return (await api.request({ path: apiRoutes.monitor, read: readOverview, signal })).data as MonitorOverview;
}

export async function getStatusHistory(
  api: ApiClient,
  profileId: string,
  signal?: AbortSignal,
): Promise<StatusHistory> {
  return (await api.request({ path: apiRoutes.profileStatusHistory(profileId), read: readHistory, signal }))
    .data as StatusHistory;
}

export async function getAlertSubscription(
  api: ApiClient,
  tab: AlertTab,
  signal?: AbortSignal,
): Promise<AlertSubscription | null> {
  const query = new URLSearchParams(tab).toString();
  const { data } = await api.request({
    path: `${apiRoutes.alertSubscription}?${query}`,
    read: readSubscription,
    signal,
  });
  return data?.subscription ?? null;
}

export async function saveAlertSubscription(
  api: ApiClient,
  subscription: AlertSubscription,
): Promise<AlertSubscription | null> {
  const { data } = await api.request({
    path: apiRoutes.alertSubscription,
    method: 'PUT',
    body: subscription,
    read: readSubscription,
  });
  return data?.subscription ?? null;
}
