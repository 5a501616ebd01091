/**
 * The calls of the dashboard's first load after the public configuration (api/apiClient.ts
 * `fetchTabConfig`): who is signed in and the profile list. Read with the zod/mini schemas of contracts/firstLoad.ts,
 * so the first load carries the contracts themselves, not a copy of them.
 */
import { meSchema, profileListSchema, type Me, type ProfileList } from '../../contracts/firstLoad';
import { apiRoutes } from '../../contracts/wire';
import type { ApiClient } from './apiClient';
import { reader } from './read';

const readMe = reader(meSchema, 'me');
const readProfileList = reader(profileListSchema, 'answer');

export async function getMe(api: ApiClient, signal?: AbortSignal): Promise<Me> {
  const { data } = await api.request({ path: apiRoutes.me, read: readMe, signal });
  return data as Me;
}

export async function listProfiles(api: ApiClient, signal?: AbortSignal): Promise<ProfileList> {
  const { data } = await api.request({ path: apiRoutes.profiles, read: readProfileList, signal });
  return data as ProfileList;
}
