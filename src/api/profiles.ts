/**
 * A profile's own calls: its settings (read and save) and its status (sync errors: ./syncErrors). The
 * profile page and the editor load after the dashboard, so these read with the full contract
 * schemas (contracts/api.ts).
 */
import {
  apiRoutes,
  profileDetailSchema,
  profileStatusSchema,
  type ProfileDetail,
  type ProfileStatus,
  type ProfileUpdate,
} from '../../contracts/api';
import type { ApiClient } from './apiClient';
import { ApiError } from './apiError';
import { reader } from './read';

export type StatusPoll =
  { kind: 'modified'; status: ProfileStatus; etag: string | null } | { kind: 'notModified' };

const readDetail = reader(profileDetailSchema, 'profile');
const readStatus = reader(profileStatusSchema, 'status');

function withEtag(detail: ProfileDetail, response: Response): ProfileDetail {
  return { ...detail, etag: detail.etag || response.headers.get('etag') || '' };
}

export async function getProfile(api: ApiClient, id: string, signal?: AbortSignal): Promise<ProfileDetail> {
  const { data, response } = await api.request({ path: apiRoutes.profile(id), read: readDetail, signal });
  return withEtag(data as ProfileDetail, response);
}

/** Conditional GET: 304 means the status did not change since `etag`. */
export async function getStatus(
  api: ApiClient,
  id: string,
  etag: string | null,
  signal?: AbortSignal,
): Promise<StatusPoll> {
  const { data, response } = await api.request({
    path: apiRoutes.profileStatus(id),
    read: readStatus,
    headers: etag ? { 'If-None-Match': etag } : {},
    allowNotModified: true,
    signal,
  });
  if (data === null) return { kind: 'notModified' };
  return { kind: 'modified', status: data, etag: response.headers.get('etag') };
}

/** PUT with If-Match. The 202 answer carries the new version and its ETag. */
export async function updateProfile(
  api: ApiClient,
  id: string,
  update: ProfileUpdate,
  etag: string,
): Promise<ProfileDetail> {
  const { data, response } = await api.request({
    method: 'PUT',
    path: apiRoutes.profile(id),
    body: update,
    headers: { 'If-Match': etag },
    read: readDetail,
  });
  return withEtag(data as ProfileDetail, response);
}

/**
 * The version a 412 carries (`current`). It is part of the contract: a 412 without a readable
 * one is an error to show, with the request id, not a conflict to guess at.
 */
export function currentFromConflict(error: ApiError): ProfileDetail {
  const parsed = profileDetailSchema.safeParse(error.problem?.current);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new ApiError(
    'unexpected',
    `The server refused the save because the profile changed, but its current version was not understood (${issue ? `current.${issue.path.join('.')}: ${issue.message}` : 'missing'}).`,
    { status: error.status, requestId: error.requestId },
  );
}
