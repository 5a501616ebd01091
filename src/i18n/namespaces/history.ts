import en from '../locales/en/history.json';
import { defineNamespace } from '../i18n';

/** Change history: the sentences of History and Recent changes. */
export const historyNs = defineNamespace('history', en);
