import { makeStyles, tokens, Tooltip } from '@fluentui/react-components';
import { formatAbsolute, formatRelative } from '../lib/relativeTime';
import { useNow } from '../lib/useNow';
import { commonNs } from '../i18n/namespaces/common';
import { useT } from '../i18n/react';

const useStyles = makeStyles({
  time: {
    borderRadius: tokens.borderRadiusSmall,
    textDecorationLine: 'underline',
    textDecorationStyle: 'dotted',
    textDecorationColor: tokens.colorNeutralStroke1,
    textUnderlineOffset: tokens.spacingVerticalXXS,
    ':focus-visible': {
      outlineStyle: 'solid',
      outlineWidth: tokens.strokeWidthThick,
      outlineColor: tokens.colorStrokeFocus2,
    },
  },
});

export type RelativeTimeProps = {
  /** ISO 8601; null or unparsable shows `fallback`. */
  value: string | null | undefined;
  locale?: string;
  fallback?: string;
};

/**
 * "3 minutes ago", with the full date and time on hover and on keyboard focus (a focusable
 * <time> with a description tooltip, so screen readers hear both).
 */
export function RelativeTime({ value, locale, fallback }: RelativeTimeProps) {
  const styles = useStyles();
  const t = useT(commonNs);
  const now = useNow();
  const relative = formatRelative(value, now, locale);
  const absolute = formatAbsolute(value, locale);
  if (!relative || !absolute || !value) return <span>{fallback ?? t('never')}</span>;
  return (
    <Tooltip content={absolute} relationship="description" withArrow>
      <time className={styles.time} dateTime={value} tabIndex={0}>
        {relative}
      </time>
    </Tooltip>
  );
}
