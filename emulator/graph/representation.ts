/**
 * How profiles, statuses and errors look on the wire, following the documented examples
 * (graph-sds-api.md §2, §6): `@odata.type` spelled per endpoint, server-filled customization
 * defaults, unset optional members omitted, and provider secrets never returned.
 */
import type { z } from 'zod';
import {
  csvDataProviderSchema,
  customizationSchema,
  customizationsSchema,
  evolvableSyncStatuses,
  identityCreationConfigurationSchema,
  identityDomainSchema,
  identityMatchingConfigurationSchema,
  identityMatchingOptionsSchema,
  knownOptionalProperties,
  licenseAssignmentSchema,
  oauth1ConnectionSettingsSchema,
  oauth2ConnectionSettingsSchema,
  odataTypes,
  oneRosterApiDataProviderSchema,
  powerSchoolDataProviderSchema,
  profileWriteSchema,
  syncEntities,
  UNSET_START_DATE,
  type Customization,
  type Customizations,
  type SyncEntity,
} from '../../contracts/graph';
import { snapshot, statusMessage } from './lifecycle';
import { syncErrorCount, type StoredProfile } from './store';
import type { SyncErrorRecord } from './sync-errors';

/**
 * Each documented example spells @odata.type its own way, and the emulator answers each operation
 * with its example's spelling (graph-sds-api.md §6):
 * `created`: the create example (`#microsoft.graph.X` everywhere, license items untyped).
 * `read`: the get and list examples (`microsoft.graph.X` without `#`, license items typed).
 * `updated`: the update page's example (seeds/004): the data provider with `#`, the rest as `read`.
 */
export type RenderStyle = 'created' | 'read' | 'updated';

function typeName(canonical: string, style: RenderStyle, isDataProvider = false): string {
  const withHash = style === 'created' || (style === 'updated' && isDataProvider);
  return withHash ? canonical : canonical.replace(/^#/, '');
}

/**
 * A profile stored through the control API may carry members newer than our model (issue 11 §2):
 * they are returned as they were stored, after the modelled ones.
 */
function withUnmodelled(
  rendered: Record<string, unknown>,
  stored: object,
  schema: { shape: Record<string, z.ZodType> },
): Record<string, unknown> {
  for (const [key, value] of Object.entries(stored)) {
    if (!(key in schema.shape) && !(key in rendered)) rendered[key] = value;
  }
  return rendered;
}

/**
 * The teacher list the create example fills in although the request never mentioned teachers
 * (§2.3): "null optionalPropertiesToSync ⇒ all properties are synchronized", materialised.
 */
export const serverFilledOptionalProperties: Record<SyncEntity, readonly string[]> = {
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

/** A customization as the create example's answer shows it: every member filled in. */
function filledCustomization(entity: SyncEntity, given: Customization | null | undefined): Customization {
  return {
    ...given,
    optionalPropertiesToSync: given?.optionalPropertiesToSync ?? [...serverFilledOptionalProperties[entity]],
    synchronizationStartDate: given?.synchronizationStartDate ?? UNSET_START_DATE,
    isSyncDeferred: given?.isSyncDeferred ?? false,
    allowDisplayNameUpdate: given?.allowDisplayNameUpdate ?? false,
  };
}

/**
 * What creating a profile stores: the create example answers with every given entity filled in
 * and teacher, studentEnrollment and teacherRoster added (§2.3). Storing it (instead of filling in
 * on every read) keeps later reads and updates showing what the create answered.
 */
export function filledCustomizations(given: Customizations | null | undefined): Customizations {
  const out: Customizations = {};
  for (const entity of syncEntities) {
    const customization = given?.[entity];
    if (customization || alwaysReturned.includes(entity)) {
      out[entity] = filledCustomization(entity, customization);
    }
  }
  return out;
}

/**
 * A stored customization as the update page's example shows it (seeds/004): the members that are
 * set, the two flags always (false when unset), members beyond our model after them.
 */
function renderCustomization(stored: Customization): Record<string, unknown> {
  const rendered: Record<string, unknown> = {
    ...present(stored, ['optionalPropertiesToSync', 'synchronizationStartDate']),
    isSyncDeferred: stored.isSyncDeferred ?? false,
    allowDisplayNameUpdate: stored.allowDisplayNameUpdate ?? false,
  };
  return withUnmodelled(rendered, stored, customizationSchema);
}

function renderCustomizations(stored: Customizations | null | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const entity of syncEntities) {
    const customization = stored?.[entity];
    if (customization) out[entity] = renderCustomization(customization);
    // Profiles stored before creation filled these in (the demo data) get them on read.
    else if (alwaysReturned.includes(entity))
      out[entity] = renderCustomization(filledCustomization(entity, null));
  }
  return stored ? withUnmodelled(out, stored, customizationsSchema) : out;
}

/** Copies the members that are set, in order, leaving out undefined and null ones. */
function present(source: object, keys: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const value = (source as Record<string, unknown>)[key];
    if (value !== undefined && value !== null) out[key] = value;
  }
  return out;
}

