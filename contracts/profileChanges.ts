/**
 * What changed between two versions of a profile, in the admin's words, and how to replay one
 * admin's changes on top of another's (after a 412). Both work on "facets": small readable parts
 * of a profile (a name, one entity's switches, one role's licenses) that can be read, compared
 * and written back one at a time. Lists are compared as sets, so two admins who each added a
 * different optional property both keep theirs.
 */
import type { ProfileUpdate } from './api';
import { assignableRoles, entitiesWithOptionalProperties, syncEntities, type UserRole } from './graph';
import {
  customizationOf,
  entityChangeLabels,
  identityKindOf,
  isUnsetDate,
  licensesOf,
  matchingOptionsOf,
  userDomainsOf,
  withCustomization,
  withLicenses,
  withMatchingOptions,
  withUserDomains,
  type LicenseAssignment,
  type MatchingOption,
  type UserDomain,
} from './profileModel';
import { skuLabel } from './knownSkus';

/** A facet's value: one scalar, or a list compared as a set (null list = "all", for properties). */
type FacetValue =
  { kind: 'scalar'; value: string | boolean | null } | { kind: 'set'; items: string[] | null };

type Facet = {
  key: string;
  section: string;
  label: string;
  read: (u: ProfileUpdate) => FacetValue;
  write: (u: ProfileUpdate, v: FacetValue, from: ProfileUpdate) => ProfileUpdate;
  formatItem?: (item: string) => string;
  formatScalar?: (value: string | boolean | null) => string;
  /** Only meaningful when this holds for a version (identity rows belong to one method). */
  appliesTo?: (u: ProfileUpdate) => boolean;
};

export type ProfileChange =
  | {
      key: string;
      section: string;
      label: string;
      kind: 'value';
      before: string;
      after: string;
      text: string;
    }
  | {
      key: string;
      section: string;
      label: string;
      kind: 'set';
      added: string[];
      removed: string[];
      text: string;
    };

const scalar = (value: string | boolean | null): FacetValue => ({ kind: 'scalar', value });
const onOff = (v: string | boolean | null) => (v ? 'On' : 'Off');
const quoted = (v: string | boolean | null) => (v === null || v === '' ? 'not set' : `“${String(v)}”`);
const dateOrNot = (v: string | boolean | null) => (v === null || v === '' ? 'not set' : String(v));

function scalarValue(v: FacetValue): string | boolean | null {
  return v.kind === 'scalar' ? v.value : null;
}
function setItems(v: FacetValue): string[] | null {
  return v.kind === 'set' ? v.items : null;
}

const roleOrder = (role: string) => {
  const index = (assignableRoles as readonly string[]).indexOf(role);
  return index === -1 ? assignableRoles.length : index;
};

function licenseRolesIn(...versions: ProfileUpdate[]): UserRole[] {
  const roles = new Set<UserRole>(assignableRoles);
  for (const v of versions) for (const l of licensesOf(v)) roles.add(l.appliesTo);
  return [...roles].sort((a, b) => roleOrder(a) - roleOrder(b));
}

function skuIdsFor(u: ProfileUpdate, role: UserRole): string[] {
  const ids: string[] = [];
  for (const l of licensesOf(u)) {
    if (l.appliesTo !== role) continue;
    for (const id of l.skuIds) {
      const normalized = id.trim().toLowerCase();
      if (!ids.includes(normalized)) ids.push(normalized);
    }
  }
  return ids;
}

/** Replaces one role's SKUs, keeping other roles' entries where they were. */
function withSkuIds(u: ProfileUpdate, role: UserRole, skuIds: string[]): ProfileUpdate {
  const next: LicenseAssignment[] = [];
  let placed = false;
  for (const l of licensesOf(u)) {
    if (l.appliesTo !== role) next.push(l);
    else if (!placed) {
      placed = true;
      if (skuIds.length > 0) next.push({ appliesTo: role, skuIds });
    }
  }
  if (!placed && skuIds.length > 0) next.push({ appliesTo: role, skuIds });
  return withLicenses(u, next);
}

const domainItem = (d: UserDomain) => JSON.stringify([d.appliesTo, d.name.trim().toLowerCase()]);
const matchingItem = (o: MatchingOption) =>
  JSON.stringify([
    o.appliesTo,
    o.sourcePropertyName,
    o.targetPropertyName,
    o.targetDomain?.trim().toLowerCase() || null,
  ]);

function formatDomainItem(item: string): string {
  const [role, name] = JSON.parse(item) as [string, string];
  return `${name} (${role})`;
}
function formatMatchingItem(item: string): string {
  const [role, source, target, domain] = JSON.parse(item) as [string, string, string, string | null];
  return `${role}: ${source} → ${target}${domain ? ` @${domain}` : ''}`;
}

