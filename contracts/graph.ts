/**
 * The Microsoft Graph beta `educationSynchronizationProfile` family, as zod schemas.
 *
 * One source of truth for three readers: the Graph emulator validates request bodies with the
 * strict write schemas, the backend validates what Graph answers with the lenient read schemas,
 * and the tab's editor validates with the same write schemas before anything leaves the browser.
 * Field by field this follows ../shared/reference/graph-sds-api.md (§3–§7).
 */
import { z } from 'zod';
import {
  profileStates,
  providerKinds,
  syncStatuses,
  type ProfileState,
  type ProviderKind,
  type SyncStatus,
} from './graphEnums';

export const GRAPH_RESOURCE_APP_ID = '00000003-0000-0000-c000-000000000000';
export const GRAPH_RESOURCE = 'https://graph.microsoft.com';

/** Delegated permissions used by this product (graph-sds-api.md §1). */
export const EDU_ADMIN_READ = 'EduAdministration.Read';
export const EDU_ADMIN_READ_WRITE = 'EduAdministration.ReadWrite';
export const GRAPH_DELEGATED_PERMISSION_IDS = {
  [EDU_ADMIN_READ]: '8523895c-6081-45bf-8a5d-f062a2f12c9f',
  [EDU_ADMIN_READ_WRITE]: '63589852-04e3-46b4-bae9-15d5b1050748',
} as const;

// ---------------------------------------------------------------------------------------------
// Enumerations (§5)

export const userRoles = ['student', 'teacher', 'faculty', 'none', 'unknownFutureValue'] as const;
export type UserRole = (typeof userRoles)[number];
/** The roles an admin can choose in the editor: `none`/`unknownFutureValue` are sentinels. */
export const assignableRoles = ['student', 'teacher', 'faculty'] as const;

// profileStates and syncStatuses live in ./graphEnums (no zod) for the tab's first load.
export { profileStates, syncStatuses, type ProfileState, type SyncStatus };
export const evolvableSyncStatuses: readonly SyncStatus[] = ['extracting', 'validating'];
export const PREFER_UNKNOWN_ENUM_MEMBERS = 'include-unknown-enum-members';

export const syncEntities = [
  'school',
  'section',
  'student',
  'teacher',
  'studentEnrollment',
  'teacherRoster',
] as const;
export type SyncEntity = (typeof syncEntities)[number];

/** Property customization does not apply to enrollments and rosters (§4.4). */
export const entitiesWithOptionalProperties: readonly SyncEntity[] = [
  'school',
  'section',
  'student',
  'teacher',
];

/**
 * Optional properties the editor offers per entity. No Graph page enumerates them (§7): these are
 * the values seen in Graph examples plus the optional columns of the SDS v1 CSV format. Free entry
 * stays allowed because the real service's rule is unknown.
 */
export const knownOptionalProperties: Record<SyncEntity, readonly string[]> = {
  school: [
    'School Number',
    'School NCES_ID',
    'State ID',
    'GradeLow',
    'GradeHigh',
    'Principal SIS ID',
    'Principal Name',
    'Principal Secondary Email',
    'Address',
    'City',
    'State',
    'Country',
    'Zip',
    'Phone',
    'Zone',
  ],
  section: [
    'Section Number',
    'Term SIS ID',
    'Term Name',
    'Term StartDate',
    'Term EndDate',
    'Course SIS ID',
    'Course Name',
    'Course Number',
    'Course Description',
    'Course Subject',
    'Periods',
    'Status',
  ],
  student: [
    'First Name',
    'Last Name',
    'State ID',
    'Email',
    'Secondary Email',
    'Student Number',
    'Middle Name',
    'Grade',
    'Status',
    'Birthdate',
    'Graduation Year',
  ],
  teacher: [
    'First Name',
    'Last Name',
    'State ID',
    'Teacher Number',
    'Status',
    'Middle Name',
    'Secondary Email',
    'Title',
    'Qualification',
  ],
  studentEnrollment: [],
  teacherRoster: [],
};

/** .NET `DateTime.MinValue`: what Graph returns for an unset synchronizationStartDate (§2.3). */
export const UNSET_START_DATE = '0001-01-01T00:00:00Z';

// ---------------------------------------------------------------------------------------------
// @odata.type handling (§6)

