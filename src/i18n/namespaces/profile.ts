import en from '../locales/en/profile.json';
import { defineNamespace } from '../i18n';

/** The profile page: header, actions, status, sync errors. */
export const profileNs = defineNamespace('profile', en);
