import { once } from 'node:events';
import type { RequestHandler, Response } from 'express';
import { apiRoutes, exportLinkSchema } from '../../contracts/api';
import { requireAuth, authOf } from '../auth/requireAuth';
import type { TokenValidator } from '../auth/types';
import { attachmentDisposition, csvRecord, safeFileNamePart, UTF8_BOM } from '../csv';
import type { DownloadTickets } from '../downloadTickets';
import { HttpError } from '../errors';
import { graphProblem } from '../graph/errors';
import type { GraphSessions } from '../graph/forRequest';
import { getProfile } from '../graph/getProfile';
import { syncErrorPages, type SyncErrorPage } from '../graph/syncErrorPages';
import { profileIdOf } from './params';

export const CSV_HEADER = [
  'Entry type',
  'Error code',
  'Error message',
  'Identifier',
  'Joining value',
  'Recorded (UTC)',
  'Error ID',
] as const;

const purposeOf = (profileId: string) => `errors.csv:${profileId}`;

/** POST /api/profiles/:id/errors/export: a one-time link to the CSV (server/downloadTickets.ts). */
export function createExportLinkRoute(sessions: GraphSessions, tickets: DownloadTickets): RequestHandler {
  return async (req, res) => {
    const id = profileIdOf(req);
    // Read as the caller first: a link is only made for a profile they can see.
    await getProfile(await sessions.forRequest(req), id);
    const { ticket, expiresAt } = await tickets.issue(authOf(req), purposeOf(id));
    res.status(201).json(
      exportLinkSchema.parse({
        url: `${apiRoutes.profileErrorsCsv(id)}?ticket=${encodeURIComponent(ticket)}`,
        expiresAt: expiresAt.toISOString(),
      }),
    );
  };
}

/**
 * Authenticates GET …/errors.csv: `?ticket=` (a browser opened by Teams, no token) or the usual
 * Authorization header (scripts, tests). Never both.
 */
export function ticketOrBearer(
  tickets: DownloadTickets,
  validator: Pick<TokenValidator, 'validate'>,
): RequestHandler {
  const bearer = requireAuth(validator);
  return async (req, res, next) => {
    const ticket = req.query.ticket;
    if (ticket === undefined) return bearer(req, res, next);
    if (typeof ticket !== 'string') {
      throw new HttpError(400, 'validation_failed', 'Give the ticket query parameter once.');
    }
    if (req.get('authorization')) {
      throw new HttpError(
        400,
        'validation_failed',
        'Send either a ticket or an Authorization header, not both.',
      );
    }
    req.auth = await tickets.redeem(ticket, purposeOf(profileIdOf(req)));
    req.log = req.log.child({ tid: req.auth.tenantId, oid: req.auth.objectId });
    next();
  };
}

async function write(res: Response, chunk: string): Promise<void> {
  if (res.write(chunk)) return;
  // A client that went away never drains: 'close' ends the wait too.
  await Promise.race([once(res, 'drain'), once(res, 'close')]);
}

function rowsOf(page: SyncErrorPage): string {
  let chunk = '';
  for (const e of page.errors) {
    chunk += csvRecord([
      e.entryType,
      e.errorCode,
      e.errorMessage,
      e.reportableIdentifier,
      e.joiningValue,
      e.recordedDateTime,
      e.id,
    ]);
  }
  return chunk;
}

/**
 * GET /api/profiles/:id/errors.csv: every error of the profile, all of Graph's pages, streamed a
 * page at a time (memory stays flat however many). Until the first page is read, a failure is an
 * ordinary problem answer; after that the file is already on its way, so a failure ends it with
 * a last line saying it is incomplete, never a silently short file.
 */
export function exportSyncErrorsCsvRoute(sessions: GraphSessions): RequestHandler {
  return async (req, res) => {
    const id = profileIdOf(req);
    const profile = await getProfile(await sessions.forRequest(req), id);
    const pages = syncErrorPages(() => sessions.forRequest(req), id);
    const first = await pages.next();

    const date = new Date().toISOString().slice(0, 10);
    const fileName = `Sync errors - ${safeFileNamePart(profile.displayName ?? '')} - ${date}.csv`;
    res.status(200);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8; header=present');
    res.setHeader('Content-Disposition', attachmentDisposition(fileName));
    await write(res, UTF8_BOM + csvRecord(CSV_HEADER));

    let written = 0;
    let total: number | undefined;
    try {
      if (!first.done) {
        total = first.value.totalCount;
        await write(res, rowsOf(first.value));
        written += first.value.errors.length;
      }
      for await (const page of pages) {
        if (res.destroyed) return;
        await write(res, rowsOf(page));
        written += page.errors.length;
      }
    } catch (error) {
      const problem = graphProblem(error);
      const reason = problem instanceof HttpError ? problem.message : 'an unexpected error on our side';
      req.log.warn({ err: error, written, total }, 'sync error export stopped part way');
      await write(
        res,
        csvRecord([
          `EXPORT INCOMPLETE: only ${written} of ${total ?? 'an unknown number of'} errors are in this file, because reading them from Microsoft Graph failed (${reason}). Export again to get them all.`,
        ]),
      );
    }
    res.end();
  };
}
