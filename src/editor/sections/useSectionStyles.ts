import { makeStyles, shorthands, tokens } from '@fluentui/react-components';
import { NARROW } from '../../components/layout';

/** The editor's sections: explanations, rows of domains and matching rules, license cards, facts. */
export const useSectionStyles = makeStyles({
  explain: { color: tokens.colorNeutralForeground2 },
  row: {
    display: 'grid',
    gridTemplateColumns: 'minmax(8rem, 1fr) minmax(10rem, 2fr) auto',
    gap: tokens.spacingHorizontalS,
    alignItems: 'start',
    [NARROW]: { gridTemplateColumns: '1fr', paddingBlockEnd: tokens.spacingVerticalM },
  },
  matchingRow: {
    display: 'grid',
    gridTemplateColumns: 'minmax(7rem, 1fr) repeat(3, minmax(8rem, 2fr)) auto',
    gap: tokens.spacingHorizontalS,
    alignItems: 'start',
    [NARROW]: { gridTemplateColumns: '1fr', paddingBlockEnd: tokens.spacingVerticalM },
  },
  rows: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    margin: 0,
    padding: 0,
    listStyleType: 'none',
  },
  rowItem: {
    borderBottomWidth: tokens.strokeWidthThin,
    borderBottomStyle: 'solid',
    borderBottomColor: tokens.colorNeutralStroke3,
    paddingBlockEnd: tokens.spacingVerticalS,
  },
  removeButton: { alignSelf: 'end', [NARROW]: { justifySelf: 'start' } },
  license: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalM,
    borderRadius: tokens.borderRadiusMedium,
    ...shorthands.border(tokens.strokeWidthThin, 'solid', tokens.colorNeutralStroke2),
  },
  licenseHeader: { display: 'flex', flexWrap: 'wrap', alignItems: 'end', gap: tokens.spacingHorizontalS },
  skuRow: { display: 'flex', alignItems: 'start', gap: tokens.spacingHorizontalS },
  skuField: { flexGrow: 1, minWidth: 0 },
  /** Narrow panes (a phone, Teams' side panel): shrink rather than push past the card. */
  shrinkable: { minWidth: 0, maxWidth: '100%' },
  /** Fluent's Dropdown is at least 250px wide: keep that where it fits. */
  roleDropdown: { minWidth: 'min(250px, 100%)', maxWidth: '100%' },
  skuName: { color: tokens.colorNeutralForeground3 },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'minmax(8rem, max-content) 1fr',
    columnGap: tokens.spacingHorizontalL,
    rowGap: tokens.spacingVerticalS,
    margin: 0,
    [NARROW]: { gridTemplateColumns: '1fr', rowGap: tokens.spacingVerticalXXS },
  },
  contents: { display: 'contents' },
  term: { color: tokens.colorNeutralForeground3 },
  definition: { margin: 0, overflowWrap: 'anywhere', [NARROW]: { marginBottom: tokens.spacingVerticalS } },
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
});
