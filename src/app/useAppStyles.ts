import { makeStyles, tokens } from '@fluentui/react-components';
import { COARSE, NARROW, TOUCH_TARGET, layoutWidths } from '../components/layout';

const touchTargets = {
  '& .fui-Button, & .fui-MenuButton, & .fui-ToggleButton, & .fui-Link[role="button"]': {
    minHeight: TOUCH_TARGET,
    minWidth: TOUCH_TARGET,
  },
  '& .fui-Input, & .fui-Dropdown, & .fui-Combobox, & .fui-SearchBox, & .fui-TagPickerControl': {
    minHeight: TOUCH_TARGET,
  },
  '& .fui-Switch, & .fui-Radio, & .fui-Checkbox': {
    minHeight: TOUCH_TARGET,
    alignItems: 'center',
  },
  '& .fui-AccordionHeader__button': { minHeight: TOUCH_TARGET },
};

export const useAppStyles = makeStyles({
  page: {
    boxSizing: 'border-box',
    minHeight: '100vh',
    backgroundColor: tokens.colorNeutralBackground3,
    color: tokens.colorNeutralForeground1,
  },
  shell: {
    paddingBlock: tokens.spacingVerticalL,
    paddingInline: tokens.spacingHorizontalXL,
    maxWidth: layoutWidths.page,
    marginInline: 'auto',
    overflowWrap: 'anywhere',
    [NARROW]: {
      paddingInline: tokens.spacingHorizontalM,
      paddingBlock: tokens.spacingVerticalM,
    },
  },
  /** Teams mobile: every control is a touch target. */
  touch: touchTargets,
  /** Narrow windows and fingers anywhere else. */
  adaptive: {
    [NARROW]: touchTargets,
    [COARSE]: touchTargets,
  },
});
