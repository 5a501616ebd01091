/**
 * Large, realistic sets of synchronization errors for tests and demos (the control API's
 * `POST /_emulator/graph/profiles/{id}/errors`, docs/architecture.md). The codes are those the
 * emulator's runs record plus those Microsoft's "SDS errors and remediation" article lists
 * (https://learn.microsoft.com/schooldatasync/sds-errors-and-remediation), with messages in the
 * style of the documented example. Everything is derived from the profile id, the seed and the
 * position, so the same request always builds the same set.
 */
import { z } from 'zod';
import { derivedGuid } from './ids';
import { seededRandom } from './prng';
import type { SyncErrorRecord } from './sync-errors';

/** The most errors one profile can be given: enough for the 50,000-error bench, bounded for memory. */
export const MAX_SEEDED_SYNC_ERRORS = 100_000;

export const entryTypes = ['Student', 'Teacher', 'Section', 'School'] as const;
type EntryType = (typeof entryTypes)[number];

type Kind = { entryType: EntryType; errorCode: string; errorMessage: string; weight: number };

/** The default mix: what a district's first sync of the year tends to look like, most frequent first. */
export const realisticMix: Kind[] = [
  {
    entryType: 'Student',
    errorCode: 'UnmatchedEntry',
    errorMessage: 'Could not find a matching entry in Azure Active Directory for sync.',
    weight: 34,
  },
  {
    entryType: 'Student',
    errorCode: 'AzureActiveDirectoryInvalidUserUsageLocation',
    errorMessage: 'License assignment failed for the user since the user does not have a usage location set.',
    weight: 18,
  },
  {
    entryType: 'Teacher',
    errorCode: 'AzureActiveDirectoryInvalidLicense',
    errorMessage: 'The license SDS tried to assign is not present in the tenant.',
    weight: 12,
  },
  {
    entryType: 'Student',
    errorCode: 'UnsynchronizableChange',
    errorMessage:
      'Student cannot be updated as no matching entry in Active Directory was found for Student.  Verify the identity matching criteria for the profile.',
    weight: 10,
  },
  {
    entryType: 'Student',
    errorCode: 'DuplicateSisId',
    errorMessage: 'Student cannot be created as another Student in the source data has the same SIS ID.',
    weight: 7,
  },
  {
    entryType: 'Student',
    errorCode: 'UnSpecified',
    errorMessage: 'The SIS ID of the Student is not valid or refers to a user that did not sync.',
    weight: 5,
  },
  {
    entryType: 'Section',
    errorCode: 'None',
    errorMessage:
      'Section cannot be added: a duplicate record exists or the name contains a character that is not allowed.',
    weight: 4,
  },
  {
    entryType: 'Section',
    errorCode: 'ReferencedRecordNotFound',
    errorMessage: 'Section cannot be created as the School it references was not found in the source data.',
    weight: 3,
  },
  {
    entryType: 'Teacher',
    errorCode: 'AzureActiveDirectoryRequestThrottledTemporarily',
    errorMessage: 'The request was throttled temporarily while processing a large amount of data.',
    weight: 3,
  },
  {
    entryType: 'Student',
    errorCode: 'InvalidUserName',
    errorMessage:
      'Student cannot be created as the Username contains characters that are not allowed in a user principal name.',
    weight: 2,
  },
  {
    entryType: 'School',
    errorCode: 'AzureActiveDirectoryReplicaUnavailable',
    errorMessage: 'A directory replica server was unavailable. The entry will be retried on the next sync.',
    weight: 1,
  },
  {
    entryType: 'School',
    errorCode: 'MissingRequiredField',
    errorMessage: "School cannot be created as the required field 'Name' is empty.",
    weight: 1,
  },
];

/** One kind of error in a requested mix; a fixed identifier lets tests put hostile text in every column. */
export const mixEntrySchema = z.strictObject({
  entryType: z.string().trim().min(1).max(64),
  errorCode: z.string().trim().min(1).max(128),
  errorMessage: z.string().max(2000).optional(),
  reportableIdentifier: z.string().max(256).optional(),
  joiningValue: z.string().max(256).optional(),
  weight: z.number().positive().max(1_000_000).default(1),
});
export type MixEntry = z.infer<typeof mixEntrySchema>;

const firstNames = [
  'ava',
  'liam',
  'noor',
  'mateo',
  'chloe',
  'kenji',
  'zara',
  'elias',
  'lena',
  'omar',
  'ines',
  'theo',
];
const lastNames = [
  'martin',
  'nguyen',
  'okafor',
  'dubois',
  'garcia',
  'silva',
  'kowalski',
  'haddad',
  'lopez',
  'berg',
];
const sections = ['ALG1', 'BIO', 'ENG9', 'HIST', 'CHEM', 'ART', 'PE', 'SPAN2', 'MUS', 'CS1'];

function identifiers(
  kind: Pick<MixEntry, 'entryType' | 'reportableIdentifier' | 'joiningValue'>,
  k: number,
  domain: string,
) {
  const type = kind.entryType.toLowerCase();
  let reportable: string;
  let joining: string;
  if (type === 'section') {
    reportable = `SEC-${sections[k % sections.length]}-${String(k % 997).padStart(3, '0')}`;
    joining = reportable;
  } else if (type === 'school') {
    reportable = `SCH-${100 + (k % 400)}`;
    joining = reportable;
  } else {
    reportable = `${firstNames[k % firstNames.length]}.${lastNames[Math.floor(k / 12) % lastNames.length]}${k}`;
    joining = `${reportable}@${domain}`;
  }
  return {
    reportableIdentifier: kind.reportableIdentifier ?? reportable,
    joiningValue: kind.joiningValue ?? kind.reportableIdentifier ?? joining,
  };
}

/**
 * `count` errors in the proportions of `mix`, logged a second apart up to `endedAt` (oldest
 * first, as the store keeps them). Kinds are dealt by weight with a seeded generator, so groups
 * have the uneven sizes real runs show.
 */
export function errorSet(options: {
  profileId: string;
  domain: string;
  count: number;
  mix: readonly (MixEntry | Kind)[];
  endedAt: number;
  seed: number | string;
}): SyncErrorRecord[] {
  const { profileId, domain, count, mix, endedAt, seed } = options;
  const total = mix.reduce((sum, kind) => sum + kind.weight, 0);
  const random = seededRandom(`${profileId}|${seed}`);
  const records: SyncErrorRecord[] = new Array(count);
  for (let k = 0; k < count; k++) {
    let roll = random() * total;
    let kind = mix[mix.length - 1]!;
    for (const candidate of mix) {
      roll -= candidate.weight;
      if (roll < 0) {
        kind = candidate;
        break;
      }
    }
    const id = derivedGuid('seeded-sync-error', profileId, seed, k).toUpperCase();
    records[k] = {
      id,
      entryType: kind.entryType,
      errorCode: kind.errorCode,
      errorMessage: kind.errorMessage ?? `${kind.entryType} could not be synchronized (${kind.errorCode}).`,
      ...identifiers(kind, k, domain),
      recordedAt: endedAt - (count - k) * 1000,
    };
  }
  return records;
}
