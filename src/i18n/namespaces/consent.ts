import en from '../locales/en/consent.json';
import { defineNamespace } from '../i18n';

/** Admin consent: the card and what the consent window's outcome means. */
export const consentNs = defineNamespace('consent', en);
