/** A profile's sync actions: pause, resume, reset, start (POST, answered with the outcome). */
import { actionResultSchema, apiRoutes, type ActionResult, type ProfileAction } from '../../contracts/api';
import type { ApiClient } from './apiClient';
import { reader } from './read';

const readAction = reader(actionResultSchema, 'result');

export async function runAction(api: ApiClient, id: string, action: ProfileAction): Promise<ActionResult> {
  const { data } = await api.request({
    method: 'POST',
    path: apiRoutes.profileAction(id, action),
    read: readAction,
  });
  return data as ActionResult;
}
