/**
 * The dashboard's order and filters. Problems come first because that is why an admin opens the
 * tab; then anything moving (paused, in progress, provisioning); then the healthy ones. Within a
 * group, by name.
 */
import type { ProfileSummary } from '../../contracts/api';
import {
  attentionLevels,
  attentionOf,
  providerNames,
  type Attention,
} from '../components/statusPresentation';

// Attention levels are how a status card shows a profile too (components/statusPresentation.ts).
export { attentionLevels, attentionOf, type Attention } from '../components/statusPresentation';

/** Search and the status filter appear when there are more profiles than fit in one glance. */
export const FILTER_THRESHOLD = 6;

export function sortProfiles(profiles: readonly ProfileSummary[], locale?: string): ProfileSummary[] {
  const rank = (p: ProfileSummary) => attentionLevels.indexOf(attentionOf(p));
  const collator = new Intl.Collator(locale, { sensitivity: 'base', numeric: true });
  return [...profiles].sort(
    (a, b) => rank(a) - rank(b) || collator.compare(a.displayName, b.displayName) || a.id.localeCompare(b.id),
  );
}

export type StatusFilter = 'all' | Attention;
export type ProfileFilter = { query: string; status: StatusFilter };
export const noFilter: ProfileFilter = { query: '', status: 'all' };

/** Case- and accent-insensitive match on the name, the provider and the id. */
export function filterProfiles(profiles: readonly ProfileSummary[], filter: ProfileFilter): ProfileSummary[] {
  const fold = (text: string) =>
    text
      .normalize('NFD')
      .replace(/\p{Diacritic}/gu, '')
      .toLowerCase();
  const words = fold(filter.query).split(/\s+/).filter(Boolean);
  return profiles.filter((p) => {
    if (filter.status !== 'all' && attentionOf(p) !== filter.status) return false;
    const haystack = fold(`${p.displayName} ${providerNames[p.provider]} ${p.id}`);
    return words.every((word) => haystack.includes(word));
  });
}

export function countByAttention(profiles: readonly ProfileSummary[]): Record<Attention, number> {
  const counts: Record<Attention, number> = { problem: 0, active: 0, healthy: 0 };
  for (const p of profiles) counts[attentionOf(p)] += 1;
  return counts;
}
