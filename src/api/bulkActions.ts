/** Several profiles paused, resumed or started at once (POST /api/profiles/bulk/:action). */
import {
  apiRoutes,
  bulkActionResultSchema,
  type BulkAction,
  type BulkActionResult,
} from '../../contracts/api';
import type { ApiClient } from './apiClient';
import { reader } from './read';

const readResult = reader(bulkActionResultSchema, 'result');

export async function runBulkAction(
  api: ApiClient,
  action: BulkAction,
  profileIds: readonly string[],
): Promise<BulkActionResult> {
  const { data } = await api.request({
    method: 'POST',
    path: apiRoutes.bulkAction(action),
    body: { profileIds },
    read: readResult,
  });
  return data as BulkActionResult;
}
