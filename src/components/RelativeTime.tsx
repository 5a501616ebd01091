import { makeStyles, tokens } from '@fluentui/react-components';
import { lazy, Suspense } from 'react';
import { formatAbsolute, formatRelative } from '../lib/relativeTime';
import { useNow } from '../lib/useNow';

/** Loaded with the first time shown; until then (a moment after the first card) no tooltip. */
const DescriptionTooltip = lazy(() => import('./DescriptionTooltip'));

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
 * <time> with a description tooltip, so screen readers hear both). The tooltip's code loads
 * lazily; the same <time> shows meanwhile.
 */
export function RelativeTime({ value, locale, fallback = 'Never' }: RelativeTimeProps) {
  const styles = useStyles();
  const now = useNow();
  const relative = formatRelative(value, now, locale);
  const absolute = formatAbsolute(value, locale);
  if (!relative || !absolute || !value) return <span>{fallback}</span>;
  const time = (
    <time className={styles.time} dateTime={value} tabIndex={0}>
      {relative}
    </time>
  );
  return (
    <Suspense fallback={time}>
      <DescriptionTooltip content={absolute}>{time}</DescriptionTooltip>
    </Suspense>
  );
}
