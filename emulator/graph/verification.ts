/**
 * What `start` reports about a CSV profile's uploaded files (graph-sds-api.md §2.9). The emulator
 * has no real files: each profile carries the verdict its imaginary files would get. Messages use
 * the documented example's wording and capitalised types (`Error`, `Warning`).
 */
import type { FileVerification } from './store';

export type VerificationMessage = {
  type: 'Error' | 'Warning' | 'Information';
  fileName: string;
  description: string;
};

/** The six files SDS (classic) CSV sync needs, named as verification messages name them. */
export const csvFileNames = [
  'school.csv',
  'section.csv',
  'student.csv',
  'teacher.csv',
  'studentenrollment.csv',
  'teacherroster.csv',
] as const;

const documentedWarnings: VerificationMessage[] = [
  {
    type: 'Warning',
    fileName: 'student.csv',
    description: '3 duplicates found in column SIS ID which requires values to be Unique.',
  },
  {
    type: 'Warning',
    fileName: 'student.csv',
    description: '3 duplicates found in column Username which requires values to be Unique.',
  },
  {
    type: 'Warning',
    fileName: 'teacher.csv',
    description: '3 duplicates found in column SIS ID which requires values to be Unique.',
  },
  {
    type: 'Warning',
    fileName: 'teacher.csv',
    description: '3 duplicates found in column Username which requires values to be Unique.',
  },
];

/** The documented example, all ten messages in its order. */
const documentedExample: VerificationMessage[] = [
  {
    type: 'Error',
    fileName: 'section.csv',
    description: '5 row(s) have missing data for the field - SIS ID',
  },
  {
    type: 'Error',
    fileName: 'section.csv',
    description: '5 row(s) have an invalid format for the field - SIS ID',
  },
  documentedWarnings[0]!,
  documentedWarnings[1]!,
  {
    type: 'Error',
    fileName: 'studentenrollment.csv',
    description: '125 row(s) have referenced data not found in source. Field - Section SIS ID',
  },
  {
    type: 'Error',
    fileName: 'studentenrollment.csv',
    description: '35 row(s) have referenced data not found in source. Field - SIS ID',
  },
  documentedWarnings[2]!,
  documentedWarnings[3]!,
  {
    type: 'Error',
    fileName: 'teacherroster.csv',
    description: '10 row(s) have referenced data not found in source. Field - Section SIS ID',
  },
  {
    type: 'Error',
    fileName: 'teacherroster.csv',
    description: '91 row(s) have referenced data not found in source. Field - SIS ID',
  },
];

export function verificationMessages(verdict: FileVerification): VerificationMessage[] {
  switch (verdict) {
    case 'errors':
      return documentedExample;
    case 'warnings':
      return documentedWarnings;
    case 'clean':
      return [];
  }
}

/** Start before anything was uploaded: every file is missing. */
export function missingFilesMessages(): VerificationMessage[] {
  return csvFileNames.map((fileName) => ({
    type: 'Error',
    fileName,
    description: `File not found. Upload all six files (${csvFileNames.join(', ')}) to the profile's upload URL before starting synchronization.`,
  }));
}

export function hasErrors(messages: VerificationMessage[]): boolean {
  return messages.some((m) => m.type === 'Error');
}
