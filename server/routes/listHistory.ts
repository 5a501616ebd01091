/**
 * GET /api/history and GET /api/profiles/:id/history: the tenant's change records, newest first,
 * a page at a time. Our own data, so our own rule guards it: Global Administrators and Global
 * Readers see their tenant's history (the tenant comes from the token, never from the request);
 * anyone else gets 403.
 */
import type { Request, RequestHandler } from 'express';
import {
  HISTORY_PAGE_SIZE_DEFAULT,
  HISTORY_PAGE_SIZE_MAX,
  historyParameters,
  type HistoryPage,
} from '../../contracts/api';
import { guidSchema } from '../../contracts/graph';
import { sdsAccessOf } from '../auth/permissions';
import { authOf } from '../auth/requireAuth';
import { HttpError, historyUnavailable, validationFailed } from '../errors';
import type { History } from '../history';
import type { HistoryRecord } from '../history/store';
import { profileIdOf, queryParameters } from './params';

const CURSOR_PREFIX = 'h1.';
const MAX_RECORD_ID = 2n ** 63n - 1n;

export function encodeCursor(recordId: string): string {
  return Buffer.from(`${CURSOR_PREFIX}${recordId}`).toString('base64url');
}

/** The record id a cursor stands for, or undefined when it is not one of ours. */
export function decodeCursor(cursor: string): string | undefined {
  if (!/^[A-Za-z0-9_-]{1,32}$/.test(cursor)) return undefined;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^h1\.([1-9]\d{0,18})$/.exec(text);
  if (!match || BigInt(match[1]!) > MAX_RECORD_ID) return undefined;
  return match[1];
}

type Filters = { beforeId?: string; limit: number; person?: string; profile?: string };

/** Every parameter once, each known and well formed; otherwise a 400 naming each one at fault. */
function filtersOf(req: Request, allowed: readonly (typeof historyParameters)[number][]): Filters {
  const { values, problems } = queryParameters(req, allowed);
  const filters: Filters = { limit: HISTORY_PAGE_SIZE_DEFAULT };
  for (const [name, raw] of Object.entries(values)) {
    if (name === 'cursor') {
      const beforeId = decodeCursor(raw);
      if (beforeId) filters.beforeId = beforeId;
      else
        problems.push({
          path: name,
          message: 'is not a cursor from a previous page (nextCursor): start without one',
        });
    } else if (name === 'limit') {
      const limit = /^\d{1,3}$/.test(raw) ? Number(raw) : NaN;
      if (limit >= 1 && limit <= HISTORY_PAGE_SIZE_MAX) filters.limit = limit;
      else
        problems.push({ path: name, message: `must be a whole number from 1 to ${HISTORY_PAGE_SIZE_MAX}` });
    } else {
      const parsed = guidSchema.safeParse(raw);
      if (parsed.success) filters[name as 'person' | 'profile'] = parsed.data.toLowerCase();
      else
        problems.push({
          path: name,
          message:
            name === 'person' ? "must be a person's object id (a GUID)" : "must be a profile's id (a GUID)",
        });
    }
  }
  if (problems.length > 0) {
    throw validationFailed('The history query is not valid; see fields.', problems);
  }
  return filters;
}

function toEntry(record: HistoryRecord) {
  const { tenantId: _tenant, ...entry } = record;
  return entry;
}

function historyRoute(history: History, scope: 'tenant' | 'profile'): RequestHandler {
  const allowed =
    scope === 'tenant' ? historyParameters : historyParameters.filter((name) => name !== 'profile');
  return async (req, res) => {
    const profileId = scope === 'profile' ? profileIdOf(req) : undefined;
    const auth = authOf(req);
    const access = sdsAccessOf(auth);
    if (!access.canRead) throw new HttpError(403, 'forbidden', access.restriction ?? 'Not allowed.');
    const filters = filtersOf(req, allowed);
    let page: { records: HistoryRecord[]; more: boolean };
    try {
      page = await history.use((store) =>
        store.list({
          tenantId: auth.tenantId,
          profileId: profileId ?? filters.profile,
          actorObjectId: filters.person,
          beforeId: filters.beforeId,
          limit: filters.limit,
        }),
      );
    } catch (error) {
      req.log.error({ err: error }, 'change history cannot be read');
      throw historyUnavailable(
        'SDS Profiles cannot read its change history right now (its database is unreachable). Profiles can still be viewed; try again in a few seconds.',
        error,
      );
    }
    const { records, more } = page;
    const body: HistoryPage = {
      entries: records.map(toEntry),
      nextCursor: more && records.length > 0 ? encodeCursor(records[records.length - 1]!.id) : null,
    };
    res.json(body);
  };
}

export const listHistoryRoute = (history: History) => historyRoute(history, 'tenant');
export const listProfileHistoryRoute = (history: History) => historyRoute(history, 'profile');
