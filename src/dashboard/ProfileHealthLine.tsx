/**
 * "Failing since …" / "Healthy for …" on a dashboard card, from the monitor's history (GET
 * /api/monitor, one query shared by every card). A lazy chunk: the dashboard's first load never
 * waits for it, and a tenant without monitoring simply shows nothing here.
 */
import { Caption1, makeStyles, tokens } from '@fluentui/react-components';
import { useQuery } from '@tanstack/react-query';
import { getMonitor } from '../api/monitor';
import { monitorNs } from '../i18n/namespaces/monitor';
import { useT } from '../i18n/react';
import { durationWords, formatAbsolute } from '../lib/relativeTime';
import { useAppServices } from '../services/appServices';
import { queryKeys, refreshEvery } from '../services/serverState';

const useStyles = makeStyles({
  failing: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
  healthy: { color: tokens.colorNeutralForeground3 },
});

export default function ProfileHealthLine({ profileId, locale }: { profileId: string; locale: string }) {
  const styles = useStyles();
  const t = useT(monitorNs);
  const { api } = useAppServices();
  const monitor = useQuery({
    queryKey: queryKeys.monitor,
    queryFn: ({ signal }) => getMonitor(api, signal),
    refetchInterval: refreshEvery(60_000),
    staleTime: 30_000,
  });
  const health = monitor.data?.profiles.find((p) => p.profileId === profileId);
  if (!health || health.health === 'unknown') return null;
  const since = Date.parse(health.since);
  return health.health === 'failing' ? (
    <Caption1 className={styles.failing}>
      {t('failingSince', { when: formatAbsolute(health.since, locale, undefined, 'short') ?? '' })}
    </Caption1>
  ) : (
    <Caption1 className={styles.healthy}>
      {t('healthyFor', { duration: durationWords(Date.now() - since, locale) })}
    </Caption1>
  );
}
