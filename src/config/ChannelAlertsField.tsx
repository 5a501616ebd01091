import { Caption1, Field, Radio, RadioGroup, Switch, makeStyles, tokens } from '@fluentui/react-components';
import { monitorNs } from '../i18n/namespaces/monitor';
import { useT } from '../i18n/react';
import type { ChannelAlerts } from './useChannelAlerts';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  hint: { color: tokens.colorNeutralForeground3 },
  scope: { paddingInlineStart: tokens.spacingHorizontalXXL },
});

/** "Notify this channel when a sync breaks", and for a pinned profile: all profiles or that one. */
export function ChannelAlertsField({
  alerts,
  pinnedProfile,
}: {
  alerts: ChannelAlerts;
  pinnedProfile: boolean;
}) {
  const styles = useStyles();
  const t = useT(monitorNs);
  if (!alerts.available) return <Caption1 className={styles.hint}>{t('notifyUnavailable')}</Caption1>;
  return (
    <div className={styles.root}>
      <Switch
        checked={alerts.enabled}
        disabled={!alerts.canChange}
        onChange={(_, data) => alerts.setEnabled(data.checked)}
        label={t('notifyLabel')}
      />
      <Caption1 className={styles.hint}>{alerts.canChange ? t('notifyHint') : t('notifyReadOnly')}</Caption1>
      {alerts.enabled && pinnedProfile && (
        <Field className={styles.scope} label={t('notifyScopeLabel')}>
          <RadioGroup
            value={alerts.scope}
            disabled={!alerts.canChange}
            onChange={(_, data) => alerts.setScope(data.value === 'one' ? 'one' : 'all')}
          >
            <Radio value="all" label={t('notifyScopeAll')} />
            <Radio value="one" label={t('notifyScopeOne')} />
          </RadioGroup>
        </Field>
      )}
    </div>
  );
}
