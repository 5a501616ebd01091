import en from '../locales/en/outside.json';
import { defineNamespace } from '../i18n';

/** Opened outside Teams: where to open the tab instead. */
export const outsideNs = defineNamespace('outside', en);
