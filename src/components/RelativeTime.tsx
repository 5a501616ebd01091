import { makeStyles, tokens } from '@fluentui/react-components';
import { useEffect, useSyncExternalStore } from 'react';
import { formatAbsolute, formatRelative } from '../lib/relativeTime';
import { usePaintedOnce } from '../lib/usePaintedOnce';
import { useNow } from '../lib/useNow';
import { commonNs } from '../i18n/namespaces/common';
import { useT } from '../i18n/react';
import type DescriptionTooltip from './DescriptionTooltip';

type DescriptionTooltipComponent = typeof DescriptionTooltip;

/**
 * The tooltip's code, loaded once a time has been painted: not in the render that shows the first
 * cards, where starting a chunk (and Vite's preloads of its imports) cost the tab's main thread
 * about 15 ms at 4× CPU (docs/performance.md, "Tab load"). Until it is there, and should it fail to
 * load, the same <time> shows without a tooltip.
 */
let tooltipComponent: DescriptionTooltipComponent | null = null;
let tooltipLoading: Promise<void> | null = null;
const tooltipListeners = new Set<() => void>();

function loadTooltip(): void {
  tooltipLoading ??= import('./DescriptionTooltip').then(
    ({ default: component }) => {
      tooltipComponent = component;
      for (const listener of tooltipListeners) listener();
    },
    () => {
      // A later time's paint tries again (a deployment replaced the files, a network blip).
      tooltipLoading = null;
    },
  );
}

function subscribeToTooltip(listener: () => void): () => void {
  tooltipListeners.add(listener);
  return () => tooltipListeners.delete(listener);
}

const loadedTooltip = () => tooltipComponent;

/** The description tooltip once its code is in; asks for it once this component has been painted. */
function useDescriptionTooltip(): DescriptionTooltipComponent | null {
  const component = useSyncExternalStore(subscribeToTooltip, loadedTooltip, loadedTooltip);
  const painted = usePaintedOnce(true);
  useEffect(() => {
    if (painted && !component) loadTooltip();
  }, [painted, component]);
  return component;
}

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
 * after the first paint; the same <time> shows meanwhile, and the full date is formatted only
 * for the tooltip.
 */
export function RelativeTime({ value, locale, fallback }: RelativeTimeProps) {
  const styles = useStyles();
  const t = useT(commonNs);
  const now = useNow();
  const Tooltip = useDescriptionTooltip();
  const relative = formatRelative(value, now, locale);
  if (!relative || !value) return <span>{fallback ?? t('never')}</span>;
  const time = (
    <time className={styles.time} dateTime={value} tabIndex={0}>
      {relative}
    </time>
  );
  const absolute = Tooltip ? formatAbsolute(value, locale) : null;
  return Tooltip && absolute ? <Tooltip content={absolute}>{time}</Tooltip> : time;
}
