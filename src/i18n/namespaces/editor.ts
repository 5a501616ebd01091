import en from '../locales/en/editor.json';
import { defineNamespace } from '../i18n';

/** The profile editor (its sections' own words are still in code: see tests/e2e/languages.spec.ts). */
export const editorNs = defineNamespace('editor', en);
