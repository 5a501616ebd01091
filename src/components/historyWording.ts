/**
 * One change-history entry in a sentence, as the History section and Recent changes show it:
 * "Megan Bowen changed Students · optional properties (+Grade) and Licenses · students SKU".
 */
import type { HistoryEntry } from '../../contracts/api';

type Change = HistoryEntry['changes'][number];

const MAX_NAMED = 3;

function changeLabel(change: Change): string {
  const what = `${change.section} · ${change.label}`;
  if (change.kind !== 'set') return what;
  const parts = [...change.added.map((a) => `+${a}`), ...change.removed.map((r) => `−${r}`)];
  return parts.length > 0 && parts.length <= 3 ? `${what} (${parts.join(', ')})` : what;
}

function listOf(items: string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** What was changed, named: at most three settings, then "and N more". */
export function changedWhat(changes: readonly Change[]): string {
  if (changes.length === 0) return 'nothing (the version was saved as it was)';
  const named = changes.slice(0, MAX_NAMED).map(changeLabel);
  const rest = changes.length - named.length;
  return rest > 0 ? `${named.join(', ')} and ${rest} more` : listOf(named);
}

const actionVerbs: Record<Exclude<HistoryEntry['operation'], 'save'>, string> = {
  pause: 'paused the sync',
  resume: 'resumed the sync',
  reset: 'reset the sync',
  start: 'started the sync',
};

const actionAttempts: Record<Exclude<HistoryEntry['operation'], 'save'>, string> = {
  pause: 'tried to pause the sync',
  resume: 'tried to resume the sync',
  reset: 'tried to reset the sync',
  start: 'tried to start the sync',
};

/** The sentence, without the time. `withProfile` names the profile (Recent changes). */
export function entrySentence(entry: HistoryEntry, withProfile = false): string {
  const who = entry.actor.displayName || entry.actor.userPrincipalName;
  const where = withProfile ? ` in “${entry.profileName}”` : '';
  const succeeded = entry.outcome === 'succeeded';
  if (entry.operation === 'save') {
    const what = changedWhat(entry.changes);
    return succeeded
      ? `${who} changed ${what}${where}`
      : entry.outcome === 'pending'
        ? `${who} is changing ${what}${where}`
        : `${who} tried to change ${what}${where}`;
  }
  return `${who} ${succeeded ? actionVerbs[entry.operation] : actionAttempts[entry.operation]}${where}`;
}

/** Why an attempt did not go through, in a few words (null when it did). */
export function outcomeNote(entry: HistoryEntry): string | null {
  switch (entry.outcome) {
    case 'succeeded':
      return null;
    case 'pending':
      return 'In progress';
    case 'conflict':
      return 'Not saved: someone else had changed the profile first';
    case 'interrupted':
      return 'Outcome unknown: the server stopped during the change';
    case 'failed':
      return entry.httpStatus === 403
        ? 'Refused: not allowed'
        : `Failed${entry.httpStatus ? ` (${entry.httpStatus})` : ''}`;
  }
}
