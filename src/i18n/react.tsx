/**
 * The React side of ./i18n.ts: the session's locale in context, `useT(namespace)` for a
 * component's translator, and `rich()` for messages with elements inside ("Signed in as
 * {{user}}" with the user in bold, "Saved {{when}}" with a <time>).
 */
import { createContext, Fragment, useContext, useMemo, type ReactNode } from 'react';
import {
  createTranslator,
  formatNumber,
  splitMessage,
  type Catalogue,
  type KeyOf,
  type Namespace,
  type Translate,
} from './i18n';

const LocaleContext = createContext<string>('en-US');

export const LocaleProvider = LocaleContext.Provider;

/** The admin's locale (a BCP 47 tag from Teams, `en-US` until Teams has told). */
export function useLocale(): string {
  return useContext(LocaleContext);
}

export function useT<C extends Catalogue>(namespace: Namespace<C>): Translate<C> {
  const locale = useLocale();
  return useMemo(() => createTranslator(locale, namespace), [locale, namespace]);
}

/**
 * A message whose placeholders are elements (or text): `rich(t, 'signedInAs', { user: <b>…</b> })`.
 * `count`, when given, picks the plural form and fills `{{count}}` as a number.
 */
export function rich<C extends Catalogue>(
  t: Translate<C>,
  key: KeyOf<C>,
  values: Readonly<Record<string, ReactNode>> & { count?: number },
): ReactNode {
  const count = typeof values.count === 'number' ? values.count : undefined;
  return splitMessage(t.template(key, count)).map((part, index) => {
    if (typeof part === 'string') return part;
    const value =
      part.name === 'count' && count !== undefined ? formatNumber(t.locale, count) : values[part.name];
    return <Fragment key={index}>{value ?? `{{${part.name}}}`}</Fragment>;
  });
}
