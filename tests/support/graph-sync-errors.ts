/**
 * A profile's sync errors as Graph has them (straight from the emulated Graph, every page through
 * @odata.nextLink), and as the CSV export's columns: what the export tests compare the file with.
 */
import type { SyncError } from '../../contracts/api';

export const CSV_COLUMNS = [
  'Entry type',
  'Error code',
  'Error message',
  'Identifier',
  'Joining value',
  'Recorded (UTC)',
  'Error ID',
];

export async function graphSyncErrors(
  graphUrl: string,
  graphToken: string,
  profileId: string,
): Promise<SyncError[]> {
  const all: SyncError[] = [];
  let next: string | undefined =
    `${graphUrl}/beta/education/synchronizationProfiles/${profileId}/errors?$top=999`;
  while (next) {
    const response = await fetch(next, { headers: { authorization: `Bearer ${graphToken}` } });
    if (!response.ok) throw new Error(`${next} answered ${response.status}`);
    const page = (await response.json()) as { value: SyncError[]; '@odata.nextLink'?: string };
    all.push(...page.value);
    next = page['@odata.nextLink'];
  }
  return all;
}

/** One error as the export's row: the columns of CSV_COLUMNS, in order. */
export function csvRowOf(e: SyncError): (string | null)[] {
  return [
    e.entryType,
    e.errorCode,
    e.errorMessage,
    e.reportableIdentifier,
    e.joiningValue,
    e.recordedDateTime,
    e.id,
  ];
}
