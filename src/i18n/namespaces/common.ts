import en from '../locales/en/common.json';
import { defineNamespace } from '../i18n';

/** Words every screen shares: Retry, Copy details, times. */
export const commonNs = defineNamespace('common', en);
