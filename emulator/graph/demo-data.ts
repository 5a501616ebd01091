/**
 * The profiles the emulator starts with (and returns to on reset), and the generated sets
 * `POST /_emulator/seed` creates for benchmarks. Ids are fixed, so links and tests stay stable;
 * times are relative to the moment the data is loaded, so "18 minutes ago" stays 18 minutes ago.
 *
 * License SKU ids are Microsoft's real product ids (Product names and service plan identifiers
 * for licensing): Microsoft 365 A1, A3 and A5 for students and for faculty.
 */
import {
  graphProfileReadSchema,
  odataTypes,
  profileWriteSchema,
  UNSET_START_DATE,
  type Customizations,
  type IdentitySynchronizationConfiguration,
  type LicenseAssignment,
  type ProviderKind,
} from '../../contracts/graph';
import { tenants } from '../directory';
import { derivedGuid } from './ids';
import { serverFilledOptionalProperties } from './representation';
import { checkPlan, DEFAULT_RUN_PLAN, PROVISIONING_SECONDS, type RunPlan, type Timeline } from './lifecycle';
import type { FileVerification, ProfileContent, ProfileStore, StoredProfile } from './store';
import { syncError, type SyncErrorRecord } from './sync-errors';

export const licenseSkus = {
  microsoft365A1: 'b17653a4-2443-4e8c-a550-18249dda78bb',
  microsoft365A3Students: '7cfd9a2b-e110-4c39-bf20-c6a3f36a3121',
  microsoft365A3Faculty: '4b590615-0888-425a-a965-b3bf7789848d',
  microsoft365A5Students: '46c119d4-0379-4a9d-85e4-97c66d3f909e',
  microsoft365A5Faculty: 'e97c048c-37a4-45fb-ab50-922fbf07a370',
  office365A1Students: '314c4481-f395-4525-be8b-2ec4bb1e9d91',
  office365A1Faculty: '94763226-9b3c-4e75-a931-5c89701abe66',
} as const;

/** Ids of the demo profiles, for tests and docs that point at one of them. */
export const demoProfileIds = {
  contosoHealthyCsv: '3f2a8c1e-5b7d-4e90-9a61-2c4d8e0f1a01',
  contosoInProgressPowerSchool: '3f2a8c1e-5b7d-4e90-9a61-2c4d8e0f1a02',
  contosoErrorOneRoster: '3f2a8c1e-5b7d-4e90-9a61-2c4d8e0f1a03',
  contosoPausedCsv: '3f2a8c1e-5b7d-4e90-9a61-2c4d8e0f1a04',
  contosoProvisioningPowerSchool: '3f2a8c1e-5b7d-4e90-9a61-2c4d8e0f1a05',
  contosoValidationErrorCsv: '3f2a8c1e-5b7d-4e90-9a61-2c4d8e0f1a06',
  contosoQuarantinedOneRoster: '3f2a8c1e-5b7d-4e90-9a61-2c4d8e0f1a07',
  contosoAwaitingStartCsv: '3f2a8c1e-5b7d-4e90-9a61-2c4d8e0f1a08',
  /** Breaks write rules and carries a member newer than our model: the editor shows field errors. */
  contosoNeedsReviewCsv: '3f2a8c1e-5b7d-4e90-9a61-2c4d8e0f1a09',
  /** The profile of the two source pages' examples (seeds/000 and seeds/004): "Test Profile". */
  documentedExample: '86904b1e-c7d0-4ead-b13a-98f11fc400ee',
  fabrikamHealthyCsv: '7b1d0e54-2c3a-4f6e-8d90-1a2b3c4d5e01',
  fabrikamInProgressOneRoster: '7b1d0e54-2c3a-4f6e-8d90-1a2b3c4d5e02',
} as const;

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** How a profile looks when the data is loaded. */
export type DemoShape =
  | 'success'
  | 'inProgress'
  | 'error'
  | 'paused'
  | 'provisioning'
  | 'validationError'
  | 'quarantined'
  | 'awaitingStart';

function runSeconds(plan: RunPlan): number {
  return plan.extractingSeconds + plan.validatingSeconds + plan.inProgressSeconds;
}

