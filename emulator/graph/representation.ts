/**
 * How profiles, statuses and errors look on the wire, following the documented examples
 * (graph-sds-api.md §2, §6): `@odata.type` spelled per endpoint, server-filled customization
 * defaults, unset optional members omitted, and provider secrets never returned.
 */
import {
  evolvableSyncStatuses,
  knownOptionalProperties,
  odataTypes,
  syncEntities,
  UNSET_START_DATE,
  type Customization,
  type SyncEntity,
} from '../../contracts/graph';
import { snapshot, statusMessage } from './lifecycle';
import { syncErrorCount, type StoredProfile } from './store';
import type { SyncErrorRecord } from './sync-errors';

/**
 * `created`: the create example's forms (`#microsoft.graph.X`, license items untyped).
 * `read`: the get/list/update examples' forms (`microsoft.graph.X` without `#`, license items typed).
 */
export type RenderStyle = 'created' | 'read';

function typeName(canonical: string, style: RenderStyle): string {
  return style === 'created' ? canonical : canonical.replace(/^#/, '');
}

/**
 * The teacher list the create example fills in although the request never mentioned teachers
 * (§2.3): "null optionalPropertiesToSync ⇒ all properties are synchronized", materialised.
 */
const serverFilledOptionalProperties: Record<SyncEntity, readonly string[]> = {
  ...knownOptionalProperties,
  teacher: [
    'State ID',
    'Teacher Number',
    'Status',
    'Middle Name',
    'Secondary Email',
    'Title',
    'Qualification',
  ],
};

/** Entities the service fills in when a request leaves them out (the create example's response). */
const alwaysReturned: readonly SyncEntity[] = ['teacher', 'studentEnrollment', 'teacherRoster'];

function renderCustomization(entity: SyncEntity, given: Customization | null | undefined) {
  return {
    optionalPropertiesToSync: given?.optionalPropertiesToSync ?? [...serverFilledOptionalProperties[entity]],
    synchronizationStartDate: given?.synchronizationStartDate ?? UNSET_START_DATE,
    isSyncDeferred: given?.isSyncDeferred ?? false,
    allowDisplayNameUpdate: given?.allowDisplayNameUpdate ?? false,
  };
}

function renderCustomizations(given: Partial<Record<SyncEntity, Customization | null>> | null | undefined) {
  const out: Record<string, unknown> = {};
  for (const entity of syncEntities) {
    const customization = given?.[entity];
    if (customization || alwaysReturned.includes(entity)) {
      out[entity] = renderCustomization(entity, customization);
    }
  }
  return out;
}

/** Copies the members that are set, in order, leaving out undefined and null ones. */
function present(source: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const value = source[key];
    if (value !== undefined && value !== null) out[key] = value;
  }
  return out;
}

function renderDataProvider(profile: StoredProfile, style: RenderStyle): Record<string, unknown> {
  const provider = profile.content.dataProvider;
  const type = typeName(provider['@odata.type'], style);
  const customizations = renderCustomizations(provider.customizations);
  switch (provider['@odata.type']) {
    case odataTypes.csvDataProvider:
      return { '@odata.type': type, customizations };
    case odataTypes.powerSchoolDataProvider:
      // clientSecret is write-only: stored, never returned.
      return {
        '@odata.type': type,
        ...present(provider, [
          'connectionUrl',
          'clientId',
          'schoolsIds',
          'schoolYear',
          'allowTeachersInMultipleSchools',
        ]),
        customizations,
      };
    case odataTypes.oneRosterApiDataProvider: {
      const settings = provider.connectionSettings;
      return {
        '@odata.type': type,
        ...present(provider, ['connectionUrl', 'providerName', 'schoolsIds', 'termIds']),
        connectionSettings: {
          '@odata.type': typeName(settings['@odata.type'], style),
          ...present(settings, ['clientId', 'tokenUrl', 'scope']),
        },
        customizations,
      };
    }
  }
}

function renderIdentityConfiguration(profile: StoredProfile, style: RenderStyle): Record<string, unknown> {
  const config = profile.content.identitySynchronizationConfiguration;
  const type = typeName(config['@odata.type'], style);
  if (config['@odata.type'] === odataTypes.identityCreationConfiguration) {
    return {
      '@odata.type': type,
      userDomains: config.userDomains.map((d) => ({ appliesTo: d.appliesTo, name: d.name })),
    };
  }
  return {
    '@odata.type': type,
    matchingOptions: config.matchingOptions.map((o) =>
      present(o, ['appliesTo', 'sourcePropertyName', 'targetPropertyName', 'targetDomain']),
    ),
  };
}

/** Top-level profile members in the order the documented examples use. */
export const profileProperties = [
  'displayName',
  'state',
  'id',
  'dataProvider',
  'identitySynchronizationConfiguration',
  'licensesToAssign',
  'handleSpecialCharacterConstraint',
  'expirationDate',
] as const;
export type ProfileProperty = (typeof profileProperties)[number];

export function renderProfile(
  profile: StoredProfile,
  now: number,
  style: RenderStyle,
  select?: readonly ProfileProperty[],
): Record<string, unknown> {
  const { content } = profile;
  const members: Record<ProfileProperty, unknown> = {
    displayName: content.displayName,
    state: snapshot(profile.timeline, now).state,
    id: profile.id,
    dataProvider: renderDataProvider(profile, style),
    identitySynchronizationConfiguration: renderIdentityConfiguration(profile, style),
    licensesToAssign: content.licensesToAssign?.map((l) => ({
      ...(style === 'read' ? { '@odata.type': typeName(odataTypes.licenseAssignment, style) } : {}),
      appliesTo: l.appliesTo,
      skuIds: l.skuIds,
    })),
    handleSpecialCharacterConstraint: content.handleSpecialCharacterConstraint,
    expirationDate: content.expirationDate,
  };
  return present(members, [...(select ?? profileProperties)]);
}

export const statusProperties = [
  'id',
  'status',
  'lastSynchronizationDateTime',
  'lastActivityDateTime',
  'errorCount',
  'statusMessage',
] as const;
export type StatusProperty = (typeof statusProperties)[number];

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/**
 * `extracting`/`validating` come after the evolvable enum's sentinel, so without
 * `Prefer: include-unknown-enum-members` they are sent as `unknownFutureValue` (§5.2).
 */
export function renderStatus(
  profile: StoredProfile,
  now: number,
  includeUnknownEnumMembers: boolean,
  select?: readonly StatusProperty[],
): Record<string, unknown> {
  const s = snapshot(profile.timeline, now);
  const status =
    evolvableSyncStatuses.includes(s.status) && !includeUnknownEnumMembers ? 'unknownFutureValue' : s.status;
  const members: Record<StatusProperty, unknown> = {
    id: profile.id,
    status,
    lastSynchronizationDateTime: iso(s.lastSynchronizationDateTime),
    lastActivityDateTime: iso(s.lastActivityDateTime),
    errorCount: syncErrorCount(profile, now),
    statusMessage: statusMessage(s),
  };
  const out: Record<string, unknown> = {};
  for (const key of select ?? statusProperties) out[key] = members[key];
  return out;
}

export function renderSyncError(error: SyncErrorRecord): Record<string, unknown> {
  return {
    id: error.id,
    entryType: error.entryType,
    errorCode: error.errorCode,
    errorMessage: error.errorMessage,
    joiningValue: error.joiningValue,
    // The documented example's timestamps carry no fraction.
    recordedDateTime: new Date(error.recordedAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    reportableIdentifier: error.reportableIdentifier,
  };
}
