/**
 * Change history: a profile's (GET /api/profiles/:id/history) or the whole tenant's
 * (GET /api/history, filterable by person and profile), newest first, a page at a time.
 */
import { apiRoutes, historyPageSchema, type HistoryPage } from '../../contracts/api';
import type { ApiClient } from './apiClient';
import { reader } from './read';

const readPage = reader(historyPageSchema, 'history');

export type HistoryRequest = { profileId?: string; person?: string; cursor?: string | null };

export async function getHistory(
  api: ApiClient,
  { profileId, person, cursor }: HistoryRequest,
  scope: 'profile' | 'tenant',
  signal?: AbortSignal,
): Promise<HistoryPage> {
  const query = new URLSearchParams();
  if (cursor) query.set('cursor', cursor);
  if (person) query.set('person', person);
  if (scope === 'tenant' && profileId) query.set('profile', profileId);
  const path = scope === 'profile' && profileId ? apiRoutes.profileHistory(profileId) : apiRoutes.history;
  const search = query.toString();
  const { data } = await api.request({ path: search ? `${path}?${search}` : path, read: readPage, signal });
  return data as HistoryPage;
}