/** A timeline that puts the profile in `shape` at `now`. */
export function timelineFor(shape: DemoShape, now: number, createdAt: number, plan: RunPlan): Timeline {
  checkPlan(plan);
  const run = runSeconds(plan) * SECOND;
  const base: Timeline = {
    provisionedAt: createdAt + PROVISIONING_SECONDS * SECOND,
    deletingSince: null,
    syncEnabled: true,
    runningSince: null,
    pausedAt: null,
    halted: null,
    lastSynchronization: null,
    lastActivity: null,
    recentRuns: [],
    plan,
  };
  switch (shape) {
    case 'success':
    case 'error': {
      // A third of the way through the wait after the last run finished.
      const offset = run + (plan.periodSeconds * SECOND - run) / 3;
      return { ...base, runningSince: now - offset, lastSynchronization: now - offset - 2 * DAY };
    }
    case 'inProgress': {
      const offset = (plan.extractingSeconds + plan.validatingSeconds + plan.inProgressSeconds / 3) * SECOND;
      return { ...base, runningSince: now - offset, lastSynchronization: now - DAY + 2 * HOUR };
    }
    case 'paused':
      return {
        ...base,
        pausedAt: now - 3 * DAY,
        lastSynchronization: now - 3 * DAY - 40 * MINUTE,
        lastActivity: now - 3 * DAY,
      };
    case 'provisioning': {
      const provisionedAt = now + 50 * MINUTE;
      return { ...base, provisionedAt, runningSince: provisionedAt };
    }
    case 'validationError':
      return {
        ...base,
        syncEnabled: false,
        halted: 'validationError',
        lastActivity: now - 2 * HOUR + 4 * MINUTE,
      };
    case 'quarantined':
      return {
        ...base,
        halted: 'quarantined',
        lastSynchronization: now - 6 * HOUR,
        lastActivity: now - 5 * HOUR - 48 * MINUTE,
      };
    case 'awaitingStart':
      return { ...base, syncEnabled: false };
  }
}

// ---------------------------------------------------------------------------------------------
// Building blocks

const customization = (
  optionalPropertiesToSync: string[],
  extra: { synchronizationStartDate?: string } = {},
) => ({
  optionalPropertiesToSync,
  synchronizationStartDate: extra.synchronizationStartDate ?? UNSET_START_DATE,
  isSyncDeferred: false,
  allowDisplayNameUpdate: false,
});

function fullCustomizations(enrollmentStart?: string): Customizations {
  return {
    school: customization(['School NCES_ID', 'State ID', 'GradeLow', 'GradeHigh', 'Principal Name']),
    section: customization(['Term Name', 'Course Number', 'Periods']),
    student: customization(['State ID', 'Email', 'Middle Name']),
    teacher: customization(['Teacher Number', 'Middle Name']),
    studentEnrollment: customization([], { synchronizationStartDate: enrollmentStart }),
    teacherRoster: customization([]),
  };
}

function createUsers(domain: string): IdentitySynchronizationConfiguration {
  return {
    '@odata.type': odataTypes.identityCreationConfiguration,
    userDomains: [
      { appliesTo: 'student', name: `students.${domain}` },
      { appliesTo: 'teacher', name: domain },
      { appliesTo: 'faculty', name: domain },
    ],
  };
}

function matchUsers(domain: string): IdentitySynchronizationConfiguration {
  return {
    '@odata.type': odataTypes.identityMatchingConfiguration,
    matchingOptions: [
      {
        appliesTo: 'student',
        sourcePropertyName: 'Username',
        targetPropertyName: 'userPrincipalName',
        targetDomain: `students.${domain}`,
      },
      { appliesTo: 'teacher', sourcePropertyName: 'Email', targetPropertyName: 'mail', targetDomain: null },
    ],
  };
}

function licenses(tier: 'A1' | 'A3' | 'A5'): LicenseAssignment[] {
  const [students, faculty] =
    tier === 'A1'
      ? [licenseSkus.office365A1Students, licenseSkus.office365A1Faculty]
      : tier === 'A3'
        ? [licenseSkus.microsoft365A3Students, licenseSkus.microsoft365A3Faculty]
        : [licenseSkus.microsoft365A5Students, licenseSkus.microsoft365A5Faculty];
  return [
    { appliesTo: 'student', skuIds: [students] },
    { appliesTo: 'teacher', skuIds: [faculty] },
  ];
}

