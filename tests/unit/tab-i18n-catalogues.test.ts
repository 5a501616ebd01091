/**
 * Every catalogue of every language has every key of its English file, no key English lacks,
 * the same placeholders, and the plural forms its language's rules use. A failure names the
 * file and the key to fix.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isPluralKey, LANGUAGES, placeholdersOf } from '../../src/i18n/i18n';

const root = path.resolve(import.meta.dirname, '../../src/i18n');
const localesDir = path.join(root, 'locales');
const namespaces = readdirSync(path.join(localesDir, 'en'))
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.replace(/\.json$/, ''));
const others = LANGUAGES.filter((l) => l !== 'en');

function read(language: string, namespace: string): Record<string, unknown> {
  const file = path.join(localesDir, language, `${namespace}.json`);
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}

const baseOf = (key: string) => key.replace(/_(zero|one|two|few|many|other)$/, '');
const withoutCount = (message: string) => placeholdersOf(message).filter((p) => p !== 'count');

describe('catalogues', () => {
  it('every language has the same namespace files as English', () => {
    for (const language of LANGUAGES) {
      const files = readdirSync(path.join(localesDir, language)).filter((f) => f.endsWith('.json'));
      expect(files.sort(), `src/i18n/locales/${language}/`).toEqual(
        namespaces.map((n) => `${n}.json`).sort(),
      );
    }
  });

  it('every namespace file has its module in src/i18n/namespaces/', () => {
    const modules = readdirSync(path.join(root, 'namespaces')).map((f) => f.replace(/\.ts$/, ''));
    for (const namespace of namespaces)
      expect(modules, `src/i18n/namespaces/${namespace}.ts`).toContain(namespace);
  });

  describe.each(namespaces)('%s', (namespace) => {
    const english = read('en', namespace);

    it('English messages are non-empty strings', () => {
      for (const [key, message] of Object.entries(english)) {
        expect(typeof message === 'string' && message.trim() !== '', `en/${namespace}.json "${key}"`).toBe(
          true,
        );
      }
    });

    it.each(others)(
      '%s has every key, no extra key, the same placeholders and its plural forms',
      (language) => {
        const file = `src/i18n/locales/${language}/${namespace}.json`;
        const catalogue = read(language, namespace);
        const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
        const problems: string[] = [];
        for (const [key, message] of Object.entries(english)) {
          if (isPluralKey(key)) continue;
          const own = catalogue[key];
          if (typeof own !== 'string' || own.trim() === '')
            problems.push(`${file}: "${key}" is missing or empty`);
          else if (placeholdersOf(own).join() !== placeholdersOf(message as string).join())
            problems.push(
              `${file}: "${key}" has placeholders [${placeholdersOf(own).join(', ')}], English has [${placeholdersOf(message as string).join(', ')}]`,
            );
        }
        const pluralBases = new Set(Object.keys(english).filter(isPluralKey).map(baseOf));
        for (const base of pluralBases) {
          const englishPlaceholders = withoutCount(english[`${base}_other`] as string).join();
          for (const category of ['one', 'other'].filter((c) =>
            categories.includes(c as Intl.LDMLPluralRule),
          )) {
            const own = catalogue[`${base}_${category}`];
            if (typeof own !== 'string' || own.trim() === '')
              problems.push(`${file}: "${base}_${category}" is missing`);
          }
          for (const key of Object.keys(catalogue).filter((k) => isPluralKey(k) && baseOf(k) === base)) {
            const category = key.slice(base.length + 1) as Intl.LDMLPluralRule;
            if (!categories.includes(category))
              problems.push(`${file}: "${key}": ${language} has no plural form "${category}"`);
            if (withoutCount(catalogue[key] as string).join() !== englishPlaceholders)
              problems.push(`${file}: "${key}" has other placeholders than English's "${base}_other"`);
          }
        }
        for (const key of Object.keys(catalogue)) {
          const known = isPluralKey(key) ? pluralBases.has(baseOf(key)) : key in english;
          if (!known) problems.push(`${file}: "${key}" is not in src/i18n/locales/en/${namespace}.json`);
        }
        expect(problems).toEqual([]);
      },
    );
  });
});
