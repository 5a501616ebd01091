/**
 * The Microsoft Graph beta `educationSynchronizationProfile` family, as zod schemas.
 *
 * One source of truth for three readers: the Graph emulator validates request bodies with the
 * strict write schemas, the backend validates what Graph answers with the lenient read schemas,
 * and the tab's editor validates with the same write schemas before anything leaves the browser.
 * Field by field this follows ../shared/reference/graph-sds-api.md (§3–§7).
 */
import { z } from 'zod';
import { JsonTooDeepError, MAX_JSON_DEPTH } from './json';
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

/**
 * Application permissions of the monitor (docs/decisions/027): read every profile's status without
 * a signed-in user, and post to a team's activity feed.
 */
export const EDU_ADMIN_READ_ALL = 'EduAdministration.Read.All';
export const TEAMS_ACTIVITY_SEND = 'TeamsActivity.Send';
export const GRAPH_APPLICATION_PERMISSION_IDS = {
  [EDU_ADMIN_READ_ALL]: '7c9db06a-ec2d-4e7b-a592-5a1e30992566',
  [TEAMS_ACTIVITY_SEND]: 'a267235f-af13-44dc-8385-c1dc93023186',
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

/**
 * Deep copy of a JSON value with every `@odata.type` string made canonical. The recursion stops
 * at MAX_JSON_DEPTH levels (JsonTooDeepError), so no value can overflow the stack, and members
 * are defined rather than assigned, so a `__proto__` member stays a member the strict schemas
 * name instead of becoming the copy's prototype.
 */
export function normalizeODataTypes(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_JSON_DEPTH) throw new JsonTooDeepError(MAX_JSON_DEPTH);
  if (Array.isArray(value)) return value.map((item) => normalizeODataTypes(item, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([key, member]) => [
      key,
      key === '@odata.type' && typeof member === 'string'
        ? canonicalODataType(member)
        : normalizeODataTypes(member, depth + 1),
    ]),
  );
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

/**
 * What makes a name unreadable or misleading (docs/decisions/017-hostile-input.md):
 * - anywhere: C0 and C1 controls (tab and newline included), line and paragraph separators, the
 *   bidirectional embeddings, overrides and isolates of the "Trojan Source" list (they reorder
 *   what is shown), and lone surrogates (half a character, not valid UTF-8 once sent on);
 * - a name made only of spaces and invisible characters (zero-width space and joiners, word
 *   joiner, byte order mark, soft hyphen, directional marks). Inside a name those stay allowed:
 *   Persian needs the zero-width non-joiner, emoji sequences the joiner, Arabic and Hebrew text
 *   the directional marks.
 * Names are refused, naming the character, rather than silently cleaned: the admin sees exactly
 * what will be stored, and the tab's editor shows the same message from the same schema.
 */
const characterNames: Readonly<Record<number, string>> = {
  0x00ad: 'SOFT HYPHEN',
  0x061c: 'ARABIC LETTER MARK',
  0x200b: 'ZERO WIDTH SPACE',
  0x200c: 'ZERO WIDTH NON-JOINER',
  0x200d: 'ZERO WIDTH JOINER',
  0x200e: 'LEFT-TO-RIGHT MARK',
  0x200f: 'RIGHT-TO-LEFT MARK',
  0x2028: 'LINE SEPARATOR',
  0x2029: 'PARAGRAPH SEPARATOR',
  0x202a: 'LEFT-TO-RIGHT EMBEDDING',
  0x202b: 'RIGHT-TO-LEFT EMBEDDING',
  0x202c: 'POP DIRECTIONAL FORMATTING',
  0x202d: 'LEFT-TO-RIGHT OVERRIDE',
  0x202e: 'RIGHT-TO-LEFT OVERRIDE',
  0x2060: 'WORD JOINER',
  0x2066: 'LEFT-TO-RIGHT ISOLATE',
  0x2067: 'RIGHT-TO-LEFT ISOLATE',
  0x2068: 'FIRST STRONG ISOLATE',
  0x2069: 'POP DIRECTIONAL ISOLATE',
  0xfeff: 'ZERO WIDTH NO-BREAK SPACE',
};
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;
const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/u;
const LONE_SURROGATE = /\p{Cs}/u;
/** Anything a reader sees: not a space, not a format character (zero-width, marks, BOM). */
const VISIBLE = /[^\p{White_Space}\p{Cf}\p{Cc}]/u;
const INVISIBLE = /[\p{White_Space}\p{Cf}]/u;

function describeCharacter(text: string, index: number): string {
  const code = text.codePointAt(index)!;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  const label = characterNames[code];
  return `${hex}${label ? ` ${label}` : ''} at position ${index + 1}`;
}

/** Why `text` is not a name anyone can read, or null when it is. */
export function nameCharacterProblem(text: string): string | null {
  const surrogate = LONE_SURROGATE.exec(text);
  if (surrogate) {
    return `must not contain half of a character (a lone surrogate, ${describeCharacter(text, surrogate.index)})`;
  }
  const control = CONTROL.exec(text);
  if (control) return `must not contain control characters (${describeCharacter(text, control.index)})`;
  const bidi = BIDI_CONTROL.exec(text);
  if (bidi) {
    return `must not contain characters that reorder text (${describeCharacter(text, bidi.index)})`;
  }
  if (text !== '' && !VISIBLE.test(text)) {
    const invisible = INVISIBLE.exec(text)!;
    return `must contain a visible character, not only spaces and invisible characters (${describeCharacter(text, invisible.index)})`;
  }
  return null;
}

/** Text shown to people as a name: no controls, zero-width or bidi characters, no lone surrogates. */
const readableName = <T extends z.ZodString>(schema: T) =>
  schema.superRefine((value, ctx) => {
    const problem = nameCharacterProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, input: value });
  });