const dateOnly = (ms: number) => new Date(ms).toISOString().slice(0, 10);

type DemoProfile = {
  id: string;
  tenantId: string;
  createdAt: number;
  content: ProfileContent;
  /**
   * Stored as a newer or sloppier Graph would hold it: checked with the lenient read schema
   * instead of the write schema (issue 11 §2).
   */
  lenient?: true;
  shape: DemoShape;
  plan?: Partial<RunPlan>;
  errors?: SyncErrorRecord[];
  upload?: { requestedAt: number; verification: FileVerification };
};

/** Checks a profile that breaks write rules is still one a Graph client can read. */
export function readableContent(content: unknown): ProfileContent {
  graphProfileReadSchema.omit({ id: true }).parse(content);
  // Stored as given (unknown members included): the write model's type, rules unchecked.
  return structuredClone(content) as ProfileContent;
}

export function build(p: DemoProfile, now: number): StoredProfile {
  // Demo data must be what a client could have written: check it with the same strict schema.
  const content = p.lenient
    ? readableContent(p.content)
    : profileWriteSchema.omit({ id: true, '@odata.type': true }).parse(p.content);
  const plan = { ...DEFAULT_RUN_PLAN, ...p.plan };
  return {
    id: p.id,
    tenantId: p.tenantId,
    createdAt: p.createdAt,
    content,
    timeline: timelineFor(p.shape, now, p.createdAt, plan),
    errors: p.errors ?? [],
    upload: p.upload ?? { requestedAt: null, verification: 'clean' },
  };
}

/** The documented example's three errors first, then realistic ones spread over recent days. */
function contosoErrors(profileId: string, now: number): SyncErrorRecord[] {
  const domain = 'students.contoso.edu';
  const documented: SyncErrorRecord[] = [
    {
      id: '92797B7C-02C3-4326-8ACC-E81C78753831',
      entryType: 'Student',
      errorCode: 'UnsynchronizableChange',
      errorMessage:
        'Student cannot be updated as no matching entry in Active Directory was found for Student.  Verify the identity matching criteria for the profile.',
      joiningValue: `richard.2wilson@${domain}`,
      reportableIdentifier: 'richard.2wilson',
      recordedAt: now - 3 * DAY + 52 * MINUTE,
    },
    {
      id: '94C1EB0E-8339-4EF4-8CB2-EB15C6228CE1',
      entryType: 'Teacher',
      errorCode: 'UnsynchronizableChange',
      errorMessage:
        'Teacher cannot be updated as no matching entry in Active Directory was found for Teacher.  Verify the identity matching criteria for the profile.',
      joiningValue: 'alberto2.dorsey@contoso.edu',
      reportableIdentifier: 'alberto2.dorsey',
      recordedAt: now - 3 * DAY + 52 * MINUTE + 12 * SECOND,
    },
    {
      id: '98A82052-7716-49E9-90CC-C6FF406FC8E5',
      entryType: 'Teacher',
      errorCode: 'UnsynchronizableChange',
      errorMessage:
        'Teacher cannot be updated as no matching entry in Active Directory was found for Teacher.  Verify the identity matching criteria for the profile.',
      joiningValue: 'madeline2.bullock@contoso.edu',
      reportableIdentifier: 'madeline2.bullock',
      recordedAt: now - 3 * DAY + 52 * MINUTE + 12 * SECOND,
    },
  ];
  const more = Array.from({ length: 9 }, (_, k) =>
    syncError(domain, k * 11 + 2, derivedGuid('demo-error', profileId, k), now - (2 * DAY - k * 4 * HOUR)),
  );
  return [...documented, ...more];
}

