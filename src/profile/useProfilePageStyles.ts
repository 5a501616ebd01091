import { makeStyles, tokens } from '@fluentui/react-components';

export const useProfilePageStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, minWidth: 0 },
  header: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  titleRow: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalM,
  },
  title: { margin: 0, overflowWrap: 'anywhere', minWidth: 0 },
  titleActions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  back: { alignSelf: 'flex-start' },
  following: { justifyContent: 'flex-start' },
  messages: { margin: 0, paddingInlineStart: tokens.spacingHorizontalXL },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});
