/**
 * The monitor between backend and tab (issue 14, docs/decisions/027): each tenant's monitoring
 * state, each profile's health since when, a profile's status history, and a pinned tab's
 * "Notify this channel when a sync breaks" setting.
 */
import { z } from 'zod';
import { guidSchema } from './graph';

export const profileHealths = ['healthy', 'failing', 'unknown'] as const;
export type ProfileHealth = (typeof profileHealths)[number];

export const alertKinds = ['failed', 'errors', 'stale'] as const;
export type AlertKind = (typeof alertKinds)[number];

/**
 * `off`: the monitor does not run here (MONITOR_INTERVAL_SECONDS=0); `pending`: it has not looked
 * at this tenant yet; `not_enabled`: the tenant has not granted the application permissions;
 * `unavailable`: its last look failed (Graph or Entra down).
 */
export const monitorStates = ['off', 'pending', 'monitoring', 'not_enabled', 'unavailable'] as const;
export type MonitorState = (typeof monitorStates)[number];

export const profileHealthSchema = z.object({
  profileId: z.string(),
  health: z.enum(profileHealths),
  /** Since when the profile has been healthy or failing (ISO). */
  since: z.string(),
  alert: z.enum(alertKinds).nullable(),
});
export type ProfileHealthView = z.infer<typeof profileHealthSchema>;

export const monitorOverviewSchema = z.object({
  state: z.enum(monitorStates),
  detail: z.string().nullable(),
  /** Where an admin grants the application permissions (state `not_enabled`). */
  consentUrl: z.string().nullable(),
  intervalSeconds: z.number().int().nonnegative(),
  checkedAt: z.string().nullable(),
  profiles: z.array(profileHealthSchema),
});
export type MonitorOverview = z.infer<typeof monitorOverviewSchema>;

export const STATUS_HISTORY_DAYS_DEFAULT = 30;
export const STATUS_HISTORY_DAYS_MAX = 400;

export const statusSnapshotSchema = z.object({
  observedAt: z.string(),
  kind: z.enum(['change', 'heartbeat']),
  status: z.string().nullable(),
  errorCount: z.number().int().nullable(),
  processedLastHour: z.number().int().nullable(),
  updatedLastHour: z.number().int().nullable(),
  /** The status message when it was not in Graph's documented form. */
  statusText: z.string().nullable(),
  lastSynchronizationDateTime: z.string().nullable(),
});
export type StatusSnapshot = z.infer<typeof statusSnapshotSchema>;

export const statusHistorySchema = z.object({
  profileId: z.string(),
  from: z.string(),
  to: z.string(),
  /** Oldest first; the last one before `from` is included, so the chart knows where it starts. */
  snapshots: z.array(statusSnapshotSchema),
  health: profileHealthSchema.nullable(),
  state: z.enum(monitorStates),
  intervalSeconds: z.number().int().nonnegative(),
});
export type StatusHistory = z.infer<typeof statusHistorySchema>;

/** A channel id as Teams gives it (`19:…@thread.tacv2`, older `@thread.skype`). */
export const channelIdSchema = z
  .string()
  .max(200)
  .regex(/^19:[A-Za-z0-9_.-]{1,160}@thread\.(tacv2|skype)$/, {
    error: 'must be a Teams channel id such as 19:…@thread.tacv2',
  });

/** Where a pinned tab lives: the team's group id, the channel and the tab's entity id. */
export const alertTabSchema = z.strictObject({
  teamId: guidSchema,
  channelId: channelIdSchema,
  /** `all`, or the id of the one profile the tab shows. */
  tabEntityId: z.union([z.literal('all'), guidSchema]),
});
export type AlertTab = z.infer<typeof alertTabSchema>;

export const alertSubscriptionSchema = z.strictObject({
  ...alertTabSchema.shape,
  enabled: z.boolean(),
  /** Null: every profile of the tenant; otherwise the pinned one's. */
  profileId: guidSchema.nullable(),
});
export type AlertSubscription = z.infer<typeof alertSubscriptionSchema>;

export const alertSubscriptionAnswerSchema = z.object({
  subscription: alertSubscriptionSchema.nullable(),
});
