/**
 * Shared layout rules. Media queries cannot use CSS variables, so the one breakpoint is written
 * here once, in em (a phone held upright, 360–599 CSS px, is "narrow").
 */
import { makeStyles, tokens } from '@fluentui/react-components';

export const NARROW = '@media (max-width: 37.5em)';
/** Coarse pointers (fingers) need bigger targets whatever the width. */
export const COARSE = '@media (pointer: coarse)';

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
