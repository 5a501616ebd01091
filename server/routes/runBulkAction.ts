import type { RequestHandler } from 'express';
import {
  bulkActionRequestSchema,
  bulkActionResultSchema,
  fieldProblems,
  type BulkAction,
  type BulkActionResult,
} from '../../contracts/api';
import { providerKindOf, verificationMessageSchema, type GraphProfile } from '../../contracts/graph';
import { authOf } from '../auth/requireAuth';
import { HttpError, validationFailed } from '../errors';
import { batchRequests, subRequestError, type SubResponse } from '../graph/batchRequests';
import { graphProblem } from '../graph/errors';
import type { GraphSessions } from '../graph/forRequest';
import { readGraphProfile } from '../graph/getProfile';
import { profilePath } from '../graph/paths';
import type { OpenRecord, RecordChange } from '../history/recordChange';
import type { ProfileLock } from '../profileLock';
import { toProfile, toVerificationMessage } from '../profileViews';
import type { Lease } from '../sharedState/types';
import { z } from 'zod';

type Result = BulkActionResult['results'][number];
type Refusal = { code: string; detail: string };

function refusalOf(error: unknown): Refusal {
  const problem = graphProblem(error, 'write');
  if (problem instanceof HttpError) return { code: problem.code, detail: problem.message };
  return { code: 'internal_error', detail: 'Something went wrong on our side; nothing was asked of Graph.' };
}

function subRefusal(sub: SubResponse): Refusal {
  return refusalOf(subRequestError(sub));
}

/**
 * Every lock of `ids` held at once (each as a single action holds it, docs/decisions/015): the
 * leases for those that were had, the reason for those that were not, and `release`.
 */
async function holdLocks(lock: ProfileLock, tenantId: string, ids: readonly string[]) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const leases = new Map<string, Lease>();
  const refused = new Map<string, Refusal>();
  const tasks: Promise<unknown>[] = [];
  await Promise.all(
    ids.map(
      (id) =>
        new Promise<void>((acquired) => {
          tasks.push(
            lock(tenantId, id, async (lease) => {
              leases.set(id, lease);
              acquired();
              await released;
            }).catch((error: unknown) => {
              if (!leases.has(id)) refused.set(id, refusalOf(error));
              acquired();
            }),
          );
        }),
    ),
  );
  return {
    leases,
    refused,
    release: async () => {
      release();
      await Promise.allSettled(tasks);
    },
  };
}

const startAnswerSchema = z.object({ value: z.array(verificationMessageSchema) });

/**
 * POST /api/profiles/bulk/{pause|resume|start} with `{ profileIds }`: the profiles read in one
 * Graph $batch, each one's lock taken and its change recorded (as a single action does), then the
 * actions in one $batch. Every profile gets its own outcome; some refused is normal and is said.
 */
export function runBulkActionRoute(
  sessions: GraphSessions,
  lock: ProfileLock,
  recordChange: RecordChange,
  action: BulkAction,
): RequestHandler {
  return async (req, res) => {
    const body = bulkActionRequestSchema.safeParse(req.body);
    if (!body.success) {
      throw validationFailed(
        'The body must be { "profileIds": [ … ] } with 1 to 50 different profile ids.',
        fieldProblems(body.error),
      );
    }
    const ids = body.data.profileIds.map((id) => id.toLowerCase());
    const graph = await sessions.forRequest(req);
    const results = new Map<string, Result>();
    const refuse = (id: string, name: string | null, refusal: Refusal) =>
      results.set(id, { profileId: id, profileName: name, outcome: 'refused', ...refusal });

    // 1. Read every profile: its name for the history and the answer, its provider for start.
    const reads = await batchRequests(
      graph,
      ids.map((id) => ({ method: 'GET', url: profilePath(id) })),
    );
    const profiles = new Map<string, GraphProfile>();
    for (const [i, id] of ids.entries()) {
      const sub = reads[i]!;
      if (sub.status >= 300) {
        refuse(id, null, subRefusal(sub));
        continue;
      }
      try {
        const profile = readGraphProfile(sub.body);
        if (action === 'start' && providerKindOf(profile.dataProvider) !== 'csv') {
          refuse(id, profile.displayName ?? null, {
            code: 'not_supported',
            detail:
              'Only CSV profiles are started by hand; PowerSchool and OneRoster profiles sync on their own schedule.',
          });
          continue;
        }
        profiles.set(id, profile);
      } catch (error) {
        refuse(id, null, refusalOf(error));
      }
    }

    // 2. Each profile's lock, then its history record, before Graph is asked to change anything.
    const held = await holdLocks(lock, authOf(req).tenantId, [...profiles.keys()]);
    try {
      const records = new Map<string, OpenRecord>();
      for (const [id, profile] of profiles) {
        const name = profile.displayName ?? null;
        const notHeld = held.refused.get(id);
        if (notHeld) {
          refuse(id, name, notHeld);
          continue;
        }
        try {
          const before = toProfile(profile);
          records.set(
            id,
            await recordChange(req, {
              operation: action,
              profileId: id,
              profileName: before.displayName,
              before,
            }),
          );
          await held.leases.get(id)!.confirm();
        } catch (error) {
          await records.get(id)?.failed(error);
          records.delete(id);
          refuse(id, name, refusalOf(error));
        }
      }

      // 3. The actions, in one $batch.
      const running = [...records.keys()];
      const answers = await batchRequests(
        graph,
        running.map((id) => ({ method: 'POST', url: `${profilePath(id)}/${action}` })),
      );
      for (const [i, id] of running.entries()) {
        const sub = answers[i]!;
        const name = profiles.get(id)!.displayName ?? null;
        const record = records.get(id)!;
        const messagesAnswer =
          action === 'start' && (sub.status < 300 || sub.status === 400)
            ? startAnswerSchema.safeParse(sub.body ?? { value: [] })
            : undefined;
        if (messagesAnswer?.success) {
          const messages = messagesAnswer.data.value.map(toVerificationMessage);
          const started = sub.status < 300 && !messages.some((m) => m.type === 'error');
          await record.succeeded({
            httpStatus: 200,
            refused: !started,
            detail: started
              ? undefined
              : `Graph did not start the sync: ${messages.length} verification message(s).`,
          });
          results.set(id, {
            profileId: id,
            profileName: name,
            outcome: started ? 'done' : 'refused',
            ...(started
              ? {}
              : {
                  code: 'verification_failed',
                  detail: 'The uploaded files have errors, so the sync did not start.',
                }),
            verificationMessages: messages,
          });
        } else if (sub.status < 300) {
          await record.succeeded({ httpStatus: 200 });
          results.set(id, { profileId: id, profileName: name, outcome: 'done' });
        } else {
          const error = graphProblem(subRequestError(sub), 'write');
          await record.failed(error);
          refuse(id, name, refusalOf(error));
        }
      }
    } finally {
      await held.release();
    }

    res.json(bulkActionResultSchema.parse({ action, results: ids.map((id) => results.get(id)!) }));
  };
}
