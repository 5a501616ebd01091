import { makeStyles, tokens } from '@fluentui/react-components';
import { NARROW, layoutWidths } from '../components/layout';

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