const name = (max: number) => readableName(nonEmpty(max));

export const customizationSchema = z.strictObject({
  '@odata.type': odataType(odataTypes.customization),
  optionalPropertiesToSync: z.array(name(100)).max(64).nullable().optional(),
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
  providerName: readableName(z.string().max(256)).nullable().optional(),
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
  sourcePropertyName: name(128),
  targetPropertyName: name(128),
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
  displayName: name(256),
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

// ---------------------------------------------------------------------------------------------
// Lenient read schemas (issue 11 §2): read leniently, write strictly (OData 4.01 §11.4.3)
//
// The same members as the write schemas above, so a profile reads with the types it writes, but
// nothing a newer or sloppier Graph might send stops a read: unknown members are kept (loose
// objects), limits and formats are not enforced (a non-GUID SKU, an empty name), unknown enum
// values become `unknownFutureValue`. The editor checks the write rules itself and shows what a
// profile breaks as field errors (see `writeProblems`). tests/unit/contracts-read-schemas.test.ts
// keeps each read object's members equal to its write twin's.

const optional = <T extends z.ZodType>(schema: T) => schema.nullable().optional();
const readRole = lenientEnum(userRoles);
const readStrings = z.array(z.string());

export const customizationReadSchema = z.looseObject({
  '@odata.type': z.string().optional(),
  optionalPropertiesToSync: optional(readStrings),
  synchronizationStartDate: optional(z.string()),
  isSyncDeferred: optional(z.boolean()),
  allowDisplayNameUpdate: optional(z.boolean()),
});
export const customizationsReadSchema = z.looseObject({
  '@odata.type': z.string().optional(),
  ...Object.fromEntries(syncEntities.map((entity) => [entity, optional(customizationReadSchema)])),
} as { '@odata.type': z.ZodOptional<z.ZodString> } & Record<
  SyncEntity,
  ReturnType<typeof optional<typeof customizationReadSchema>>
>);
const oauth1ConnectionSettingsReadSchema = z.looseObject({
  '@odata.type': z.literal(odataTypes.oauth1ConnectionSettings),
  clientId: z.string(),
  clientSecret: optional(z.string()),
});
const oauth2ConnectionSettingsReadSchema = z.looseObject({
  '@odata.type': z.literal(odataTypes.oauth2ClientCredentialsConnectionSettings),
  clientId: z.string(),
  clientSecret: optional(z.string()),
  tokenUrl: z.string(),
  scope: optional(z.string()),
});
const csvDataProviderReadSchema = z.looseObject({
  '@odata.type': z.literal(odataTypes.csvDataProvider),
  customizations: optional(customizationsReadSchema),
});
const powerSchoolDataProviderReadSchema = z.looseObject({
  '@odata.type': z.literal(odataTypes.powerSchoolDataProvider),
  connectionUrl: z.string(),
  clientId: z.string(),
  clientSecret: optional(z.string()),
  schoolsIds: optional(readStrings),
  schoolYear: optional(z.string()),
  allowTeachersInMultipleSchools: optional(z.boolean()),
  customizations: optional(customizationsReadSchema),
});
const oneRosterApiDataProviderReadSchema = z.looseObject({
  '@odata.type': z.literal(odataTypes.oneRosterApiDataProvider),
  connectionUrl: z.string(),
  providerName: optional(z.string()),
  schoolsIds: optional(readStrings),
  termIds: optional(readStrings),
  connectionSettings: z.discriminatedUnion('@odata.type', [
    oauth1ConnectionSettingsReadSchema,
    oauth2ConnectionSettingsReadSchema,
  ]),
  customizations: optional(customizationsReadSchema),
});
const identityDomainReadSchema = z.looseObject({
  '@odata.type': z.string().optional(),
  appliesTo: readRole,
  name: z.string(),
});
const identityMatchingOptionsReadSchema = z.looseObject({
  '@odata.type': z.string().optional(),
  appliesTo: readRole,
  sourcePropertyName: z.string(),
  targetPropertyName: z.string(),
  targetDomain: optional(z.string()),
});
const identityCreationConfigurationReadSchema = z.looseObject({
  '@odata.type': z.literal(odataTypes.identityCreationConfiguration),
  userDomains: z.array(identityDomainReadSchema),
});
const identityMatchingConfigurationReadSchema = z.looseObject({
  '@odata.type': z.literal(odataTypes.identityMatchingConfiguration),
  matchingOptions: z.array(identityMatchingOptionsReadSchema),
});
const licenseAssignmentReadSchema = z.looseObject({
  '@odata.type': z.string().optional(),
  appliesTo: readRole,
  skuIds: readStrings,
});

/** Pairs of twins, for the test that keeps their members equal. */
export const readWriteTwins = {
  customization: [customizationReadSchema, customizationSchema],
  customizations: [customizationsReadSchema, customizationsSchema],
  oauth1ConnectionSettings: [oauth1ConnectionSettingsReadSchema, oauth1ConnectionSettingsSchema],
  oauth2ConnectionSettings: [oauth2ConnectionSettingsReadSchema, oauth2ConnectionSettingsSchema],
  csvDataProvider: [csvDataProviderReadSchema, csvDataProviderSchema],
  powerSchoolDataProvider: [powerSchoolDataProviderReadSchema, powerSchoolDataProviderSchema],
  oneRosterApiDataProvider: [oneRosterApiDataProviderReadSchema, oneRosterApiDataProviderSchema],
  identityDomain: [identityDomainReadSchema, identityDomainSchema],
  identityMatchingOptions: [identityMatchingOptionsReadSchema, identityMatchingOptionsSchema],
  identityCreationConfiguration: [
    identityCreationConfigurationReadSchema,
    identityCreationConfigurationSchema,
  ],
  identityMatchingConfiguration: [
    identityMatchingConfigurationReadSchema,
    identityMatchingConfigurationSchema,
  ],
  licenseAssignment: [licenseAssignmentReadSchema, licenseAssignmentSchema],
} as const;

/** Members of a profile that only the service sets: accepted in an update body and ignored. */
export const readOnlyProfileMembers = [
  '@odata.context',
  '@odata.etag',
  '@odata.type',
  'id',
  'state',
  'errors',
  'profileStatus',
] as const;

/**
 * The whole profile as Graph returns it, read leniently. Only what makes a profile unreadable
 * fails: a missing id or name, or a data provider or identity configuration of a kind we do not know.
 */
export const graphProfileReadSchema = z.looseObject({
  id: z.string(),
  displayName: z.string(),
  state: optional(lenientEnum(profileStates)),
  dataProvider: z.discriminatedUnion('@odata.type', [
    csvDataProviderReadSchema,
    powerSchoolDataProviderReadSchema,
    oneRosterApiDataProviderReadSchema,
  ]),
  identitySynchronizationConfiguration: z.discriminatedUnion('@odata.type', [
    identityCreationConfigurationReadSchema,
    identityMatchingConfigurationReadSchema,
  ]),
  licensesToAssign: optional(z.array(licenseAssignmentReadSchema)),
  handleSpecialCharacterConstraint: optional(z.boolean()),
  expirationDate: optional(z.string()),
});

/**
 * A profile list item as Graph returns it: only what the dashboard shows must be there, so one
 * odd profile never hides the others.
 */
export const profileReadSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  state: optional(lenientEnum(profileStates)),
  dataProvider: z.looseObject({ '@odata.type': z.string() }),
  identitySynchronizationConfiguration: optional(z.looseObject({ '@odata.type': z.string() })),
  licensesToAssign: optional(z.array(z.looseObject({}))),
  handleSpecialCharacterConstraint: optional(z.boolean()),
  expirationDate: optional(z.string()),
});