export const odataTypes = {
  csvDataProvider: '#microsoft.graph.educationCsvDataProvider',
  powerSchoolDataProvider: '#microsoft.graph.educationPowerSchoolDataProvider',
  oneRosterApiDataProvider: '#microsoft.graph.educationOneRosterApiDataProvider',
  oauth1ConnectionSettings: '#microsoft.graph.educationSynchronizationOAuth1ConnectionSettings',
  oauth2ClientCredentialsConnectionSettings:
    '#microsoft.graph.educationSynchronizationOAuth2ClientCredentialsConnectionSettings',
  identityCreationConfiguration: '#microsoft.graph.educationIdentityCreationConfiguration',
  identityMatchingConfiguration: '#microsoft.graph.educationIdentityMatchingConfiguration',
  identityDomain: '#microsoft.graph.educationIdentityDomain',
  identityMatchingOptions: '#microsoft.graph.educationIdentityMatchingOptions',
  licenseAssignment: '#microsoft.graph.educationSynchronizationLicenseAssignment',
  customizations: '#microsoft.graph.educationSynchronizationCustomizations',
  customization: '#microsoft.graph.educationSynchronizationCustomization',
  profile: '#microsoft.graph.educationSynchronizationProfile',
  profileStatus: '#microsoft.graph.educationSynchronizationProfileStatus',
  error: '#microsoft.graph.educationSynchronizationError',
  verificationMessage: '#microsoft.graph.educationFileSynchronizationVerificationMessage',
} as const;

const canonicalByKey = new Map<string, string>(
  Object.values(odataTypes).map((t) => [t.slice('#microsoft.graph.'.length).toLowerCase(), t]),
);

/**
 * Maps any documented spelling of an @odata.type to its canonical `#microsoft.graph.Name` form:
 * with or without `#`, any letter case, and the legacy `Microsoft.Education.DataSync.` namespace.
 * Unknown names are returned unchanged so that validation can name them.
 */
export function canonicalODataType(value: string): string {
  const bare = value
    .replace(/^#/, '')
    .replace(/^microsoft\.graph\./i, '')
    .replace(/^microsoft\.education\.datasync\./i, '');
  return canonicalByKey.get(bare.toLowerCase()) ?? value;
}

/** Deep copy of a JSON value with every `@odata.type` string made canonical. */
export function normalizeODataTypes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalizeODataTypes);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(value)) {
      out[key] =
        key === '@odata.type' && typeof member === 'string'
          ? canonicalODataType(member)
          : normalizeODataTypes(member);
    }
    return out;
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// Write schemas: strict, every member named in errors (the emulator's and the editor's rules)

const guid = z
  .string()
  .regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, {
    error: 'must be a GUID such as 6fd2c87f-b296-42f0-b197-1e91e994b900',
  });
export const guidSchema = guid;

const dateTimeOffset = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date and time' });
const role = z.enum(userRoles, { error: `must be one of ${userRoles.join(', ')}` });
const odataType = <T extends string>(t: T) => z.literal(t).optional();
const domainName = z
  .string()
  .trim()
  .min(1, { error: 'must not be empty' })
  .max(253)
  .regex(/^(?!-)[A-Za-z0-9-]{1,63}(?<!-)(\.(?!-)[A-Za-z0-9-]{1,63}(?<!-))+$/, {
    error: 'must be a domain name such as contoso.edu',
  });
const httpsUrl = z.url({ protocol: /^https$/, error: 'must be an https URL' });
const nonEmpty = (max: number) => z.string().trim().min(1, { error: 'must not be empty' }).max(max);

export const customizationSchema = z.strictObject({
  '@odata.type': odataType(odataTypes.customization),
  optionalPropertiesToSync: z.array(nonEmpty(100)).max(64).nullable().optional(),
  synchronizationStartDate: dateTimeOffset.nullable().optional(),
  isSyncDeferred: z.boolean().nullable().optional(),
  allowDisplayNameUpdate: z.boolean().nullable().optional(),
});
export type Customization = z.infer<typeof customizationSchema>;

export const customizationsSchema = z.strictObject({
  '@odata.type': odataType(odataTypes.customizations),
  school: customizationSchema.nullable().optional(),
  section: customizationSchema.nullable().optional(),
  student: customizationSchema.nullable().optional(),
  teacher: customizationSchema.nullable().optional(),
  studentEnrollment: customizationSchema.nullable().optional(),
  teacherRoster: customizationSchema.nullable().optional(),
});
export type Customizations = z.infer<typeof customizationsSchema>;

const idList = z.array(nonEmpty(128)).max(500);

