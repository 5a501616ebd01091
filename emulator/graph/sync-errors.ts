/**
 * Synchronization errors: the records an error profile accumulates (graph-sds-api.md §2.12, §3.2).
 * Ids are upper-case GUIDs and entry types capitalised, as in the documented example.
 */
import { derivedGuid } from './ids';
import type { ErrorRun } from './lifecycle';

export type SyncErrorRecord = {
  id: string;
  entryType: string;
  errorCode: string;
  errorMessage: string;
  joiningValue: string;
  reportableIdentifier: string;
  /** Epoch milliseconds on the emulator clock. */
  recordedAt: number;
};

/** A profile keeps its newest errors only, so a clock moved a year ahead cannot grow it without bound. */
export const MAX_SYNC_ERRORS = 1000;

type Template = {
  entryType: 'Student' | 'Teacher' | 'Section' | 'School';
  errorCode: string;
  errorMessage: string;
};

// The first two are the documented example's messages verbatim (two spaces before "Verify").
const templates: Template[] = [
  {
    entryType: 'Student',
    errorCode: 'UnsynchronizableChange',
    errorMessage:
      'Student cannot be updated as no matching entry in Active Directory was found for Student.  Verify the identity matching criteria for the profile.',
  },
  {
    entryType: 'Teacher',
    errorCode: 'UnsynchronizableChange',
    errorMessage:
      'Teacher cannot be updated as no matching entry in Active Directory was found for Teacher.  Verify the identity matching criteria for the profile.',
  },
  {
    entryType: 'Student',
    errorCode: 'DuplicateSisId',
    errorMessage: 'Student cannot be created as another Student in the source data has the same SIS ID.',
  },
  {
    entryType: 'Student',
    errorCode: 'InvalidUserName',
    errorMessage:
      'Student cannot be created as the Username contains characters that are not allowed in a user principal name.',
  },
  {
    entryType: 'Teacher',
    errorCode: 'LicenseAssignmentFailed',
    errorMessage:
      'Teacher was synchronized but no license could be assigned: there are no available licenses for the selected SKU.',
  },
  {
    entryType: 'Section',
    errorCode: 'ReferencedRecordNotFound',
    errorMessage: 'Section cannot be created as the School it references was not found in the source data.',
  },
  {
    entryType: 'School',
    errorCode: 'MissingRequiredField',
    errorMessage: "School cannot be created as the required field 'Name' is empty.",
  },
  {
    entryType: 'Student',
    errorCode: 'UserPrincipalNameConflict',
    errorMessage:
      'Student cannot be created as a user with the same user principal name already exists and is not managed by this profile.',
  },
];

const firstNames = [
  'richard',
  'alberto',
  'madeline',
  'priya',
  'diego',
  'amara',
  'jonas',
  'mei',
  'tomasz',
  'aisha',
  'lucas',
  'sofia',
  'kwame',
  'hannah',
  'mateo',
  'yuki',
  'oliver',
  'fatima',
  'noah',
  'ingrid',
];
const lastNames = [
  'wilson',
  'dorsey',
  'bullock',
  'raman',
  'alvarez',
  'okafor',
  'berg',
  'chen',
  'nowak',
  'haddad',
  'moreau',
  'rossi',
  'mensah',
  'schmidt',
  'garcia',
  'tanaka',
  'brown',
  'khan',
  'fischer',
  'larsen',
];
const sections = ['ALG1-04', 'BIO-02', 'ENG9-07', 'HIST-03', 'CHEM-01', 'ART-05', 'PE-11', 'SPAN2-06'];

/** One error, chosen by a number: the same inputs always give the same record. */
export function syncError(domain: string, pick: number, id: string, recordedAt: number): SyncErrorRecord {
  const template = templates[pick % templates.length]!;
  const first = firstNames[Math.floor(pick / templates.length) % firstNames.length]!;
  const last = lastNames[Math.floor(pick / 7) % lastNames.length]!;
  const serial = 1 + (pick % 9);
  let joiningValue: string;
  let reportableIdentifier: string;
  switch (template.entryType) {
    case 'Section':
      joiningValue = `SEC-${sections[pick % sections.length]}`;
      reportableIdentifier = joiningValue;
      break;
    case 'School':
      joiningValue = `SCH-${100 + (pick % 80)}`;
      reportableIdentifier = joiningValue;
      break;
    default:
      reportableIdentifier = `${first}${serial}.${last}`;
      joiningValue = `${reportableIdentifier}@${domain}`;
  }
  return { id: id.toUpperCase(), ...template, joiningValue, reportableIdentifier, recordedAt };
}

/** The errors one finished run recorded (deterministic in the profile, the stretch and the run). */
export function errorsOfRun(
  profileId: string,
  domain: string,
  run: ErrorRun,
  count: number,
): SyncErrorRecord[] {
  const records: SyncErrorRecord[] = [];
  for (let k = 0; k < count; k++) {
    const id = derivedGuid('sync-error', profileId, run.since, run.index, k);
    const pick = parseInt(id.slice(0, 6), 16);
    // Errors of one run are logged a few seconds apart, as a real run writes them.
    records.push(syncError(domain, pick, id, run.endedAt - (count - k) * 3000));
  }
  return records;
}
