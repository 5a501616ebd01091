import en from '../locales/en/bulk.json';
import { defineNamespace } from '../i18n';

/** The dashboard's selection and bulk pause, resume and start (a lazy chunk of its own). */
export const bulkNs = defineNamespace('bulk', en);
