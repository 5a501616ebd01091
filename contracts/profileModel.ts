/**
 * The editor works on a `ProfileUpdate` (contracts/api.ts): exactly what PUT sends, so validation
 * is the server's own schema and nothing is translated on the way out. This module holds the
 * small conversions between that shape and form controls. It lives in contracts/ (no DOM) because
 * the backend words its change history with contracts/profileChanges.ts, which reads through it.
 */
import type { Profile, ProfileUpdate } from './api';
import {
  odataTypes,
  syncEntities,
  UNSET_START_DATE,
  type Customization,
  type SyncEntity,
  type UserRole,
} from './graph';

export type IdentityKind = 'creation' | 'matching';
export type UserDomain = { appliesTo: UserRole; name: string };
export type MatchingOption = {
  appliesTo: UserRole;
  sourcePropertyName: string;
  targetPropertyName: string;
  targetDomain?: string | null;
};
export type LicenseAssignment = { appliesTo: UserRole; skuIds: string[] };

/**
 * Singular labels for the change descriptions the server keeps in history, in English ("Student ·
 * optional properties: …"). The tab shows its own words for entities and fields (src/editor,
 * the `editor` catalogue).
 */
export const entityChangeLabels: Record<SyncEntity, string> = {
  school: 'School',
  section: 'Section',
  student: 'Student',
  teacher: 'Teacher',
  studentEnrollment: 'Student enrollment',
  teacherRoster: 'Teacher roster',
};

/** The editable part of a profile: everything but the id and the read-only state. */
export function toUpdate(profile: Profile): ProfileUpdate {
  const { id: _id, state: _state, ...update } = profile;
  // Profiles are read leniently now (issue 11 §2) and may break write rules; the editor's field
  // errors for them come from checkProfileUpdate (contracts/api.ts).
  return update as ProfileUpdate;
}

export function identityKindOf(update: ProfileUpdate): IdentityKind {
  return update.identitySynchronizationConfiguration['@odata.type'] ===
    odataTypes.identityMatchingConfiguration
    ? 'matching'
    : 'creation';
}

export function userDomainsOf(update: ProfileUpdate): UserDomain[] {
  const config = update.identitySynchronizationConfiguration;
  return 'userDomains' in config
    ? config.userDomains.map((d) => ({ appliesTo: d.appliesTo, name: d.name }))
    : [];
}

export function matchingOptionsOf(update: ProfileUpdate): MatchingOption[] {
  const config = update.identitySynchronizationConfiguration;
  return 'matchingOptions' in config
    ? config.matchingOptions.map((o) => ({
        appliesTo: o.appliesTo,
        sourcePropertyName: o.sourcePropertyName,
        targetPropertyName: o.targetPropertyName,
        targetDomain: o.targetDomain ?? null,
      }))
    : [];
}

export function withUserDomains(update: ProfileUpdate, userDomains: UserDomain[]): ProfileUpdate {
  return {
    ...update,
    identitySynchronizationConfiguration: {
      '@odata.type': odataTypes.identityCreationConfiguration,
      userDomains,
    },
  };
}

export function withMatchingOptions(update: ProfileUpdate, matchingOptions: MatchingOption[]): ProfileUpdate {
  return {
    ...update,
    identitySynchronizationConfiguration: {
      '@odata.type': odataTypes.identityMatchingConfiguration,
      matchingOptions: matchingOptions.map((o) => ({
        appliesTo: o.appliesTo,
        sourcePropertyName: o.sourcePropertyName,
        targetPropertyName: o.targetPropertyName,
        targetDomain: o.targetDomain ? o.targetDomain : null,
      })),
    },
  };
}

export function customizationOf(update: ProfileUpdate, entity: SyncEntity): Customization {
  return update.dataProvider.customizations?.[entity] ?? {};
}

export function withCustomization(
  update: ProfileUpdate,
  entity: SyncEntity,
  patch: Partial<Customization>,
): ProfileUpdate {
  const customizations = update.dataProvider.customizations ?? {};
  const current = customizations[entity] ?? {};
  return {
    ...update,
    dataProvider: {
      ...update.dataProvider,
      customizations: { ...customizations, [entity]: { ...current, ...patch } },
    },
  } as ProfileUpdate;
}

export function licensesOf(update: ProfileUpdate): LicenseAssignment[] {
  return (update.licensesToAssign ?? []).map((l) => ({ appliesTo: l.appliesTo, skuIds: [...l.skuIds] }));
}

export function withLicenses(update: ProfileUpdate, licenses: LicenseAssignment[]): ProfileUpdate {
  return { ...update, licensesToAssign: licenses.map((l) => ({ appliesTo: l.appliesTo, skuIds: l.skuIds })) };
}

/** `0001-01-01T00:00:00Z` (.NET DateTime.MinValue) and null both mean "not set". */
export function isUnsetDate(value: string | null | undefined): boolean {
  return !value || value.startsWith('0001-01-01');
}

/** A DateTimeOffset as the value of an `<input type="date">` ('' when not set). */
export function startDateInputValue(value: string | null | undefined): string {
  return isUnsetDate(value) ? '' : (value ?? '').slice(0, 10);
}

/**
 * From the date input back to a DateTimeOffset. Clearing keeps Graph's own "not set" marker when
 * that is what the profile had, so an untouched field never shows up as a change.
 */
export function startDateFromInput(input: string, previous: string | null | undefined): string | null {
  if (!input) return isUnsetDate(previous) ? (previous ?? null) : null;
  return `${input}T00:00:00Z`;
}

export function expirationInputValue(value: string | null | undefined): string {
  return value ? value.slice(0, 10) : '';
}

export const allSyncEntities = syncEntities;
export { UNSET_START_DATE };
