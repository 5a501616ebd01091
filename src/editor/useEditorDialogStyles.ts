import { makeStyles, tokens } from '@fluentui/react-components';

/** The review and conflict dialogs: sections of change lists. */
export const useEditorDialogStyles = makeStyles({
  changeList: {
    margin: 0,
    paddingInlineStart: tokens.spacingHorizontalXL,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
  },
  dialogSection: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    marginBlockEnd: tokens.spacingVerticalM,
  },
});
