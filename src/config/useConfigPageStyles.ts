import { makeStyles, tokens } from '@fluentui/react-components';
import { layoutWidths } from '../components/layout';

export const useConfigPageStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalL,
    maxWidth: layoutWidths.explainer,
  },
  heading: { margin: 0 },
  intro: { color: tokens.colorNeutralForeground2 },
  radioHint: { display: 'block', color: tokens.colorNeutralForeground3 },
  dropdown: { maxWidth: '100%' },
  footnote: { color: tokens.colorNeutralForeground3 },
});
