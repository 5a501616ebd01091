/// <reference types="vite/client" />
/**
 * The tab's translations: catalogues in i18next's JSON format (one file per namespace under
 * ./locales/<language>/, `{{name}}` placeholders, plural forms as `key_one` / `key_other` / … by
 * `Intl.PluralRules`), read by this small runtime. Why not i18next itself: docs/decisions/026-i18n.md.
 *
 * English is bundled with the code that uses it (a namespace's module imports its en file);
 * Spanish and French load on demand, one lazy chunk per file, before the tab first shows text.
 * The locale is set once per session (Teams reloads the tab when the admin changes language).
 * `qps-ploc` — Microsoft's pseudo-locale tag — derives from English at run time (./pseudo.ts).
 */
import { pseudoCatalogue } from './pseudo';

export type Catalogue = Readonly<Record<string, string>>;

/** Languages with catalogues (English is the fallback of every other). */
export const LANGUAGES = ['en', 'es', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number] | 'pseudo';
export const PSEUDO_LOCALE = 'qps-ploc';

const pluralSuffix = /_(zero|one|two|few|many|other)$/;

/** `count_one` and `count_other` are the key `count`. */
export type KeyOf<C> = {
  [K in keyof C & string]: K extends `${infer Base}_${'zero' | 'one' | 'two' | 'few' | 'many' | 'other'}`
    ? Base
    : K;
}[keyof C & string];

export type Namespace<C extends Catalogue = Catalogue> = { readonly name: string; readonly en: C };

/** A namespace: its name (the file name under ./locales/<language>/) and its English catalogue. */
export function defineNamespace<C extends Catalogue>(name: string, en: C): Namespace<C> {
  return { name, en };
}

export type Values = Readonly<Record<string, string | number>>;

/** The language of a BCP 47 tag: `es-MX` → es, `fr-CA` → fr, `qps-ploc` → pseudo, others → en. */
export function languageOf(locale: string | null | undefined): Language {
  const tag = (locale ?? '').toLowerCase().replace(/_/g, '-');
  if (tag === PSEUDO_LOCALE) return 'pseudo';
  const primary = tag.split('-')[0] ?? '';
  return (LANGUAGES as readonly string[]).includes(primary) ? (primary as Language) : 'en';
}

// Other languages' catalogues are files of their own (their URLs only are in the bundle), fetched
// when the admin's language needs them: plain JSON, no script chunk around it.
const catalogueUrls = import.meta.glob<string>(['./locales/*/*.json', '!./locales/en/*.json'], {
  query: '?url&no-inline',
  import: 'default',
  eager: true,
});
const loaded = new Map<string, Catalogue>();
const loading = new Map<Language, Promise<void>>();

function fileOf(language: Language, namespace: string): string {
  return `./locales/${language}/${namespace}.json`;
}

/** Reads one catalogue file by its built URL (tests read it from disk instead). */
export type CatalogueReader = (url: string) => Promise<Catalogue>;

const fetchCatalogue: CatalogueReader = async (url) => {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return (await response.json()) as Catalogue;
};

/**
 * Loads every catalogue of a language (a few small files, fetched in parallel). Resolves once
 * they are in; a file that fails to load leaves its namespace in English rather than the tab blank.
 */
export function loadLanguage(language: Language, read: CatalogueReader = fetchCatalogue): Promise<void> {
  if (language === 'en' || language === 'pseudo') return Promise.resolve();
  let pending = loading.get(language);
  if (!pending) {
    const prefix = `./locales/${language}/`;
    pending = Promise.all(
      Object.entries(catalogueUrls)
        .filter(([file]) => file.startsWith(prefix))
        .map(([file, url]) =>
          read(url).then(
            (catalogue) => void loaded.set(file, catalogue),
            () => undefined,
          ),
        ),
    ).then(() => undefined);
    loading.set(language, pending);
  }
  return pending;
}

/** Whether the language's catalogues are in (English and the pseudo-locale always are). */
export function isLanguageLoaded(language: Language): boolean {
  if (language === 'en' || language === 'pseudo') return true;
  const prefix = `./locales/${language}/`;
  return Object.keys(catalogueUrls).every((file) => !file.startsWith(prefix) || loaded.has(file));
}

/** For tests and tools that read catalogues from disk: registers one as if it had loaded. */
export function registerCatalogue(language: Language, namespace: string, catalogue: Catalogue): void {
  loaded.set(fileOf(language, namespace), catalogue);
}

const pseudoCache = new WeakMap<Catalogue, Catalogue>();

function catalogueFor(language: Language, namespace: Namespace): Catalogue | undefined {
  if (language === 'en') return namespace.en;
  if (language === 'pseudo') {
    let pseudo = pseudoCache.get(namespace.en);
    if (!pseudo) pseudoCache.set(namespace.en, (pseudo = pseudoCatalogue(namespace.en)));
    return pseudo;
  }
  return loaded.get(fileOf(language, namespace.name));
}

