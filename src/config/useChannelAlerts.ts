/**
 * "Notify this channel when a sync breaks" (issue 14 §3): the pinned tab's alert setting, read from
 * the backend for the tab being configured and stored when Teams' Save succeeds, with the team and
 * channel ids from the Teams context. Only Global Administrators may change it (the backend checks).
 */
import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AlertTab } from '../../contracts/monitor';
import { getAlertSubscription, saveAlertSubscription } from '../api/monitor';
import { useAppServices } from '../services/appServices';
import { meQuery, queryKeys } from '../services/serverState';
import { ALL_PROFILES_ENTITY_ID } from '../teams/hostInfo';

export type AlertScope = 'all' | 'one';

export type ChannelAlerts =
  | { available: false; reason: 'no_channel' }
  | {
      available: true;
      canChange: boolean;
      enabled: boolean;
      setEnabled: (enabled: boolean) => void;
      scope: AlertScope;
      setScope: (scope: AlertScope) => void;
    };

export function useChannelAlerts() {
  const { api, host } = useAppServices();
  const me = useQuery(meQuery(api));
  const teamId = host.teamGroupId;
  const channelId = host.channelId;
  const current: AlertTab | null =
    teamId && channelId ? { teamId, channelId, tabEntityId: host.pageId ?? ALL_PROFILES_ENTITY_ID } : null;
  const saved = useQuery({
    queryKey: queryKeys.alertSubscription(current),
    queryFn: ({ signal }) => getAlertSubscription(api, current!, signal),
    enabled: current !== null,
    retry: false,
  });
  // What the admin changed on this page; until then the page shows the stored setting.
  const [edited, setEdited] = useState<{ enabled?: boolean; scope?: AlertScope }>({});
  const enabled = edited.enabled ?? saved.data?.enabled ?? false;
  const scope: AlertScope = edited.scope ?? (saved.data && saved.data.profileId !== null ? 'one' : 'all');
  const setEnabled = useCallback((on: boolean) => setEdited((e) => ({ ...e, enabled: on })), []);
  const setScope = useCallback((which: AlertScope) => setEdited((e) => ({ ...e, scope: which })), []);

  const latest = useRef({ enabled, scope });
  useEffect(() => {
    latest.current = { enabled, scope };
  }, [enabled, scope]);

  /** Called once Teams saved the tab: stores the setting for the tab's (new) entity id. */
  const save = useCallback(
    async (entityId: string) => {
      if (!teamId || !channelId || !me.data?.canWrite) return;
      const tabEntityId =
        entityId === ALL_PROFILES_ENTITY_ID ? ALL_PROFILES_ENTITY_ID : entityId.toLowerCase();
      const { enabled: on, scope: which } = latest.current;
      // Nothing to store for a new tab left off.
      if (!on && !saved.data) return;
      await saveAlertSubscription(api, {
        teamId,
        channelId,
        tabEntityId,
        enabled: on,
        profileId: which === 'one' && tabEntityId !== ALL_PROFILES_ENTITY_ID ? tabEntityId : null,
      });
    },
    [api, teamId, channelId, me.data?.canWrite, saved.data],
  );

  const alerts: ChannelAlerts =
    current === null
      ? { available: false, reason: 'no_channel' }
      : { available: true, canChange: me.data?.canWrite ?? false, enabled, setEnabled, scope, setScope };
  return { alerts, save };
}
