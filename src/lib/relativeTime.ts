/**
 * Relative and absolute time in the admin's words ("3 minutes ago", "Mon 2 Sep, 14:05"), in the
 * locale Teams gives us. Pure: the caller passes "now" so that tests and ticking views agree.
 */

import { createTranslator } from '../i18n/i18n';
import { commonNs } from '../i18n/namespaces/common';

/** Below this, a time reads as "just now" (timestamps from Graph and our clock are never exact). */
const JUST_NOW_SECONDS = 45;

/** Thresholds in seconds (moment.js style): up to 44 min in minutes, up to 21 h in hours… */
const scale: readonly [Intl.RelativeTimeFormatUnit, number, number][] = [
  ['minute', 60, 45 * 60],
  ['hour', 3600, 22 * 3600],
  ['day', 86_400, 26 * 86_400],
  ['month', 30.44 * 86_400, 320 * 86_400],
  ['year', 365.25 * 86_400, Number.POSITIVE_INFINITY],
];

/**
 * Intl formatters cost far more to build than to use, and a dashboard's first render formatted
 * dozens of times: one formatter per locale and form, kept for the page's life (a handful), and
 * each locale's canonical tag.
 */
const formatters = new Map<string, unknown>();

/** The formatter kept under `key`, made by `create` the first time. */
function kept<F>(key: string, create: () => F): F {
  let format = formatters.get(key) as F | undefined;
  if (format === undefined) {
    format = create();
    formatters.set(key, format);
  }
  return format;
}

const dateFormat = (locale: string, options: Intl.DateTimeFormatOptions) =>
  kept(`date|${locale}|${JSON.stringify(options)}`, () => new Intl.DateTimeFormat(locale, options));

const relativeFormat = (locale: string) =>
  kept(`relative|${locale}`, () => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }));

const unitFormat = (locale: string, unit: 'day' | 'hour' | 'minute') =>
  kept(
    `unit|${locale}|${unit}`,
    () => new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' }),
  );

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** A duration as its largest whole unit, "3 days", "5 hours", "12 minutes" (at least 1 minute). */
export function durationWords(ms: number, locale?: string): string {
  const [unit, size] =
    ms >= DAY_MS
      ? (['day', DAY_MS] as const)
      : ms >= HOUR_MS
        ? (['hour', HOUR_MS] as const)
        : (['minute', MINUTE_MS] as const);
  return unitFormat(safeLocale(locale), unit).format(Math.max(1, Math.floor(ms / size)));
}

/**
 * A BCP 47 tag Intl accepts, from whatever Teams sent (`en-us`, `EN_gb`, empty…). Every time on a
 * screen asks, with the one locale Teams gave: canonicalised once and kept, like the formatters.
 */
export function safeLocale(locale: string | undefined): string {
  if (!locale) return 'en-US';
  return kept(`locale|${locale}`, () => {
    try {
      return Intl.getCanonicalLocales(locale.replace(/_/g, '-'))[0] ?? 'en-US';
    } catch {
      return 'en-US';
    }
  });
}

export function parseTime(iso: string | null | undefined): number | null {
  if (!iso) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
}

/**
 * "3 minutes ago". Times a little in the future read as "just now": they are clock skew between
 * Graph and this device, and a past event ("last sync") never happens in the future.
 */
export function formatRelative(
  iso: string | null | undefined,
  nowMs: number,
  locale?: string,
): string | null {
  const ms = parseTime(iso);
  if (ms === null) return null;
  let seconds = (ms - nowMs) / 1000;
  if (seconds > 0 && seconds < 24 * 3600) seconds = 0;
  if (Math.abs(seconds) < JUST_NOW_SECONDS) return justNow(locale);
  const format = relativeFormat(safeLocale(locale));
  const [unit, size] = scale.find(([, , below]) => Math.abs(seconds) < below) ?? scale[scale.length - 1]!;
  const amount = Math.max(1, Math.round(Math.abs(seconds) / size));
  return format.format(seconds < 0 ? -amount : amount, unit);
}

function justNow(locale: string | undefined): string {
  // Intl has no "just now" ("now" from numeric:'auto' reads oddly in a sentence): the catalogue has.
  return createTranslator(safeLocale(locale), commonNs)('justNow');
}

/** Full date and time for tooltips and tables, e.g. "2 September 2025 at 14:05:12". */
export function formatAbsolute(
  iso: string | null | undefined,
  locale?: string,
  timeZone?: string,
  length: 'long' | 'short' = 'long',
): string | null {
  const ms = parseTime(iso);
  if (ms === null) return null;
  return dateFormat(safeLocale(locale), {
    dateStyle: length === 'long' ? 'long' : 'medium',
    timeStyle: length === 'long' ? 'medium' : 'short',
    ...(timeZone ? { timeZone } : {}),
  }).format(ms);
}

/** A date without time (expiration dates are calendar dates, not instants). */
export function formatCalendarDate(date: string | null | undefined, locale?: string): string | null {
  if (!date || !/^\d{4}-\d{2}-\d{2}/.test(date)) return null;
  const ms = Date.parse(`${date.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(ms)) return null;
  return dateFormat(safeLocale(locale), { dateStyle: 'medium', timeZone: 'UTC' }).format(ms);
}
