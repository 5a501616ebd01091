/**
 * Around every save and action: a pending record before Graph is asked to change anything, and
 * Graph's answer written into it after. When the record cannot be written the change is refused
 * (503, Retry-After): a change made unrecorded would be a hole in the history admins rely on.
 */
import type { Request } from 'express';
import type { Profile } from '../../contracts/api';
import { authOf } from '../auth/requireAuth';
import { HttpError, historyUnavailable } from '../errors';
import { LeaseLost, SharedStateUnavailable } from '../sharedState/types';
import type { History } from '.';
import type { BeginRecord, CompleteRecord } from './store';

export type OpenRecord = {
  /** Graph answered with success; `refused` when that answer says nothing happened (start's verification). */
  succeeded(result: {
    httpStatus: number;
    after?: Profile | null;
    detail?: string;
    refused?: boolean;
  }): Promise<void>;
  /** A change refused by Graph (or by our own checks once the record was open). */
  failed(error: unknown): Promise<void>;
};

export type RecordChange = (
  req: Request,
  record: Omit<BeginRecord, 'tenantId' | 'actor' | 'requestId'>,
) => Promise<OpenRecord>;

export function createChangeRecorder(history: History): RecordChange {
  return async (req, record) => {
    const auth = authOf(req);
    let id: string;
    try {
      id = await history.use((store) =>
        store.begin({
          ...record,
          tenantId: auth.tenantId,
          actor: {
            objectId: auth.objectId,
            displayName: auth.displayName,
            userPrincipalName: auth.userPrincipalName,
          },
          requestId: req.requestId,
        }),
      );
    } catch (error) {
      req.log.error({ err: error }, 'change history cannot be written: refusing the change');
      throw historyUnavailable(
        'SDS Profiles cannot write its change history (its database is unreachable), and it records every change before making it. Nothing was changed; try again in a few seconds.',
        error,
      );
    }

    const complete = async (result: CompleteRecord) => {
      try {
        await history.use((store) => store.complete(id, result));
      } catch (error) {
        // The change itself went through (or was refused) at Graph: answer as Graph did. The
        // record stays pending and is settled from Graph on the profile's next read.
        req.log.error({ err: error, historyRecord: id }, 'could not complete a change-history record');
      }
    };
    return {
      succeeded: ({ httpStatus, after, detail, refused }) =>
        complete({ outcome: refused ? 'failed' : 'succeeded', httpStatus, after, detail: detail ?? null }),
      failed: (error) => complete(outcomeOf(error)),
    };
  };
}

function outcomeOf(error: unknown): CompleteRecord {
  if (error instanceof HttpError) {
    return {
      outcome: error.status === 412 ? 'conflict' : 'failed',
      httpStatus: error.status,
      problemCode: error.code,
      detail: error.extras.graph
        ? `${error.extras.graph.code}: ${error.extras.graph.message}`
        : error.message,
      graphRequestId: error.extras.graph?.requestId ?? null,
    };
  }
  if (error instanceof LeaseLost || error instanceof SharedStateUnavailable) {
    return {
      outcome: 'failed',
      httpStatus: 503,
      problemCode: 'shared_state_unavailable',
      detail: 'The save lock was lost before Graph was asked; nothing was changed.',
    };
  }
  return {
    outcome: 'failed',
    httpStatus: 500,
    problemCode: 'internal_error',
    detail: 'Something went wrong on our side before Graph answered.',
  };
}
