import en from '../locales/en/config.json';
import { defineNamespace } from '../i18n';

/** The channel tab's configuration page. */
export const configNs = defineNamespace('config', en);