function demoProfiles(now: number): DemoProfile[] {
  const contoso = tenants.contoso.id;
  const fabrikam = tenants.fabrikam.id;
  return [
    {
      id: demoProfileIds.contosoHealthyCsv,
      tenantId: contoso,
      createdAt: now - 120 * DAY,
      shape: 'success',
      plan: {
        recordsPerRun: 1840,
        updatesPerRun: 37,
        extractingSeconds: 60,
        validatingSeconds: 60,
        inProgressSeconds: 300,
      },
      upload: { requestedAt: now - 30 * DAY, verification: 'clean' },
      content: {
        displayName: 'Northwind High School District – Fall 2026 roster',
        dataProvider: {
          '@odata.type': odataTypes.csvDataProvider,
          customizations: fullCustomizations(
            new Date(now + 30 * DAY).toISOString().slice(0, 10) + 'T07:00:00Z',
          ),
        },
        identitySynchronizationConfiguration: createUsers('contoso.edu'),
        licensesToAssign: licenses('A3'),
        handleSpecialCharacterConstraint: true,
        expirationDate: dateOnly(now + 200 * DAY),
      },
    },
    {
      id: demoProfileIds.contosoInProgressPowerSchool,
      tenantId: contoso,
      createdAt: now - 400 * DAY,
      shape: 'inProgress',
      // A large district: one nightly run whose import takes hours.
      plan: {
        periodSeconds: 24 * 3600,
        extractingSeconds: 300,
        validatingSeconds: 300,
        inProgressSeconds: 4 * 3600,
        recordsPerRun: 52_400,
        updatesPerRun: 1_310,
      },
      content: {
        displayName: 'Contoso Unified School District – PowerSchool 2026–27',
        dataProvider: {
          '@odata.type': odataTypes.powerSchoolDataProvider,
          connectionUrl: 'https://contoso-unified.powerschool.com',
          clientId: '4f3c9a1e-7d21-4b8e-9c55-0a6b2e1d7f90',
          clientSecret: 'emulator-only-powerschool-secret',
          schoolsIds: ['101', '102', '205', '310'],
          schoolYear: '2026',
          allowTeachersInMultipleSchools: true,
          customizations: fullCustomizations(),
        },
        identitySynchronizationConfiguration: matchUsers('contoso.edu'),
        licensesToAssign: licenses('A5'),
        handleSpecialCharacterConstraint: false,
      },
    },
    {
      id: demoProfileIds.contosoErrorOneRoster,
      tenantId: contoso,
      createdAt: now - 200 * DAY,
      shape: 'error',
      plan: {
        extractingSeconds: 60,
        validatingSeconds: 120,
        inProgressSeconds: 600,
        outcome: 'error',
        errorsPerRun: 2,
        recordsPerRun: 6_215,
        updatesPerRun: 112,
      },
      errors: contosoErrors(demoProfileIds.contosoErrorOneRoster, now),
      content: {
        displayName: 'Fourth Coffee Charter Network – OneRoster spring term',
        dataProvider: {
          '@odata.type': odataTypes.oneRosterApiDataProvider,
          connectionUrl: 'https://oneroster.fourthcoffee-sis.com/ims/oneroster/v1p1',
          providerName: 'Fourth Coffee SIS',
          schoolsIds: ['org-fc-001', 'org-fc-002', 'org-fc-007'],
          termIds: ['term-2026-spring'],
          connectionSettings: {
            '@odata.type': odataTypes.oauth2ClientCredentialsConnectionSettings,
            clientId: 'sds-contoso-connector',
            clientSecret: 'emulator-only-oneroster-secret',
            tokenUrl: 'https://oneroster.fourthcoffee-sis.com/oauth/token',
            scope: 'https://purl.imsglobal.org/spec/or/v1p1/scope/roster-core.readonly',
          },
          customizations: fullCustomizations(),
        },
        identitySynchronizationConfiguration: matchUsers('contoso.edu'),
        licensesToAssign: licenses('A3'),
      },
    },
    {
      id: demoProfileIds.contosoPausedCsv,
      tenantId: contoso,
      createdAt: now - 90 * DAY,
      shape: 'paused',
      upload: { requestedAt: now - 10 * DAY, verification: 'clean' },
      content: {
        displayName: 'Tailspin Toys Middle School – Spring 2026',
        dataProvider: { '@odata.type': odataTypes.csvDataProvider, customizations: fullCustomizations() },
        identitySynchronizationConfiguration: createUsers('contoso.edu'),
        licensesToAssign: licenses('A1'),
      },
    },
    {
      id: demoProfileIds.contosoProvisioningPowerSchool,
      tenantId: contoso,
      createdAt: now - 10 * MINUTE,
      shape: 'provisioning',
      content: {
        displayName: 'Woodgrove Elementary – 2026–27 onboarding',
        dataProvider: {
          '@odata.type': odataTypes.powerSchoolDataProvider,
          connectionUrl: 'https://woodgrove.powerschool.com',
          clientId: '9b2f61d4-3e8a-4c07-b1f2-58d9e0a4c613',
          clientSecret: 'emulator-only-powerschool-secret-2',
          schoolsIds: ['12'],
          schoolYear: '2026',
          allowTeachersInMultipleSchools: false,
        },
        identitySynchronizationConfiguration: createUsers('contoso.edu'),
        licensesToAssign: [
          { appliesTo: 'student', skuIds: [licenseSkus.microsoft365A1] },
          { appliesTo: 'teacher', skuIds: [licenseSkus.microsoft365A3Faculty] },
        ],
      },
    },
    {
      id: demoProfileIds.contosoValidationErrorCsv,
      tenantId: contoso,
      createdAt: now - 5 * DAY,
      shape: 'validationError',
      upload: { requestedAt: now - 2 * HOUR, verification: 'errors' },
      content: {
        displayName: 'Adventure Works Academy – Summer school CSV',
        dataProvider: {
          '@odata.type': odataTypes.csvDataProvider,
          customizations: { student: { optionalPropertiesToSync: ['State ID', 'Middle Name'] } },
        },
        identitySynchronizationConfiguration: createUsers('contoso.edu'),
        licensesToAssign: licenses('A1'),
      },
    },
    {
      id: demoProfileIds.contosoQuarantinedOneRoster,
      tenantId: contoso,
      createdAt: now - 60 * DAY,
      shape: 'quarantined',
      content: {
        displayName: 'Litware STEM Magnet – OneRoster (OAuth 1.0)',
        dataProvider: {
          '@odata.type': odataTypes.oneRosterApiDataProvider,
          connectionUrl: 'https://sis.litware-stem.org/ims/oneroster/v1p1',
          providerName: 'Litware Student Information',
          schoolsIds: ['litware-magnet'],
          termIds: ['2026-fall', '2026-spring'],
          connectionSettings: {
            '@odata.type': odataTypes.oauth1ConnectionSettings,
            clientId: 'litware-sds-consumer-key',
            clientSecret: 'emulator-only-oauth1-secret',
          },
          customizations: fullCustomizations(),
        },
        identitySynchronizationConfiguration: matchUsers('contoso.edu'),
        licensesToAssign: licenses('A5'),
      },
    },
    {
      id: demoProfileIds.contosoAwaitingStartCsv,
      tenantId: contoso,
      createdAt: now - 2 * DAY,
      shape: 'awaitingStart',
      upload: { requestedAt: now - HOUR, verification: 'warnings' },
      content: {
        displayName: 'Alpine Ski House School – Fall 2026 pilot',
        dataProvider: { '@odata.type': odataTypes.csvDataProvider },
        identitySynchronizationConfiguration: createUsers('contoso.edu'),
        licensesToAssign: licenses('A3'),
        expirationDate: dateOnly(now + 300 * DAY),
      },
    },
    {
      // The update page's own profile (seeds/004), stored as its example answer prints it; the
      // status page's example (seeds/000) is in progress with nothing processed yet.
      id: demoProfileIds.documentedExample,
      tenantId: contoso,
      createdAt: now - 7 * DAY,
      shape: 'inProgress',
      plan: { inProgressSeconds: 1800, recordsPerRun: 0, updatesPerRun: 0 },
      upload: { requestedAt: now - 3 * HOUR, verification: 'clean' },
      content: {
        displayName: 'Test Profile',
        dataProvider: {
          '@odata.type': odataTypes.csvDataProvider,
          customizations: {
            school: { isSyncDeferred: false, allowDisplayNameUpdate: false },
            section: {
              optionalPropertiesToSync: ['Term Name', 'Course Number', 'Periods'],
              isSyncDeferred: false,
              allowDisplayNameUpdate: false,
            },
            student: {
              optionalPropertiesToSync: ['State ID', 'Middle Name'],
              isSyncDeferred: false,
              allowDisplayNameUpdate: false,
            },
            teacher: {
              // The same seven the create example fills in for teachers.
              optionalPropertiesToSync: [...serverFilledOptionalProperties.teacher],
              isSyncDeferred: false,
              allowDisplayNameUpdate: false,
            },
            studentEnrollment: {
              synchronizationStartDate: UNSET_START_DATE,
              isSyncDeferred: false,
              allowDisplayNameUpdate: false,
            },
            teacherRoster: { isSyncDeferred: false, allowDisplayNameUpdate: false },
          },
        },
        identitySynchronizationConfiguration: {
          '@odata.type': odataTypes.identityCreationConfiguration,
          userDomains: [
            { appliesTo: 'student', name: 'testschool.edu' },
            { appliesTo: 'teacher', name: 'testschool.edu' },
          ],
        },
        licensesToAssign: [
          { appliesTo: 'teacher', skuIds: ['6fd2c87f-b296-42f0-b197-1e91e994b900'] },
          { appliesTo: 'student', skuIds: ['6fd2c87f-b296-42f0-b197-1e91e994b900'] },
        ],
      },
    },
    {
      // Migrated by a script that wrote a license's part number instead of its SKU id and left a
      // domain empty, and carrying a customization member newer than our model. Graph returns it;
      // the editor opens it with those rules as field errors. Paused until someone reviews it.
      id: demoProfileIds.contosoNeedsReviewCsv,
      tenantId: contoso,
      createdAt: now - 14 * DAY,
      shape: 'paused',
      lenient: true,
      upload: { requestedAt: now - 4 * DAY, verification: 'clean' },
      content: {
        displayName: 'Wingtip Toys Primary – 2026 migration',
        dataProvider: {
          '@odata.type': odataTypes.csvDataProvider,
          customizations: {
            student: {
              optionalPropertiesToSync: ['State ID', 'Grade'],
              isSyncDeferred: false,
              allowDisplayNameUpdate: false,
              allowEmailUpdate: false,
            },
          },
        },
        identitySynchronizationConfiguration: {
          '@odata.type': odataTypes.identityCreationConfiguration,
          userDomains: [
            { appliesTo: 'student', name: 'students.contoso.edu' },
            { appliesTo: 'teacher', name: '' },
          ],
        },
        licensesToAssign: [
          { appliesTo: 'student', skuIds: ['STANDARDWOFFPACK_STUDENT'] },
          { appliesTo: 'teacher', skuIds: [licenseSkus.office365A1Faculty] },
        ],
      } as ProfileContent,
    },
    {
      id: demoProfileIds.fabrikamHealthyCsv,
      tenantId: fabrikam,
      createdAt: now - 150 * DAY,
      shape: 'success',
      upload: { requestedAt: now - 20 * DAY, verification: 'clean' },
      content: {
        displayName: 'Fabrikam Academy – Secondary roster 2026',
        dataProvider: { '@odata.type': odataTypes.csvDataProvider, customizations: fullCustomizations() },
        identitySynchronizationConfiguration: createUsers('fabrikam.edu'),
        licensesToAssign: licenses('A3'),
      },
    },
    {
      id: demoProfileIds.fabrikamInProgressOneRoster,
      tenantId: fabrikam,
      createdAt: now - 45 * DAY,
      shape: 'inProgress',
      plan: { inProgressSeconds: 1800, recordsPerRun: 3_900, updatesPerRun: 85 },
      content: {
        displayName: 'Fabrikam Primary Schools – OneRoster',
        dataProvider: {
          '@odata.type': odataTypes.oneRosterApiDataProvider,
          connectionUrl: 'https://api.fabrikam-sis.com/ims/oneroster/v1p1',
          providerName: 'Fabrikam SIS',
          schoolsIds: ['fab-primary-north', 'fab-primary-south'],
          termIds: ['fy2026-t1'],
          connectionSettings: {
            '@odata.type': odataTypes.oauth2ClientCredentialsConnectionSettings,
            clientId: 'fabrikam-sds',
            clientSecret: 'emulator-only-fabrikam-secret',
            tokenUrl: 'https://api.fabrikam-sis.com/oauth/token',
          },
        },
        identitySynchronizationConfiguration: createUsers('fabrikam.edu'),
        licensesToAssign: licenses('A1'),
      },
    },
  ];
}