function facetsFor(...versions: ProfileUpdate[]): Facet[] {
  const facets: Facet[] = [
    {
      key: 'displayName',
      section: 'General',
      label: 'name',
      read: (u) => scalar(u.displayName),
      write: (u, v) => ({ ...u, displayName: String(scalarValue(v) ?? '') }),
      formatScalar: quoted,
    },
    {
      key: 'expirationDate',
      section: 'General',
      label: 'expiration date',
      read: (u) => scalar(u.expirationDate || null),
      write: (u, v) => ({ ...u, expirationDate: (scalarValue(v) as string | null) || null }),
      formatScalar: dateOrNot,
    },
    {
      key: 'handleSpecialCharacterConstraint',
      section: 'General',
      label: 'replace special characters',
      read: (u) => scalar(u.handleSpecialCharacterConstraint ?? false),
      write: (u, v) => ({ ...u, handleSpecialCharacterConstraint: Boolean(scalarValue(v)) }),
      formatScalar: onOff,
    },
  ];

  for (const entity of syncEntities) {
    const section = entityChangeLabels[entity];
    if (entitiesWithOptionalProperties.includes(entity)) {
      facets.push({
        key: `customizations.${entity}.optionalPropertiesToSync`,
        section,
        label: 'optional properties',
        read: (u) => {
          const list = customizationOf(u, entity).optionalPropertiesToSync;
          return { kind: 'set', items: list === null || list === undefined ? null : [...list] };
        },
        write: (u, v) => withCustomization(u, entity, { optionalPropertiesToSync: setItems(v) }),
      });
    }
    facets.push(
      {
        key: `customizations.${entity}.isSyncDeferred`,
        section,
        label: 'defer sync',
        read: (u) => scalar(customizationOf(u, entity).isSyncDeferred ?? false),
        write: (u, v) => withCustomization(u, entity, { isSyncDeferred: Boolean(scalarValue(v)) }),
        formatScalar: onOff,
      },
      {
        key: `customizations.${entity}.allowDisplayNameUpdate`,
        section,
        label: 'display-name updates',
        read: (u) => scalar(customizationOf(u, entity).allowDisplayNameUpdate ?? false),
        write: (u, v) => withCustomization(u, entity, { allowDisplayNameUpdate: Boolean(scalarValue(v)) }),
        formatScalar: onOff,
      },
      {
        key: `customizations.${entity}.synchronizationStartDate`,
        section,
        label: 'sync start date',
        read: (u) => {
          const date = customizationOf(u, entity).synchronizationStartDate;
          return scalar(isUnsetDate(date) ? null : (date ?? null));
        },
        write: (u, v) =>
          withCustomization(u, entity, { synchronizationStartDate: scalarValue(v) as string | null }),
        formatScalar: (v) => (typeof v === 'string' ? v.slice(0, 10) : 'not set'),
      },
    );
  }

  facets.push(
    {
      key: 'identity.method',
      section: 'Identity',
      label: 'method',
      read: (u) => scalar(identityKindOf(u)),
      // Switching method takes the whole configuration of the version that switched.
      write: (u, _v, from) => ({
        ...u,
        identitySynchronizationConfiguration: from.identitySynchronizationConfiguration,
      }),
      formatScalar: (v) => (v === 'matching' ? 'match existing accounts' : 'create new accounts'),
    },
    {
      key: 'identity.userDomains',
      section: 'Identity',
      label: 'domains',
      appliesTo: (u) => identityKindOf(u) === 'creation',
      read: (u) => ({ kind: 'set', items: userDomainsOf(u).map(domainItem) }),
      write: (u, v) =>
        withUserDomains(
          u,
          (setItems(v) ?? []).map((item) => {
            const [appliesTo, name] = JSON.parse(item) as [UserRole, string];
            return { appliesTo, name };
          }),
        ),
      formatItem: formatDomainItem,
    },
    {
      key: 'identity.matchingOptions',
      section: 'Identity',
      label: 'matching rules',
      appliesTo: (u) => identityKindOf(u) === 'matching',
      read: (u) => ({ kind: 'set', items: matchingOptionsOf(u).map(matchingItem) }),
      write: (u, v) =>
        withMatchingOptions(
          u,
          (setItems(v) ?? []).map((item) => {
            const [appliesTo, sourcePropertyName, targetPropertyName, targetDomain] = JSON.parse(item) as [
              UserRole,
              string,
              string,
              string | null,
            ];
            return { appliesTo, sourcePropertyName, targetPropertyName, targetDomain };
          }),
        ),
      formatItem: formatMatchingItem,
    },
  );

  for (const role of licenseRolesIn(...versions)) {
    facets.push({
      key: `licenses.${role}`,
      section: 'Licenses',
      label: role,
      read: (u) => ({ kind: 'set', items: skuIdsFor(u, role) }),
      write: (u, v) => withSkuIds(u, role, setItems(v) ?? []),
      formatItem: skuLabel,
    });
  }
  return facets;
}

function sameValue(a: FacetValue, b: FacetValue): boolean {
  if (a.kind === 'scalar' && b.kind === 'scalar') return a.value === b.value;
  if (a.kind === 'set' && b.kind === 'set') {
    if (a.items === null || b.items === null) return a.items === b.items;
    if (a.items.length !== b.items.length) return false;
    const other = new Set(b.items);
    return a.items.every((item) => other.has(item));
  }
  return false;
}

