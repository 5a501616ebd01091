import { describe, expect, it } from 'vitest';
import {
  createTranslator,
  defineNamespace,
  formatNumber,
  isLanguageLoaded,
  languageOf,
  loadLanguage,
  localeFromSearch,
  placeholdersOf,
  splitMessage,
} from '../../src/i18n/i18n';
import { isPseudo, pseudoMessage } from '../../src/i18n/pseudo';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { appNs } from '../../src/i18n/namespaces/app';

const ns = defineNamespace('test', {
  hello: 'Hello {{name}}',
  errors_one: '{{count}} error',
  errors_other: '{{count}} errors',
  onlyEnglish: 'Only in English',
});

describe('languageOf', () => {
  it.each([
    ['en-US', 'en'],
    ['es-MX', 'es'],
    ['ES_es', 'es'],
    ['fr-CA', 'fr'],
    ['de-DE', 'en'],
    ['qps-ploc', 'pseudo'],
    ['', 'en'],
    [undefined, 'en'],
  ])('%s → %s', (locale, language) => {
    expect(languageOf(locale)).toBe(language);
  });
});

describe('createTranslator', () => {
  it('fills placeholders and picks the plural form by Intl.PluralRules', () => {
    const t = createTranslator('en-US', ns);
    expect(t('hello', { name: 'Ada' })).toBe('Hello Ada');
    expect(t('errors', { count: 1 })).toBe('1 error');
    expect(t('errors', { count: 0 })).toBe('0 errors');
    expect(t('errors', { count: 12345 })).toBe('12,345 errors');
  });

  it('leaves an unknown placeholder visible rather than dropping words', () => {
    expect(createTranslator('en-US', ns)('hello')).toBe('Hello {{name}}');
  });

  it('formats numbers for the locale', () => {
    expect(formatNumber('en-US', 12345)).toBe('12,345');
    expect(formatNumber('de-DE', 12345)).toBe('12.345');
    expect(formatNumber('qps-ploc', 12345)).toBe('12,345');
  });

  it('writes small whole numbers as Intl would, without building a formatter where it can', () => {
    // Regions of our languages, and the pseudo-locale (English numbers).
    const locales = [
      'en-US',
      'en-GB',
      'en-IN',
      'es-ES',
      'es-MX',
      'es-US',
      'fr-FR',
      'fr-CA',
      'fr-CH',
      'qps-ploc',
    ];
    for (const locale of locales) {
      const intl = new Intl.NumberFormat(locale === 'qps-ploc' ? 'en-US' : locale);
      for (let n = 0; n < 1000; n++) expect(formatNumber(locale, n)).toBe(intl.format(n));
      for (const n of [-0, -1, 0.5, 1000, 1234]) expect(formatNumber(locale, n)).toBe(intl.format(n));
    }
    // Other digits: Arabic in Saudi Arabia, Latin digits asked for Arabic, Arabic ones asked for English.
    expect(formatNumber('ar-SA', 12)).toBe(new Intl.NumberFormat('ar-SA').format(12));
    expect(formatNumber('ar-SA', 12)).not.toBe('12');
    expect(formatNumber('en-US-u-nu-arab', 7)).toBe(new Intl.NumberFormat('en-US-u-nu-arab').format(7));
    expect(formatNumber('en-US-u-nu-arab', 7)).not.toBe('7');
  });

  it('loads Spanish and French on demand and falls back to English for a namespace they lack', async () => {
    expect(isLanguageLoaded('es')).toBe(false);
    expect(createTranslator('es-ES', appNs)('signingIn')).toBe('Signing you in…');
    // The built tab fetches the files; here they are read from the source tree by the URL Vite gives.
    const fromDisk = async (url: string) =>
      JSON.parse(
        await readFile(path.resolve(import.meta.dirname, '../..', `.${url.split('?')[0]}`), 'utf8'),
      ) as Record<string, string>;
    await Promise.all([loadLanguage('es', fromDisk), loadLanguage('fr', fromDisk)]);
    expect(isLanguageLoaded('es')).toBe(true);
    expect(createTranslator('es-ES', appNs)('signingIn')).toBe('Iniciando sesión…');
    expect(createTranslator('fr-FR', appNs)('openingProfile')).toBe('Ouverture du profil…');
    expect(createTranslator('es-ES', ns)('onlyEnglish')).toBe('Only in English');
  });

  it('French counts 0 as singular, as its plural rules say', () => {
    const fr = defineNamespace('fr-test', { n_one: '{{count}} erreur', n_other: '{{count}} erreurs' });
    // English-only catalogue, but the French rules pick the form.
    expect(createTranslator('fr-FR', fr)('n', { count: 0 })).toBe('0 erreur');
    expect(createTranslator('fr-FR', fr)('n', { count: 2 })).toBe('2 erreurs');
  });

  it('shows the key itself for a key missing everywhere', () => {
    const t = createTranslator('en-US', ns) as (key: string) => string;
    expect(t('nope')).toBe('nope');
  });
});

describe('pseudo-locale', () => {
  it('accents, lengthens and brackets every message but keeps placeholders', () => {
    const message = pseudoMessage('Hello {{name}}');
    expect(message).toMatch(/^\[H\u0301éĺĺó \{\{name\}\}·+\]$/);
    expect(createTranslator('qps-ploc', ns)('hello', { name: 'Ada' })).toMatch(/^\[H\u0301éĺĺó Ada·+\]$/);
    expect(isPseudo(createTranslator('qps-ploc', ns)('errors', { count: 2 }))).toBe(true);
    expect(isPseudo('Hello Ada')).toBe(false);
    // Data with accents of its own is not mistaken for the pseudo-locale's unless it has an acute.
    expect(isPseudo('Lycée Émile-Zola')).toBe(true);
  });
});

describe('message helpers', () => {
  it('lists placeholders and splits a message at them', () => {
    expect(placeholdersOf('{{b}} and {{ a }}')).toEqual(['a', 'b']);
    expect(splitMessage('Signed in as {{user}}.')).toEqual(['Signed in as ', { name: 'user' }, '.']);
  });

  it('reads ?locale= from the URL, refusing what is not a language tag', () => {
    expect(localeFromSearch('?theme=dark&locale=es-mx')).toBe('es-MX');
    expect(localeFromSearch('?locale={locale}')).toBeNull();
    expect(localeFromSearch('?locale=<script>')).toBeNull();
    expect(localeFromSearch('')).toBeNull();
  });
});
