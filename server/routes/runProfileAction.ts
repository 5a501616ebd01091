import type { RequestHandler } from 'express';
import { actionResultSchema, type ActionResult, type ProfileAction } from '../../contracts/api';
import { providerKindOf } from '../../contracts/graph';
import { HttpError } from '../errors';
import type { GraphApi } from '../graph/client';
import type { GraphSessions } from '../graph/forRequest';
import { getProfile } from '../graph/getProfile';
import { pauseProfile } from '../graph/pauseProfile';
import { resetProfile } from '../graph/resetProfile';
import { resumeProfile } from '../graph/resumeProfile';
import { startProfile } from '../graph/startProfile';
import { toVerificationMessage } from '../profileViews';
import { profileIdOf } from './params';

async function start(graph: GraphApi, id: string): Promise<ActionResult> {
  // Graph only starts CSV profiles; saying so beats relaying a generic 400.
  const profile = await getProfile(graph, id);
  if (providerKindOf(profile.dataProvider) !== 'csv') {
    throw new HttpError(
      409,
      'not_supported',
      'Only CSV profiles are started by hand; PowerSchool and OneRoster profiles sync on their own schedule.',
    );
  }
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

/** POST /api/profiles/:id/{pause|resume|reset|start}. */
export function runProfileActionRoute(sessions: GraphSessions, action: ProfileAction): RequestHandler {
  return async (req, res) => {
    const id = profileIdOf(req);
    const graph = await sessions.forRequest(req);
    let result: ActionResult;
    if (action === 'start') {
      result = await start(graph, id);
    } else {
      await simple[action](graph, id);
      result = { action, started: true, verificationMessages: [] };
    }
    res.json(actionResultSchema.parse(result));
  };
}