function listText(items: string[], format: (item: string) => string): string {
  return items.map(format).join(', ');
}

function describe(facet: Facet, before: FacetValue, after: FacetValue): ProfileChange {
  const head = `${facet.section} · ${facet.label}`;
  const format = facet.formatItem ?? ((item: string) => item);
  if (before.kind === 'set' && after.kind === 'set' && before.items !== null && after.items !== null) {
    const added = after.items.filter((item) => !before.items!.includes(item));
    const removed = before.items.filter((item) => !after.items!.includes(item));
    const parts = [
      added.length > 0 ? `added ${listText(added, format)}` : null,
      removed.length > 0 ? `removed ${listText(removed, format)}` : null,
    ].filter(Boolean);
    return {
      key: facet.key,
      section: facet.section,
      label: facet.label,
      kind: 'set',
      added,
      removed,
      text: `${head}: ${parts.join('; ')}`,
    };
  }
  const show = (v: FacetValue) => {
    if (v.kind === 'set')
      return v.items === null ? 'all properties' : v.items.length === 0 ? 'none' : listText(v.items, format);
    return (facet.formatScalar ?? quoted)(v.value);
  };
  const beforeText = show(before);
  const afterText = show(after);
  return {
    key: facet.key,
    section: facet.section,
    label: facet.label,
    kind: 'value',
    before: beforeText,
    after: afterText,
    text: `${head}: ${beforeText} → ${afterText}`,
  };
}

/** The changes from `before` to `after`, in reading order. Empty when nothing changed. */
export function diffProfiles(before: ProfileUpdate, after: ProfileUpdate): ProfileChange[] {
  const changes: ProfileChange[] = [];
  for (const facet of facetsFor(before, after)) {
    if (facet.appliesTo && !(facet.appliesTo(before) && facet.appliesTo(after))) {
      // The method changed: show the new method's rows as added, the old ones are gone anyway.
      if (facet.appliesTo(after) && !facet.appliesTo(before)) {
        const items = setItems(facet.read(after)) ?? [];
        if (items.length > 0) changes.push(describe(facet, { kind: 'set', items: [] }, facet.read(after)));
      }
      continue;
    }
    const a = facet.read(before);
    const b = facet.read(after);
    if (!sameValue(a, b)) changes.push(describe(facet, a, b));
  }
  return changes;
}

export type RebaseResult = {
  /** `theirs` with my changes applied. */
  rebased: ProfileUpdate;
  /** Facets both of us changed differently; my value was used. */
  overlaps: ProfileChange[];
  /** My changes that could not be applied (their method switch made them meaningless). */
  dropped: ProfileChange[];
};

/**
 * Replays my changes (base → mine) on their version (base → theirs). Scalars: mine win. Sets:
 * my additions and removals are applied to their set, so both admins' additions survive.
 */
export function rebaseProfile(base: ProfileUpdate, mine: ProfileUpdate, theirs: ProfileUpdate): RebaseResult {
  let rebased = theirs;
  const overlaps: ProfileChange[] = [];
  const dropped: ProfileChange[] = [];
  let methodTaken = false;
  for (const facet of facetsFor(base, mine, theirs)) {
    if (facet.appliesTo) {
      if (methodTaken) continue;
      if (!facet.appliesTo(base) || !facet.appliesTo(mine)) continue;
      if (!facet.appliesTo(rebased)) {
        const b = facet.read(base);
        const m = facet.read(mine);
        if (!sameValue(b, m)) dropped.push(describe(facet, b, m));
        continue;
      }
    }
    const b = facet.read(base);
    const m = facet.read(mine);
    if (sameValue(b, m)) continue;
    const t = facet.read(rebased);
    if (facet.key === 'identity.method') methodTaken = true;
    if (b.kind === 'set' && m.kind === 'set' && t.kind === 'set' && b.items && m.items && t.items) {
      const added = m.items.filter((item) => !b.items!.includes(item));
      const removed = new Set(b.items.filter((item) => !m.items!.includes(item)));
      // Sets merge; they only clash where one admin added what the other removed.
      const theirRemoved = b.items.filter((item) => !t.items!.includes(item));
      const theirAdded = t.items.filter((item) => !b.items!.includes(item));
      if (added.some((item) => theirRemoved.includes(item)) || theirAdded.some((item) => removed.has(item))) {
        overlaps.push(describe(facet, t, m));
      }
      const merged = t.items.filter((item) => !removed.has(item));
      for (const item of added) if (!merged.includes(item)) merged.push(item);
      rebased = facet.write(rebased, { kind: 'set', items: merged }, mine);
    } else {
      if (!sameValue(b, t) && !sameValue(t, m)) overlaps.push(describe(facet, t, m));
      rebased = facet.write(rebased, m, mine);
    }
  }
  return { rebased, overlaps, dropped };
}