/** A profile read from Graph: the write model's members, lenient values, unknown members kept. */
export type GraphProfile = z.infer<typeof graphProfileReadSchema>;

/** Parses a Graph profile response, tolerating every documented spelling and missing member. */
export function parseGraphProfile(json: unknown): GraphProfile {
  const normalized = normalizeODataTypes(json) as Record<string, unknown>;
  // Graph leaves unset members out; a profile without identity configuration creates users.
  return graphProfileReadSchema.parse({
    ...Object.fromEntries(Object.entries(normalized).filter(([k]) => !k.startsWith('@odata.'))),
    identitySynchronizationConfiguration: normalized.identitySynchronizationConfiguration ?? {
      '@odata.type': odataTypes.identityCreationConfiguration,
      userDomains: [],
    },
  });
}

// ---------------------------------------------------------------------------------------------
// Writing what was read: unknown nested members travel untouched

/** A member a write schema does not model, found inside the body (never at its top level). */
export type UnknownMember = { path: (string | number)[]; key: string };

type KeptParse<T> =
  | { success: true; data: T; unknownMembers: UnknownMember[] }
  | { success: false; error: z.ZodError; unknownMembers: UnknownMember[] };

function at(value: unknown, path: readonly PropertyKey[]): unknown {
  let here = value;
  for (const step of path) {
    if (here === null || typeof here !== 'object') return undefined;
    here = (here as Record<PropertyKey, unknown>)[step];
  }
  return here;
}

