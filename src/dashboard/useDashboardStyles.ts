import { makeStyles, tokens } from '@fluentui/react-components';
import { NARROW, layoutWidths } from '../components/layout';

/**
 * The filter bar's height while its code loads, so the cards below do not move when it arrives:
 * a Fluent Field (label over control) is 58 px high with medium controls and 68 px with large
 * (touch) ones; narrow, the two fields stack with the bar's 12 px gap. Measured in Chromium; a
 * browser test (tests/e2e/dashboard.spec.ts) checks that the first card does not move.
 */
const FILTER_FIELD_HEIGHT = { medium: 58, large: 68 } as const;
const FILTER_GAP = 12;
const stacked = (field: number) => `${2 * field + FILTER_GAP}px`;

export const useDashboardStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  header: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-end',
    justifyContent: 'space-between',
    gap: tokens.spacingVerticalS,
  },
  titleBlock: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS, minWidth: 0 },
  title: { margin: 0 },
  summary: { color: tokens.colorNeutralForeground3 },
  refresh: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    color: tokens.colorNeutralForeground3,
    // Longer languages wrap the row, never a button's label ("Actualizar" split over four lines).
    '& button': { whiteSpace: 'nowrap', flexShrink: 0 },
  },
  filters: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalM,
    alignItems: 'end',
    [NARROW]: { flexDirection: 'column', alignItems: 'stretch' },
  },
  filtersPending: {
    minBlockSize: `${FILTER_FIELD_HEIGHT.medium}px`,
    [NARROW]: { minBlockSize: stacked(FILTER_FIELD_HEIGHT.medium) },
  },
  filtersPendingLarge: {
    minBlockSize: `${FILTER_FIELD_HEIGHT.large}px`,
    [NARROW]: { minBlockSize: stacked(FILTER_FIELD_HEIGHT.large) },
  },
  search: { flexGrow: 1, minWidth: layoutWidths.filter, [NARROW]: { minWidth: 0 } },
  statusFilter: { minWidth: layoutWidths.filter, [NARROW]: { minWidth: 0 } },
  grid: {
    listStyleType: 'none',
    margin: 0,
    padding: 0,
    display: 'grid',
    gridTemplateColumns: `repeat(auto-fill, minmax(min(100%, ${layoutWidths.statusCard}), 1fr))`,
    gap: tokens.spacingHorizontalL,
  },
  item: { minWidth: 0 },
});
