import { makeStyles, tokens } from '@fluentui/react-components';

export const useConfigPageStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalL,
    maxWidth: `calc(${tokens.spacingHorizontalXXXL} * 20)`,
  },
  heading: { margin: 0 },
  intro: { color: tokens.colorNeutralForeground2 },
  radioHint: { display: 'block', color: tokens.colorNeutralForeground3 },
  dropdown: { maxWidth: '100%' },
  footnote: { color: tokens.colorNeutralForeground3 },
});