export type Translate<C extends Catalogue> = ((key: KeyOf<C>, values?: Values) => string) & {
  /** The message before its placeholders are filled (for messages with elements inside). */
  template: (key: KeyOf<C>, count?: number) => string;
  locale: string;
};

const pluralRules = new Map<string, Intl.PluralRules>();
const numberFormats = new Map<string, Intl.NumberFormat>();

function intlLocale(locale: string): string {
  // Intl has no data for the pseudo-locale: its numbers and dates read as English.
  return languageOf(locale) === 'pseudo' ? 'en-US' : locale;
}

function cached<T>(cache: Map<string, T>, locale: string, make: (locale: string) => T): T {
  let value = cache.get(locale);
  if (!value) cache.set(locale, (value = make(intlLocale(locale))));
  return value;
}

/**
 * Whether whole numbers below 1,000 read as plain digits in the locale: true in every region of
 * our languages (Latin digits, no grouping below a thousand), unless the tag asks for another
 * numbering system (`-u-nu-…`). Other languages (Arabic, Hindi…) may have digits of their own.
 */
function plainDigitsBelowThousand(locale: string): boolean {
  const tag = locale.toLowerCase().replace(/_/g, '-');
  return tag === PSEUDO_LOCALE || (/^(en|es|fr)(-|$)/.test(tag) && !tag.includes('-u-'));
}

/**
 * "1,234" in en-US, "1234" / "1 234" in es / fr: every number in a message goes through Intl,
 * except the small counts of a first screen in our languages, which read as their digits (an
 * Intl.NumberFormat costs a few milliseconds to build; tests compare both for 0–999).
 */
export function formatNumber(locale: string, value: number): string {
  // (-0 is not among them: Intl writes it with its sign.)
  if (
    Number.isInteger(value) &&
    value < 1000 &&
    (value > 0 || Object.is(value, 0)) &&
    plainDigitsBelowThousand(locale)
  ) {
    return String(value);
  }
  return cached(numberFormats, locale, (l) => new Intl.NumberFormat(l)).format(value);
}

/**
 * Looks a key up in the locale's catalogue, then in English, and fills its `{{placeholders}}`
 * (numbers formatted for the locale). With a numeric `count`, the key's plural form for that
 * count is chosen (`key_one`, `key_other`, …). A key missing everywhere shows as the key itself,
 * which the catalogue tests catch long before an admin could.
 */
export function createTranslator<C extends Catalogue>(locale: string, namespace: Namespace<C>): Translate<C> {
  const language = languageOf(locale);
  const own = catalogueFor(language, namespace);
  const english = namespace.en;
  const lookup = (key: string) => own?.[key] ?? english[key];
  const template = (key: string, count?: number) => {
    let message: string | undefined;
    if (typeof count === 'number') {
      const form = cached(pluralRules, locale, (l) => new Intl.PluralRules(l)).select(count);
      message = lookup(`${key}_${form}`) ?? lookup(`${key}_other`);
    }
    return message ?? lookup(key) ?? key;
  };
  const t = (key: string, values?: Values) => {
    const count = values?.count;
    const message = template(key, typeof count === 'number' ? count : undefined);
    return values ? interpolate(message, values, locale) : message;
  };
  return Object.assign(t, { template, locale });
}

const placeholder = /\{\{\s*([\w.]+)\s*\}\}/g;

function interpolate(message: string, values: Values, locale: string): string {
  return message.replace(placeholder, (whole, name: string) => {
    const value = values[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? formatNumber(locale, value) : value;
  });
}

/** The placeholders a message uses (for the catalogue tests: every locale must use the same). */
export function placeholdersOf(message: string): string[] {
  return [...message.matchAll(placeholder)].map((m) => m[1]!).sort();
}

/** A message split at its placeholders, for messages with React elements inside (see ./react.tsx). */
export function splitMessage(message: string): (string | { name: string })[] {
  const parts: (string | { name: string })[] = [];
  let last = 0;
  for (const match of message.matchAll(placeholder)) {
    if (match.index > last) parts.push(message.slice(last, match.index));
    parts.push({ name: match[1]! });
    last = match.index + match[0].length;
  }
  if (last < message.length) parts.push(message.slice(last));
  return parts;
}

export function isPluralKey(key: string): boolean {
  return pluralSuffix.test(key);
}

/**
 * The `?locale=` of the tab's URL (the manifest's `{locale}` placeholder, filled by Teams), so
 * the catalogues can start loading before the Teams handshake has answered.
 */
export function localeFromSearch(search: string): string | null {
  const value = new URLSearchParams(search).get('locale');
  if (!value || !/^[A-Za-z]{2,8}([-_][A-Za-z0-9]{1,8})*$/.test(value)) return null;
  try {
    return Intl.getCanonicalLocales(value.replace(/_/g, '-'))[0] ?? null;
  } catch {
    return null;
  }
}
