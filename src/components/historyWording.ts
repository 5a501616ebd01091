/**
 * One change-history entry in a sentence, as the History section and Recent changes show it:
 * "Megan Bowen changed Students · optional properties (+Grade) and Licenses · students SKU".
 */
import { createTranslator, type Translate } from '../i18n/i18n';
import { historyNs } from '../i18n/namespaces/history';
import type { HistoryEntry } from '../../contracts/api';

type Change = HistoryEntry['changes'][number];
type T = Translate<typeof historyNs.en>;

/** A change's setting in the admin's words (./changeText.ts), null where it has none. */
export type SettingName = (change: Change) => string | null;

const MAX_NAMED = 3;
/** English, for callers (and tests) that have no locale at hand. */
const english: T = createTranslator('en-US', historyNs);

// Without words of its own for a setting, the server's (section, label), in English.
function changeLabel(change: Change, t: T, settingName?: SettingName): string {
  const what = settingName?.(change) ?? `${change.section} · ${change.label}`;
  if (change.kind !== 'set') return what;
  const parts = [...change.added.map((a) => `+${a}`), ...change.removed.map((r) => `−${r}`)];
  return parts.length > 0 && parts.length <= 3
    ? t('changeWithParts', { what, parts: parts.join(t('listSeparator')) })
    : what;
}

function listOf(items: string[], t: T): string {
  if (items.length <= 1) return items[0] ?? '';
  return t('listLast', {
    items: items.slice(0, -1).join(t('listSeparator')),
    last: items[items.length - 1]!,
  });
}

/** What was changed, named: at most three settings, then "and N more". */
export function changedWhat(changes: readonly Change[], t: T = english, settingName?: SettingName): string {
  if (changes.length === 0) return t('nothingChanged');
  const named = changes.slice(0, MAX_NAMED).map((c) => changeLabel(c, t, settingName));
  const rest = changes.length - named.length;
  return rest > 0 ? t('andMore', { items: named.join(t('listSeparator')), count: rest }) : listOf(named, t);
}

/** The sentence, without the time. `withProfile` names the profile (Recent changes). */
export function entrySentence(
  entry: HistoryEntry,
  withProfile = false,
  t: T = english,
  settingName?: SettingName,
): string {
  const who = entry.actor.displayName || entry.actor.userPrincipalName;
  const succeeded = entry.outcome === 'succeeded';
  let sentence: string;
  if (entry.operation === 'save') {
    const what = changedWhat(entry.changes, t, settingName);
    sentence = t(succeeded ? 'changed' : entry.outcome === 'pending' ? 'changing' : 'triedToChange', {
      who,
      what,
    });
  } else {
    sentence = t(succeeded ? `did_${entry.operation}` : `tried_${entry.operation}`, { who });
  }
  return withProfile ? t('inProfile', { sentence, profile: entry.profileName }) : sentence;
}

/** Why an attempt did not go through, in a few words (null when it did). */
export function outcomeNote(entry: HistoryEntry, t: T = english): string | null {
  switch (entry.outcome) {
    case 'succeeded':
      return null;
    case 'pending':
      return t('outcomePending');
    case 'conflict':
      return t('outcomeConflict');
    case 'interrupted':
      return t('outcomeInterrupted');
    case 'failed':
      return entry.httpStatus === 403
        ? t('outcomeRefused')
        : entry.httpStatus
          ? t('outcomeFailedStatus', { status: String(entry.httpStatus) })
          : t('outcomeFailed');
  }
}
