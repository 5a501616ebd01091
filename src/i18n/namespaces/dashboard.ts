import en from '../locales/en/dashboard.json';
import { defineNamespace } from '../i18n';

/** The dashboard: every profile's card, filters, recent changes. */
export const dashboardNs = defineNamespace('dashboard', en);
