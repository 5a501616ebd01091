import { Badge } from '@fluentui/react-components';
import { CheckmarkCircle16Filled } from '@fluentui/react-icons/svg/checkmark-circle';
import { ErrorCircle16Filled } from '@fluentui/react-icons/svg/error-circle';
import { Warning16Filled } from '@fluentui/react-icons/svg/warning';
import { PauseCircle16Filled } from '@fluentui/react-icons/svg/pause-circle';
import { ArrowSync16Filled } from '@fluentui/react-icons/svg/arrow-sync';
import { ShieldError16Filled } from '@fluentui/react-icons/svg/shield-error';
import { QuestionCircle16Filled } from '@fluentui/react-icons/svg/question-circle';
import { CloudCheckmark16Filled } from '@fluentui/react-icons/svg/cloud-checkmark';
import { commonNs } from '../i18n/namespaces/common';
import { useT } from '../i18n/react';
import { useVisuallyHiddenStyles } from './layout';
import type { BadgeIcon, BadgePresentation } from './statusPresentation';

const icons: Record<BadgeIcon, React.ReactElement> = {
  success: <CheckmarkCircle16Filled />,
  error: <ErrorCircle16Filled />,
  warning: <Warning16Filled />,
  paused: <PauseCircle16Filled />,
  running: <ArrowSync16Filled />,
  quarantined: <ShieldError16Filled />,
  unknown: <QuestionCircle16Filled />,
  provisioned: <CloudCheckmark16Filled />,
};

export type StatusBadgeProps = {
  presentation: BadgePresentation;
  /** What the badge is about, for screen readers ("Sync status", "Profile state"). */
  subject: string;
};

/** Colour, icon and words together: the status is readable without colour. */
export function StatusBadge({ presentation, subject }: StatusBadgeProps) {
  const hidden = useVisuallyHiddenStyles();
  const t = useT(commonNs);
  return (
    <Badge
      appearance="tint"
      color={presentation.color}
      icon={icons[presentation.icon]}
      size="large"
      shape="rounded"
    >
      <span className={hidden.hidden}>{t('badgeSubject', { subject })}</span>
      {t(presentation.label)}
    </Badge>
  );
}
