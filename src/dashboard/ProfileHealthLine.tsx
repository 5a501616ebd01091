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
import { formatAbsolute, safeLocale } from '../lib/relativeTime';
import { useAppServices } from '../services/appServices';
import { queryKeys } from '../services/serverState';

const useStyles = makeStyles({
  failing: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
  healthy: { color: tokens.colorNeutralForeground3 },
});

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "3 days", "5 hours", "12 minutes": the largest whole unit, in the admin's language. */
export function durationWords(ms: number, locale: string): string {
  const [unit, size] =
    ms >= DAY
      ? (['day', DAY] as const)
      : ms >= HOUR
        ? (['hour', HOUR] as const)
        : (['minute', MINUTE] as const);
  return new Intl.NumberFormat(safeLocale(locale), { style: 'unit', unit, unitDisplay: 'long' }).format(
    Math.max(1, Math.floor(ms / size)),
  );
}

export default function ProfileHealthLine({ profileId, locale }: { profileId: string; locale: string }) {
  const styles = useStyles();
  const t = useT(monitorNs);
  const { api } = useAppServices();
  const monitor = useQuery({
    queryKey: queryKeys.monitor,
    queryFn: ({ signal }) => getMonitor(api, signal),
    refetchInterval: 60_000,
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