export const oauth1ConnectionSettingsSchema = z.strictObject({
  '@odata.type': z.literal(odataTypes.oauth1ConnectionSettings),
  clientId: nonEmpty(256),
  /** Write-only: never returned by Graph reads (see the emulator's secret handling). */
  clientSecret: z.string().max(1024).nullable().optional(),
});
export const oauth2ConnectionSettingsSchema = z.strictObject({
  '@odata.type': z.literal(odataTypes.oauth2ClientCredentialsConnectionSettings),
  clientId: nonEmpty(256),
  clientSecret: z.string().max(1024).nullable().optional(),
  tokenUrl: httpsUrl,
  scope: z.string().max(1024).nullable().optional(),
});
export const connectionSettingsSchema = z.discriminatedUnion('@odata.type', [
  oauth1ConnectionSettingsSchema,
  oauth2ConnectionSettingsSchema,
]);
export type ConnectionSettings = z.infer<typeof connectionSettingsSchema>;

export const csvDataProviderSchema = z.strictObject({
  '@odata.type': z.literal(odataTypes.csvDataProvider),
  customizations: customizationsSchema.nullable().optional(),
});
export const powerSchoolDataProviderSchema = z.strictObject({
  '@odata.type': z.literal(odataTypes.powerSchoolDataProvider),
  connectionUrl: httpsUrl,
  clientId: nonEmpty(256),
  clientSecret: z.string().max(1024).nullable().optional(),
  schoolsIds: idList.nullable().optional(),
  schoolYear: z.string().max(32).nullable().optional(),
  allowTeachersInMultipleSchools: z.boolean().nullable().optional(),
  customizations: customizationsSchema.nullable().optional(),
});
export const oneRosterApiDataProviderSchema = z.strictObject({
  '@odata.type': z.literal(odataTypes.oneRosterApiDataProvider),
  connectionUrl: httpsUrl,
  providerName: z.string().max(256).nullable().optional(),
  schoolsIds: idList.nullable().optional(),
  termIds: idList.nullable().optional(),
  connectionSettings: connectionSettingsSchema,
  customizations: customizationsSchema.nullable().optional(),
});
export const dataProviderSchema = z.discriminatedUnion(
  '@odata.type',
  [csvDataProviderSchema, powerSchoolDataProviderSchema, oneRosterApiDataProviderSchema],
  {
    error: `must have an @odata.type of ${[
      odataTypes.csvDataProvider,
      odataTypes.powerSchoolDataProvider,
      odataTypes.oneRosterApiDataProvider,
    ].join(', ')}`,
  },
);
export type DataProvider = z.infer<typeof dataProviderSchema>;

export const identityDomainSchema = z.strictObject({
  '@odata.type': odataType(odataTypes.identityDomain),
  appliesTo: role,
  name: domainName,
});
export const identityMatchingOptionsSchema = z.strictObject({
  '@odata.type': odataType(odataTypes.identityMatchingOptions),
  appliesTo: role,
  sourcePropertyName: nonEmpty(128),
  targetPropertyName: nonEmpty(128),
  targetDomain: domainName.nullable().optional(),
});
export const identityCreationConfigurationSchema = z.strictObject({
  '@odata.type': z.literal(odataTypes.identityCreationConfiguration),
  userDomains: z.array(identityDomainSchema).max(16),
});
export const identityMatchingConfigurationSchema = z.strictObject({
  '@odata.type': z.literal(odataTypes.identityMatchingConfiguration),
  matchingOptions: z.array(identityMatchingOptionsSchema).max(16),
});
export const identitySynchronizationConfigurationSchema = z.discriminatedUnion(
  '@odata.type',
  [identityCreationConfigurationSchema, identityMatchingConfigurationSchema],
  {
    error: `must have an @odata.type of ${odataTypes.identityCreationConfiguration} or ${odataTypes.identityMatchingConfiguration}`,
  },
);
export type IdentitySynchronizationConfiguration = z.infer<typeof identitySynchronizationConfigurationSchema>;

export const licenseAssignmentSchema = z.strictObject({
  '@odata.type': odataType(odataTypes.licenseAssignment),
  appliesTo: role,
  skuIds: z.array(guid).max(32),
});
export type LicenseAssignment = z.infer<typeof licenseAssignmentSchema>;

/** How far out an expiration date may be: 18 months after the profile was created (§3). */
export const EXPIRATION_MAX_MONTHS = 18;

/** The latest allowed expirationDate (YYYY-MM-DD) for a profile created at `created`. */
export function latestExpirationDate(created: Date): string {
  const limit = new Date(
    Date.UTC(created.getUTCFullYear(), created.getUTCMonth() + EXPIRATION_MAX_MONTHS, created.getUTCDate()),
  );
  return limit.toISOString().slice(0, 10);
}

/**
 * The body of a create or update: every member Graph lets a client send. `id` is allowed because
 * the documented update (`PUT /education/synchronizationProfiles`) carries it in the body.
 */