function deepCopy<T>(value: T): T {
  return structuredClone(value);
}

/**
 * Parses `input` with a strict write schema, except that members the schema does not know,
 * nested inside the body, are not errors: they are set aside, the rest is checked (every write
 * rule applies), and they are put back into the result where they were. A profile Graph returned
 * with a member newer than our model can so be saved without losing it. Unknown members at the
 * top level stay errors (a typo there is the likelier story).
 */
export function parseKeepingUnknownMembers<T>(schema: z.ZodType<T>, input: unknown): KeptParse<T> {
  const unknownMembers: UnknownMember[] = [];
  const candidate = deepCopy(input);
  // Each round peels one layer (zod does not look inside an object it already refused).
  for (let round = 0; round < 8; round++) {
    // `reportInput`: the emulator quotes the refused value in its messages (never a secret).
    const result = schema.safeParse(candidate, { reportInput: true });
    const nested = result.success
      ? []
      : result.error.issues.filter(
          (issue): issue is z.core.$ZodIssueUnrecognizedKeys =>
            issue.code === 'unrecognized_keys' && issue.path.length > 0,
        );
    if (nested.length === 0) {
      if (!result.success) return { success: false, error: result.error, unknownMembers };
      const data = deepCopy(result.data);
      for (const { path, key } of unknownMembers) {
        const holder = at(data, path);
        if (holder && typeof holder === 'object') {
          // Defined, not assigned: a `__proto__` member stays a member, never the prototype.
          Object.defineProperty(holder, key, {
            value: deepCopy((at(input, path) as Record<string, unknown>)[key]),
            enumerable: true,
            writable: true,
            configurable: true,
          });
        }
      }
      return { success: true, data, unknownMembers };
    }
    for (const issue of nested) {
      const holder = at(candidate, issue.path) as Record<string, unknown>;
      for (const key of issue.keys) {
        unknownMembers.push({ path: issue.path.map((p) => p as string | number), key });
        delete holder[key];
      }
    }
  }
  throw new Error('parseKeepingUnknownMembers: nesting deeper than the profile model');
}

/** `a.0.b` → `a.*.b`: array positions do not matter when asking whether a member is known. */
function shapeOf(path: readonly (string | number)[]): string {
  return path.map((step) => (typeof step === 'number' ? '*' : step)).join('.');
}

/** Every member path in `value`, array positions as `*`. */
function memberShapes(value: unknown, path: (string | number)[] = [], out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((item, i) => memberShapes(item, [...path, i], out));
  else if (value && typeof value === 'object') {
    for (const [key, member] of Object.entries(value)) {
      out.add(shapeOf([...path, key]));
      memberShapes(member, [...path, key], out);
    }
  }
  return out;
}

/**
 * The unknown members of a body that `profile` (the stored or current version) does not have at
 * the same place. Members Graph itself returned may be sent back; members a client made up may
 * not (write strictly).
 */
export function unknownMembersNotIn(unknownMembers: UnknownMember[], profile: unknown): UnknownMember[] {
  if (unknownMembers.length === 0) return [];
  const known = memberShapes(profile);
  return unknownMembers.filter(({ path, key }) => !known.has(shapeOf([...path, key])));
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
