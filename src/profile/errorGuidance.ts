/**
 * What each sync error code means and what to do about it, in the admin's words (the texts are
 * in the triage catalogue). The codes are those Microsoft's "SDS errors and remediation" article
 * lists and those the SDS sync-error examples use; any other code gets the generic next step.
 */
import type { Translate } from '../i18n/i18n';
import type { triageNs } from '../i18n/namespaces/triage';

export const SDS_ERRORS_ARTICLE = 'https://learn.microsoft.com/schooldatasync/sds-errors-and-remediation';

export const knownErrorCodes = [
  'UnmatchedEntry',
  'UnsynchronizableChange',
  'AzureActiveDirectoryInvalidUserUsageLocation',
  'AzureActiveDirectoryInvalidLicense',
  'AzureActiveDirectoryReplicaUnavailable',
  'AzureActiveDirectoryRequestThrottledTemporarily',
  'UnSpecified',
  'None',
  'DuplicateSisId',
  'InvalidUserName',
  'LicenseAssignmentFailed',
  'ReferencedRecordNotFound',
  'MissingRequiredField',
  'UserPrincipalNameConflict',
] as const;

type TriageCatalogue = (typeof triageNs)['en'];
type T = Translate<TriageCatalogue>;

export type Guidance = { known: boolean; title: string; meaning: string; fix: string };

/** Codes are matched as SDS writes them; Graph's casing of a code has never varied. */
export function guidanceFor(t: T, errorCode: string): Guidance {
  // The keys are typed: a code listed above without its three texts in the catalogue is a type error.
  const code: KnownErrorCode | 'unknown' = isKnownErrorCode(errorCode) ? errorCode : 'unknown';
  return {
    known: code !== 'unknown',
    title: t(`guidance.${code}.title`),
    meaning: t(`guidance.${code}.meaning`),
    fix: t(`guidance.${code}.fix`),
  };
}

type KnownErrorCode = (typeof knownErrorCodes)[number];

function isKnownErrorCode(code: string): code is KnownErrorCode {
  return (knownErrorCodes as readonly string[]).includes(code);
}

const entryTypes = ['Student', 'Teacher', 'Section', 'School'] as const;

/** SDS writes entry types capitalised (Student, Teacher); another value is shown as it came. */
export function entryTypeLabel(t: T, entryType: string): string {
  const known = entryTypes.find((e) => e.toLowerCase() === entryType.toLowerCase());
  return known ? t(`entryType.${known}`) : entryType || '—';
}
