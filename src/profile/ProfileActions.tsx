import { Button, makeStyles, Spinner, tokens, Tooltip } from '@fluentui/react-components';
import { Pause20Regular } from '@fluentui/react-icons/svg/pause';
import { Play20Regular } from '@fluentui/react-icons/svg/play';
import { ArrowSync20Regular } from '@fluentui/react-icons/svg/arrow-sync';
import type { ReactElement } from 'react';
import type { ProfileAction, ProfileSummary } from '../../contracts/api';
import { useControlSize } from '../services/appServices';
import { ResetDialog } from './ResetDialog';
import type { ActionState } from './useProfilePage';
import { profileNs } from '../i18n/namespaces/profile';
import { useT } from '../i18n/react';

const useStyles = makeStyles({
  toolbar: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center' },
});

export type ProfileActionsProps = {
  summary: ProfileSummary;
  /** Why actions are unavailable (read-only users), or null when they may act. */
  readOnlyReason: string | null;
  action: ActionState;
  onAction: (action: ProfileAction) => void;
};

/** Pause, resume, start (CSV only) and reset, enabled only when they make sense. */
export function ProfileActions({ summary, readOnlyReason, action, onAction }: ProfileActionsProps) {
  const styles = useStyles();
  const size = useControlSize();
  const t = useT(profileNs);
  const running = action.phase === 'running';
  const provisioned = summary.state === 'provisioned';
  const paused = summary.status?.status === 'paused';
  const icon = (which: ProfileAction, fallback: ReactElement) =>
    running && action.action === which ? <Spinner size="tiny" /> : fallback;

  const notProvisioned = provisioned ? null : t('notProvisioned');
  const guard = (reason: string | null, button: ReactElement) =>
    reason ? (
      <Tooltip content={reason} relationship="description">
        {button}
      </Tooltip>
    ) : (
      button
    );
  const blocked = readOnlyReason ?? notProvisioned;

  return (
    <div className={styles.toolbar} role="toolbar" aria-label={t('actionsToolbar')}>
      {paused
        ? guard(
            blocked,
            <Button
              size={size}
              appearance="primary"
              icon={icon('resume', <Play20Regular />)}
              disabledFocusable={!!blocked || running}
              onClick={() => onAction('resume')}
            >
              {t('resume')}
            </Button>,
          )
        : guard(
            blocked,
            <Button
              size={size}
              icon={icon('pause', <Pause20Regular />)}
              disabledFocusable={!!blocked || running}
              onClick={() => onAction('pause')}
            >
              {t('pause')}
            </Button>,
          )}
      {summary.provider === 'csv' &&
        guard(
          blocked,
          <Button
            size={size}
            icon={icon('start', <ArrowSync20Regular />)}
            disabledFocusable={!!blocked || running}
            onClick={() => onAction('start')}
          >
            {t('start')}
          </Button>,
        )}
      <ResetDialog
        profileName={summary.displayName}
        size={size}
        blockedReason={readOnlyReason}
        busy={running}
        onReset={() => onAction('reset')}
      />
    </div>
  );
}
