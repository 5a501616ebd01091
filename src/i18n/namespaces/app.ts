import en from '../locales/en/app.json';
import { defineNamespace } from '../i18n';

/** The tab's shell: connecting, signing in, access. */
export const appNs = defineNamespace('app', en);