function renderDataProvider(profile: StoredProfile, style: RenderStyle): Record<string, unknown> {
  const provider = profile.content.dataProvider;
  const type = typeName(provider['@odata.type'], style, true);
  const customizations = renderCustomizations(provider.customizations);
  switch (provider['@odata.type']) {
    case odataTypes.csvDataProvider:
      return withUnmodelled({ '@odata.type': type, customizations }, provider, csvDataProviderSchema);
    case odataTypes.powerSchoolDataProvider:
      // clientSecret is write-only: stored, never returned.
      return withUnmodelled(
        {
          '@odata.type': type,
          ...present(provider, [
            'connectionUrl',
            'clientId',
            'schoolsIds',
            'schoolYear',
            'allowTeachersInMultipleSchools',
          ]),
          customizations,
        },
        provider,
        powerSchoolDataProviderSchema,
      );
    case odataTypes.oneRosterApiDataProvider: {
      const settings = provider.connectionSettings;
      return withUnmodelled(
        {
          '@odata.type': type,
          ...present(provider, ['connectionUrl', 'providerName', 'schoolsIds', 'termIds']),
          connectionSettings: withUnmodelled(
            {
              '@odata.type': typeName(settings['@odata.type'], style),
              ...present(settings, ['clientId', 'tokenUrl', 'scope']),
            },
            settings,
            settings['@odata.type'] === odataTypes.oauth1ConnectionSettings
              ? oauth1ConnectionSettingsSchema
              : oauth2ConnectionSettingsSchema,
          ),
          customizations,
        },
        provider,
        oneRosterApiDataProviderSchema,
      );
    }
  }
}

function renderIdentityConfiguration(profile: StoredProfile, style: RenderStyle): Record<string, unknown> {
  const config = profile.content.identitySynchronizationConfiguration;
  const type = typeName(config['@odata.type'], style);
  if (config['@odata.type'] === odataTypes.identityCreationConfiguration) {
    return withUnmodelled(
      {
        '@odata.type': type,
        userDomains: config.userDomains.map((d) =>
          withUnmodelled({ appliesTo: d.appliesTo, name: d.name }, d, identityDomainSchema),
        ),
      },
      config,
      identityCreationConfigurationSchema,
    );
  }
  return withUnmodelled(
    {
      '@odata.type': type,
      matchingOptions: config.matchingOptions.map((o) =>
        withUnmodelled(
          present(o, ['appliesTo', 'sourcePropertyName', 'targetPropertyName', 'targetDomain']),
          o,
          identityMatchingOptionsSchema,
        ),
      ),
    },
    config,
    identityMatchingConfigurationSchema,
  );
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
    licensesToAssign: content.licensesToAssign?.map((l) =>
      withUnmodelled(
        {
          ...(style === 'created' ? {} : { '@odata.type': typeName(odataTypes.licenseAssignment, style) }),
          appliesTo: l.appliesTo,
          skuIds: l.skuIds,
        },
        l,
        licenseAssignmentSchema,
      ),
    ),
    handleSpecialCharacterConstraint: content.handleSpecialCharacterConstraint,
    expirationDate: content.expirationDate,
  };
  const rendered = present(members, [...(select ?? profileProperties)]);
  return select ? rendered : withUnmodelled(rendered, content, profileWriteSchema);
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

/**
 * The status page's example writes .NET's seven fraction digits (`2021-07-13T20:55:17.6475128Z`);
 * our clock has milliseconds, so the last four are zeros.
 */
const iso = (ms: number | null) =>
  ms === null ? null : new Date(ms).toISOString().replace(/\.(\d{3})Z$/, (_, ms: string) => `.${ms}0000Z`);

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
