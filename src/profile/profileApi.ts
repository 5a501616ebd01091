/**
 * The profile page's and the editor's calls. They load after the dashboard, so they parse with
 * the full contract schemas (contracts/api.ts).
 */
import {
  actionResultSchema,
  apiRoutes,
  profileDetailSchema,
  profileStatusSchema,
  syncErrorsPageSchema,
  type ActionResult,
  type ProfileAction,
  type ProfileDetail,
  type ProfileStatus,
  type ProfileUpdate,
  type SyncErrorsPage,
} from '../../contracts/api';
import type { z } from 'zod';
import type { ApiClient } from '../api/apiClient';

export type StatusPoll =
  { kind: 'modified'; status: ProfileStatus; etag: string | null } | { kind: 'notModified' };

const reader =
  <T>(schema: z.ZodType<T>) =>
  (body: unknown): T => {
    const parsed = schema.safeParse(body);
    if (parsed.success) return parsed.data;
    const first = parsed.error.issues[0];
    throw new Error(first ? `${first.path.join('.') || 'body'}: ${first.message}` : 'invalid');
  };

const readDetail = reader(profileDetailSchema);
const readStatus = reader(profileStatusSchema);
const readErrors = reader(syncErrorsPageSchema);
const readAction = reader(actionResultSchema);

export async function getProfile(api: ApiClient, id: string): Promise<ProfileDetail> {
  const { data, response } = await api.request({ path: apiRoutes.profile(id), read: readDetail });
  const detail = data as ProfileDetail;
  return { ...detail, etag: detail.etag || response.headers.get('etag') || '' };
}

/** Conditional GET: 304 means the status did not change since `etag`. */
export async function getStatus(api: ApiClient, id: string, etag: string | null): Promise<StatusPoll> {
  const { data, response } = await api.request({
    path: apiRoutes.profileStatus(id),
    read: readStatus,
    headers: etag ? { 'If-None-Match': etag } : {},
    allowNotModified: true,
  });
  if (data === null) return { kind: 'notModified' };
  return { kind: 'modified', status: data, etag: response.headers.get('etag') };
}

export async function getSyncErrors(
  api: ApiClient,
  id: string,
  skip: number,
  top: number,
): Promise<SyncErrorsPage> {
  const { data } = await api.request({
    path: `${apiRoutes.profileErrors(id)}?skip=${skip}&top=${top}`,
    read: readErrors,
  });
  return data as SyncErrorsPage;
}

export async function runAction(api: ApiClient, id: string, action: ProfileAction): Promise<ActionResult> {
  const { data } = await api.request({
    method: 'POST',
    path: apiRoutes.profileAction(id, action),
    read: readAction,
  });
  return data as ActionResult;
}

/**
 * PUT with If-Match. The 202 answer carries the new version; if it ever doesn't, null tells the
 * caller to read it again.
 */
export async function updateProfile(
  api: ApiClient,
  id: string,
  update: ProfileUpdate,
  etag: string,
): Promise<ProfileDetail | null> {
  const { data, response } = await api.request({
    method: 'PUT',
    path: apiRoutes.profile(id),
    body: update,
    headers: { 'If-Match': etag },
    read: (body) => {
      const parsed = profileDetailSchema.safeParse(body);
      return parsed.success ? parsed.data : null;
    },
  });
  if (!data) return null;
  return { ...data, etag: data.etag || response.headers.get('etag') || '' };
}

/** The `current` version a 412 carries, parsed (the light first-load check leaves it unread). */
export function currentFromConflict(current: unknown): ProfileDetail | null {
  const parsed = profileDetailSchema.safeParse(current);
  return parsed.success ? parsed.data : null;
}
