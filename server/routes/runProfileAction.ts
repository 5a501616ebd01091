import type { RequestHandler } from 'express';
import { actionResultSchema, type ActionResult, type ProfileAction } from '../../contracts/api';
import { providerKindOf, type GraphProfile } from '../../contracts/graph';
import type { RecordChange } from '../history/recordChange';
import { authOf } from '../auth/requireAuth';
import { HttpError } from '../errors';
import type { GraphApi } from '../graph/client';
import type { GraphSessions } from '../graph/forRequest';
import { getProfile } from '../graph/getProfile';
import { pauseProfile } from '../graph/pauseProfile';
import { resetProfile } from '../graph/resetProfile';
import { resumeProfile } from '../graph/resumeProfile';
import { startProfile } from '../graph/startProfile';
import type { ProfileLock } from '../profileLock';
import { toProfile, toVerificationMessage } from '../profileViews';
import type { Lease } from '../sharedState/types';
import { profileIdOf } from './params';

async function start(
  graph: GraphApi,
  id: string,
  profile: GraphProfile,
  lease: Lease,
): Promise<ActionResult> {
  // Graph only starts CSV profiles; saying so beats relaying a generic 400.
  if (providerKindOf(profile.dataProvider) !== 'csv') {
    throw new HttpError(
      409,
      'not_supported',
      'Only CSV profiles are started by hand; PowerSchool and OneRoster profiles sync on their own schedule.',
    );
  }
  await lease.confirm();
  const result = await startProfile(graph, id);
  return {
    action: 'start',
    started: result.verified,
    verificationMessages: result.messages.map(toVerificationMessage),
  };
}

const simple: Record<Exclude<ProfileAction, 'start'>, (graph: GraphApi, id: string) => Promise<void>> = {
  pause: pauseProfile,
  resume: resumeProfile,
  reset: resetProfile,
};

/**
 * POST /api/profiles/:id/{pause|resume|reset|start}, holding the profile's lock like a save: an
 * action never runs in the middle of someone's save. The profile is read first, for its name in
 * the change history (and, for start, its data provider).
 */
export function runProfileActionRoute(
  sessions: GraphSessions,
  lock: ProfileLock,
  recordChange: RecordChange,
  action: ProfileAction,
): RequestHandler {
  return async (req, res) => {
    const id = profileIdOf(req);
    const graph = await sessions.forRequest(req);
    const result = await lock(authOf(req).tenantId, id, async (lease): Promise<ActionResult> => {
      const profile = await getProfile(graph, id);
      const before = toProfile(profile);
      const record = await recordChange(req, {
        operation: action,
        profileId: id,
        profileName: before.displayName,
        before,
      });
      try {
        let outcome: ActionResult;
        if (action === 'start') {
          outcome = await start(graph, id, profile, lease);
        } else {
          await lease.confirm();
          await simple[action](graph, id);
          outcome = { action, started: true, verificationMessages: [] };
        }
        await record.succeeded({
          httpStatus: 200,
          refused: !outcome.started,
          detail: outcome.started
            ? undefined
            : `Graph did not start the sync: ${outcome.verificationMessages.length} verification message(s).`,
        });
        return outcome;
      } catch (error) {
        await record.failed(error);
        throw error;
      }
    });
    res.json(actionResultSchema.parse(result));
  };
}