/** Puts every tenant back to its demo profiles (start-up and `POST /_emulator/reset`). */
export function loadDemoData(store: ProfileStore, now: number): void {
  store.clear();
  for (const p of demoProfiles(now)) store.add(build(p, now));
}

// ---------------------------------------------------------------------------------------------
// Generated profiles (`POST /_emulator/seed`)

const seedSchools = [
  'Northwind High School',
  'Contoso Middle School',
  'Fabrikam Elementary',
  'Woodgrove Academy',
  'Tailspin Toys Prep',
  'Litware STEM Magnet',
  'Adventure Works Charter',
  'Alpine Ski House School',
  'Fourth Coffee Learning Center',
  'Wingtip Toys Primary',
  'Proseware Technical College',
  'Lucerne Publishing Academy',
  'Margie\u2019s Travel International School',
  'Graphic Design Institute',
  'Trey Research High',
  'Coho Vineyard School',
];
const seedTerms = ['Fall 2026 roster', 'Spring 2027 roster', 'Summer school 2026', 'Full year 2026–27'];
const seedShapes: DemoShape[] = [
  'success',
  'inProgress',
  'success',
  'error',
  'paused',
  'success',
  'provisioning',
  'quarantined',
  'success',
  'validationError',
];
const seedProviders: ProviderKind[] = ['csv', 'powerSchool', 'oneRoster'];

