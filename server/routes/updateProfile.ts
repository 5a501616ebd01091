import type { RequestHandler } from 'express';
import {
  checkProfileUpdate,
  fieldProblems,
  profileDetailSchema,
  type ProfileUpdate,
} from '../../contracts/api';
import {
  canonicalODataType,
  parseKeepingUnknownMembers,
  profileWriteSchema,
  syncEntities,
  unknownMembersNotIn,
  type Customizations,
  type GraphProfile,
  type ProfileWrite,
} from '../../contracts/graph';
import { profileEtag, ifMatchSatisfied } from '../etag';
import { authOf } from '../auth/requireAuth';
import { HttpError, validationFailed } from '../errors';
import type { GraphSessions } from '../graph/forRequest';
import { getProfile } from '../graph/getProfile';
import { updateProfile } from '../graph/updateProfile';
import type { ProfileLock } from '../profileLock';
import { toProfileDetail } from '../profileViews';
import { profileIdOf } from './params';

/**
 * Graph's PUT keeps a customization the body leaves out (the update page's example: the request
 * names only `student`, the answer still has all six), so one the admin removed is sent as null.
 */
function customizationsToSend(
  current: GraphProfile['dataProvider']['customizations'],
  edited: Customizations | null | undefined,
): Customizations | null | undefined {
  const removed = syncEntities.filter((entity) => current?.[entity] && !edited?.[entity]);
  if (removed.length === 0) return edited;
  return { ...edited, ...Object.fromEntries(removed.map((entity) => [entity, null])) };
}

/**
 * The body Graph receives: the tab's edits, with the data provider's connection details (and the
 * secrets Graph never shows us) left exactly as they are. Only customizations change there.
 * Members newer than our model stay as Graph (connection details) or the tab (the rest) sent them.
 */
export function mergeUpdate(current: GraphProfile, update: ProfileUpdate): ProfileWrite {
  const currentType = canonicalODataType(current.dataProvider['@odata.type']);
  const requestedType = canonicalODataType(update.dataProvider['@odata.type']);
  if (currentType !== requestedType) {
    throw validationFailed('The data provider of a profile cannot be changed here.', [
      {
        path: 'dataProvider.@odata.type',
        message: `must stay ${currentType}; create a new profile to use another data provider`,
      },
    ]);
  }
  return {
    displayName: update.displayName,
    dataProvider: {
      ...current.dataProvider,
      customizations: customizationsToSend(
        current.dataProvider.customizations,
        update.dataProvider.customizations,
      ),
    } as ProfileWrite['dataProvider'],
    identitySynchronizationConfiguration: update.identitySynchronizationConfiguration,
    licensesToAssign: update.licensesToAssign,
    handleSpecialCharacterConstraint: update.handleSpecialCharacterConstraint,
    expirationDate: update.expirationDate,
  };
}

/**
 * PUT /api/profiles/:id with If-Match: no lost updates between admins. The current profile is
 * re-read and compared with the editor's ETag; saves of one profile run one at a time, across
 * every instance, and the lock is confirmed right before the PUT.
 */
export function updateProfileRoute(sessions: GraphSessions, lock: ProfileLock): RequestHandler {
  return async (req, res) => {
    const id = profileIdOf(req);
    const ifMatch = req.get('if-match');
    if (!ifMatch) {
      throw new HttpError(
        428,
        'precondition_required',
        'Send the ETag from GET /api/profiles/:id in an If-Match header, so changes made by someone else are not overwritten.',
      );
    }
    if (ifMatch.trim() === '*') {
      throw new HttpError(
        428,
        'precondition_required',
        'If-Match: * would overwrite changes made by someone else; send the ETag from GET /api/profiles/:id.',
      );
    }
    if (
      req.body === undefined ||
      req.body === null ||
      typeof req.body !== 'object' ||
      Array.isArray(req.body)
    ) {
      throw validationFailed('Send the profile as a JSON object with Content-Type: application/json.', [
        { path: '', message: 'must be a JSON object' },
      ]);
    }
    // A GET body sent back is fine (OData 4.01 §11.4.3): its read-only members are ignored, but an
    // id that names another profile is a mistake worth stopping.
    const bodyId: unknown = (req.body as Record<string, unknown>).id;
    if (bodyId !== undefined && (typeof bodyId !== 'string' || bodyId.toLowerCase() !== id.toLowerCase())) {
      throw validationFailed('The id in the body is not the id in the URL.', [
        { path: 'id', message: `must be ${id} (the profile in the URL) or left out` },
      ]);
    }
    const parsed = checkProfileUpdate(req.body as Record<string, unknown>);
    if (!parsed.ok) throw validationFailed('The profile is not valid; see fields.', parsed.fields);

    const graph = await sessions.forRequest(req);
    const saved = await lock(authOf(req).tenantId, id, async (lease) => {
      const current = await getProfile(graph, id, 'write');
      const currentDetail = toProfileDetail(current);
      if (!ifMatchSatisfied(ifMatch, currentDetail.etag)) {
        throw new HttpError(
          412,
          'precondition_failed',
          'Someone else changed this profile after you opened it. Review their version and apply your changes again.',
          { extras: { current: currentDetail } },
        );
      }
      const madeUp = unknownMembersNotIn(parsed.unknownMembers, current);
      if (madeUp.length > 0) {
        throw validationFailed(
          'The profile has members Microsoft Graph does not know; see fields.',
          madeUp.map(({ path, key }) => ({
            path: [...path, key].join('.'),
            message: 'is not a known member: remove it',
          })),
        );
      }
      const body = parseKeepingUnknownMembers(profileWriteSchema, mergeUpdate(current, parsed.update));
      if (!body.success) {
        throw validationFailed(
          'The profile would not be valid once saved; see fields.',
          fieldProblems(body.error),
        );
      }
      await lease.confirm();
      return (await updateProfile(graph, id, body.data)) ?? (await getProfile(graph, id, 'write'));
    });

    const detail = profileDetailSchema.parse(toProfileDetail(saved));
    res.status(202).setHeader('ETag', profileEtag(detail.profile));
    res.json(detail);
  };
}
