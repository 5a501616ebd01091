/**
 * Shared layout rules. Media queries cannot use CSS variables, so the one breakpoint is written
 * here once, in em (a phone held upright, 360–599 CSS px, is "narrow").
 */
import { makeStyles, tokens } from '@fluentui/react-components';

export const NARROW = '@media (max-width: 37.5em)';
/** Coarse pointers (fingers) need bigger targets whatever the width. */
export const COARSE = '@media (pointer: coarse)';

/** Fluent's largest horizontal spacing (32 px): widths are written in steps of it, so they scale with the theme. */
const step = (n: number) => `calc(${tokens.spacingHorizontalXXXL} * ${n})`;

/**
 * Every layout width of the tab, written once. The why of each is in its comment; change a width
 * here, never at the place that uses it.
 */
export const layoutWidths = {
  /** The tab's content column (1,536 px): three status cards side by side in a maximised Teams window, and no wider, so a row of cards stays one glance. */
  page: step(48),
  /** A card that explains one thing (consent, the tab settings, "open it in Teams"): 640 px, about 70 characters a line. */
  explainer: step(20),
  /** An empty state's text (576 px): a little narrower than an explainer, as it sits inside the page. */
  emptyState: step(18),
  /** The errors table's smallest width (704 px): narrower windows scroll it sideways instead of wrapping its columns into unreadable slivers. */
  errorsTable: step(22),
  /** An error group's smallest width in the triage grid (256 px): the guidance title on two lines at most. */
  errorGroup: step(8),
  /** The sync-error list's height (448 px): about six errors at once, with the page still scrolling around it. */
  errorList: step(14),
  /** A status card's smallest width in the dashboard grid (320 px): a phone held upright shows one card per row. */
  statusCard: step(10),
  /** A dashboard filter's smallest width (224 px): fits "Paused or in progress (12)". */
  filter: step(7),
} as const;

/** 32 + 12 = 44 px: the minimum comfortable touch target (WCAG 2.5.5 / Apple HIG). */
export const TOUCH_TARGET = `calc(${tokens.spacingVerticalXXXL} + ${tokens.spacingVerticalM})`;

export const useTouchTargetStyles = makeStyles({
  /** Always at least a touch target (used when the host is a mobile client). */
  touch: {
    minHeight: TOUCH_TARGET,
    minWidth: TOUCH_TARGET,
  },
  /** A touch target on narrow screens and coarse pointers only. */
  adaptive: {
    [NARROW]: { minHeight: TOUCH_TARGET, minWidth: TOUCH_TARGET },
    [COARSE]: { minHeight: TOUCH_TARGET, minWidth: TOUCH_TARGET },
  },
});

export const useVisuallyHiddenStyles = makeStyles({
  hidden: {
    position: 'absolute',
    width: '1px',
    height: '1px',
    margin: '-1px',
    padding: '0',
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
    border: '0',
  },
});