function seededProvider(kind: ProviderKind, i: number): ProfileContent['dataProvider'] {
  switch (kind) {
    case 'csv':
      return { '@odata.type': odataTypes.csvDataProvider, customizations: fullCustomizations() };
    case 'powerSchool':
      return {
        '@odata.type': odataTypes.powerSchoolDataProvider,
        connectionUrl: `https://district${i + 1}.powerschool.com`,
        clientId: derivedGuid('seed-powerschool-client', i),
        clientSecret: 'emulator-only-generated-secret',
        schoolsIds: [String(100 + i)],
        schoolYear: '2026',
      };
    case 'oneRoster':
      return {
        '@odata.type': odataTypes.oneRosterApiDataProvider,
        connectionUrl: `https://sis${i + 1}.example-oneroster.com/ims/oneroster/v1p1`,
        schoolsIds: [`org-${i + 1}`],
        termIds: ['2026-fall'],
        connectionSettings: {
          '@odata.type': odataTypes.oauth2ClientCredentialsConnectionSettings,
          clientId: `sds-${i + 1}`,
          clientSecret: 'emulator-only-generated-secret',
          tokenUrl: `https://sis${i + 1}.example-oneroster.com/oauth/token`,
        },
      };
  }
}

export const MAX_SEED_PROFILES = 1000;

