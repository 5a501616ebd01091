/**
 * A profile's sync errors as the triage view reads them: the groups with counts, one page of a
 * filtered list, and a one-time link to the CSV export. Read with the full contract schemas (the
 * profile page loads after the dashboard).
 */
import {
  apiRoutes,
  exportLinkSchema,
  syncErrorGroupsSchema,
  syncErrorsPageSchema,
  type ExportLink,
  type SyncErrorGroups,
  type SyncErrorsPage,
} from '../../contracts/api';
import type { ApiClient } from './apiClient';
import { reader } from './read';

const readGroups = reader(syncErrorGroupsSchema, 'groups');
const readPage = reader(syncErrorsPageSchema, 'errors');
const readLink = reader(exportLinkSchema, 'link');

/** Which errors: one group (entry type and code), and a search text; all of them when empty. */
export type SyncErrorFilter = { entryType?: string; errorCode?: string; search?: string };

export async function getSyncErrorGroups(
  api: ApiClient,
  id: string,
  signal?: AbortSignal,
): Promise<SyncErrorGroups> {
  const { data } = await api.request({ path: apiRoutes.profileErrorGroups(id), read: readGroups, signal });
  return data as SyncErrorGroups;
}

export async function getSyncErrorPage(
  api: ApiClient,
  id: string,
  request: SyncErrorFilter & { skip: number; top: number },
  signal?: AbortSignal,
): Promise<SyncErrorsPage> {
  const query = new URLSearchParams({ skip: String(request.skip), top: String(request.top) });
  if (request.entryType !== undefined) query.set('entryType', request.entryType);
  if (request.errorCode !== undefined) query.set('errorCode', request.errorCode);
  if (request.search) query.set('search', request.search);
  const { data } = await api.request({
    path: `${apiRoutes.profileErrors(id)}?${query}`,
    read: readPage,
    signal,
  });
  return data as SyncErrorsPage;
}

export async function createExportLink(api: ApiClient, id: string): Promise<ExportLink> {
  const { data } = await api.request({
    method: 'POST',
    path: apiRoutes.profileErrorsExport(id),
    read: readLink,
  });
  return data as ExportLink;
}
