import en from '../locales/en/services.json';
import { defineNamespace } from '../i18n';

/** App-wide services: leaving with unsaved changes. */
export const servicesNs = defineNamespace('services', en);