/** Replaces a tenant's profiles with `count` generated ones: mixed providers and statuses, stable ids. */
export function seedProfiles(
  store: ProfileStore,
  tenantId: string,
  count: number,
  now: number,
): StoredProfile[] {
  const domain = Object.values(tenants).find((t) => t.id === tenantId)?.defaultDomain ?? 'school.edu';
  const profiles = Array.from({ length: count }, (_, i) => {
    const kind = seedProviders[i % seedProviders.length]!;
    const shape = seedShapes[i % seedShapes.length]!;
    const school = seedSchools[i % seedSchools.length]!;
    const term = seedTerms[Math.floor(i / seedSchools.length) % seedTerms.length]!;
    const round = Math.floor(i / (seedSchools.length * seedTerms.length));
    const id = derivedGuid('seed-profile', tenantId, i);
    return build(
      {
        id,
        tenantId,
        createdAt: now - (30 + (i % 60)) * DAY,
        shape,
        plan: shape === 'error' ? { outcome: 'error', errorsPerRun: 1 } : {},
        errors:
          shape === 'error'
            ? [0, 1, 2].map((k) =>
                syncError(domain, i * 3 + k, derivedGuid('seed-error', id, k), now - (k + 1) * HOUR),
              )
            : [],
        upload:
          kind === 'csv'
            ? { requestedAt: now - 7 * DAY, verification: shape === 'validationError' ? 'errors' : 'clean' }
            : undefined,
        content: {
          displayName: `${school} – ${term}${round > 0 ? ` (${round + 1})` : ''}`,
          dataProvider: seededProvider(kind, i),
          identitySynchronizationConfiguration: i % 2 === 0 ? createUsers(domain) : matchUsers(domain),
          licensesToAssign: licenses((['A1', 'A3', 'A5'] as const)[i % 3]!),
        },
      },
      now,
    );
  });
  store.replaceTenant(tenantId, profiles);
  return profiles;
}
