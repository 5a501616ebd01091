import en from '../locales/en/triage.json';
import { defineNamespace } from '../i18n';

/** The profile page's sync errors: groups, guidance per error code, the list and the export. */
export const triageNs = defineNamespace('triage', en);
