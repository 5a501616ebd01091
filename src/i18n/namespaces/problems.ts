import en from '../locales/en/problems.json';
import { defineNamespace } from '../i18n';

/** Errors in words: what went wrong and what to do (api/describeProblem.ts). */
export const problemsNs = defineNamespace('problems', en);
