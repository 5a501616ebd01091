/**
 * The pseudo-locale (`qps-ploc`, as Microsoft names it): every English message with an accent on
 * each letter, about a third longer, and in brackets — `[Śýńć ṕŕóf́íĺéś·····]` still reads, and
 * shows at a glance a string that is not from the catalogue (plain English), one that is cut off
 * (no closing bracket) and a layout that cannot take longer Spanish or French text. The accent is
 * a combining acute (U+0301), composed where Unicode has the letter: a few bytes of code, no table.
 * Placeholders stay as they are.
 */
import type { Catalogue } from './i18n';

const ACUTE = '\u0301';
const PADDING = '·';

/** Whether a text came from the pseudo-locale (it has an accent or the padding English never has). */
export function isPseudo(text: string): boolean {
  return text.normalize('NFD').includes(ACUTE) || text.includes(PADDING);
}

export function pseudoMessage(message: string): string {
  let letters = 0;
  const body = message
    .split(/(\{\{[^}]*\}\})/)
    .map((part, index) =>
      index % 2 === 1
        ? part
        : part.replace(/[A-Za-z]/g, (c) => {
            letters += 1;
            return c + ACUTE;
          }),
    )
    .join('')
    .normalize('NFC');
  return `[${body}${PADDING.repeat(Math.ceil(letters * 0.35))}]`;
}

export function pseudoCatalogue(english: Catalogue): Catalogue {
  return Object.fromEntries(Object.entries(english).map(([key, message]) => [key, pseudoMessage(message)]));
}