export const profileWriteSchema = z.strictObject({
  '@odata.type': odataType(odataTypes.profile),
  id: z.string().optional(),
  displayName: nonEmpty(256),
  dataProvider: dataProviderSchema,
  identitySynchronizationConfiguration: identitySynchronizationConfigurationSchema,
  licensesToAssign: z.array(licenseAssignmentSchema).max(16).nullable().optional(),
  handleSpecialCharacterConstraint: z.boolean().nullable().optional(),
  expirationDate: z.iso.date({ error: 'must be a date in the form YYYY-MM-DD' }).nullable().optional(),
});
export type ProfileWrite = z.infer<typeof profileWriteSchema>;

/** PATCH: any subset of the writable members. */
export const profilePatchSchema = profileWriteSchema.partial();

// ---------------------------------------------------------------------------------------------
// Read schemas: lenient, as a Graph client must be (missing members, unknown enum values)

const lenientEnum = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .transform((v): T[number] => ((values as readonly string[]).includes(v) ? v : 'unknownFutureValue'));

export const profileStatusSchema = z.object({
  id: z.string(),
  status: lenientEnum(syncStatuses).nullable().optional(),
  statusMessage: z.string().nullable().optional(),
  errorCount: z.number().int().nonnegative().nullable().optional(),
  lastSynchronizationDateTime: z.string().nullable().optional(),
  lastActivityDateTime: z.string().nullable().optional(),
});
export type GraphProfileStatus = z.infer<typeof profileStatusSchema>;

export const syncErrorSchema = z.object({
  id: z.string(),
  entryType: z.string().nullable().optional(),
  errorCode: z.string().nullable().optional(),
  errorMessage: z.string().nullable().optional(),
  joiningValue: z.string().nullable().optional(),
  recordedDateTime: z.string().nullable().optional(),
  reportableIdentifier: z.string().nullable().optional(),
});
export type GraphSyncError = z.infer<typeof syncErrorSchema>;

export const verificationMessageSchema = z.object({
  type: z.string().nullable().optional(),
  fileName: z.string().nullable().optional(),
  description: z.string().nullable().optional(),
});
export type VerificationMessage = z.infer<typeof verificationMessageSchema>;

/**
 * A profile as Graph returns it. The nested members are parsed with the write schemas after
 * @odata.type normalisation (see `parseGraphProfile`), so reads and writes cannot drift apart.
 */
export const profileReadSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  state: lenientEnum(profileStates).nullable().optional(),
  dataProvider: z.looseObject({ '@odata.type': z.string() }),
  identitySynchronizationConfiguration: z.looseObject({ '@odata.type': z.string() }).nullable().optional(),
  licensesToAssign: z.array(z.looseObject({})).nullable().optional(),
  handleSpecialCharacterConstraint: z.boolean().nullable().optional(),
  expirationDate: z.string().nullable().optional(),
});

export type GraphProfile = Omit<ProfileWrite, 'id' | '@odata.type'> & {
  id: string;
  state?: ProfileState | null;
};

/** Parses a Graph profile response, tolerating every documented spelling and missing member. */
export function parseGraphProfile(json: unknown): GraphProfile {
  const normalized = normalizeODataTypes(json) as Record<string, unknown>;
  const read = profileReadSchema.parse(normalized);
  const lenientWrite = profileWriteSchema.extend({ id: z.string() }).strip();
  const written = lenientWrite.parse({
    ...Object.fromEntries(
      Object.entries(normalized).filter(([k]) => !k.startsWith('@odata.') && k !== 'state'),
    ),
    identitySynchronizationConfiguration: normalized.identitySynchronizationConfiguration ?? {
      '@odata.type': odataTypes.identityCreationConfiguration,
      userDomains: [],
    },
  });
  return { ...written, id: read.id, state: read.state ?? null };
}

export { providerKinds, type ProviderKind };

export function providerKindOf(dataProvider: { '@odata.type': string }): ProviderKind {
  switch (canonicalODataType(dataProvider['@odata.type'])) {
    case odataTypes.powerSchoolDataProvider:
      return 'powerSchool';
    case odataTypes.oneRosterApiDataProvider:
      return 'oneRoster';
    default:
      return 'csv';
  }
}

/** Graph's error body (§8.1). Clients accept `innerError` and `innererror`. */
export const graphErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    target: z.string().optional(),
    details: z
      .array(z.object({ code: z.string(), message: z.string(), target: z.string().optional() }))
      .optional(),
    innerError: z.record(z.string(), z.unknown()).optional(),
    innererror: z.record(z.string(), z.unknown()).optional(),
  }),
});
export type GraphErrorBody = z.infer<typeof graphErrorSchema>;
