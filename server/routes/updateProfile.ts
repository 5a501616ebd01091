import type { RequestHandler } from 'express';
import {
  checkProfileUpdate,
  fieldProblems,
  profileDetailSchema,
  type Profile,
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
import { diffProfiles } from '../../contracts/profileChanges';
import { toUpdate } from '../../contracts/profileModel';
import type { ProfileLock } from '../profileLock';
import { toProfile, toProfileDetail } from '../profileViews';
import type { RecordChange } from '../history/recordChange';
import type { Reconcile } from '../history/reconcile';
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
 * The version a save asks for, as the history records it until Graph answers: the edits on the
 * current profile, whose connection details (without secrets) stay as they are — whatever the
 * body sent there, a secret included, never reaches the record.
 */
function askedFor(before: Profile, update: ProfileUpdate): Profile {
  return {
    ...before,
    ...update,
    dataProvider: {
      ...before.dataProvider,
      customizations: update.dataProvider.customizations,
    } as Profile['dataProvider'],
  };
}

/**
 * PUT /api/profiles/:id with If-Match: no lost updates between admins. The current profile is
 * re-read and compared with the editor's ETag; saves of one profile run one at a time, across
 * every instance, and the lock is confirmed right before the PUT.
 */
export function updateProfileRoute(
  sessions: GraphSessions,
  lock: ProfileLock,
  recordChange: RecordChange,
  reconcile: Reconcile,
): RequestHandler {
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
      const before = toProfile(current);
      const currentDetail = toProfileDetail(current);
      // Holding the lock, no other save of this profile is in flight: any pending record is stale.
      await reconcile(req, id, before, 'now');
      const record = await recordChange(req, {
        operation: 'save',
        profileId: id,
        profileName: before.displayName,
        before,
        after: askedFor(before, parsed.update),
        changes: diffProfiles(toUpdate(before), parsed.update),
      });
      let accepted = false;
      try {
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
        const written = await updateProfile(graph, id, body.data);
        accepted = true;
        const result = written ?? (await getProfile(graph, id, 'write'));
        await record.succeeded({ httpStatus: 202, after: toProfile(result) });
        return result;
      } catch (error) {
        // Graph took the PUT even if reading the result back failed: the record says so.
        await (accepted ? record.succeeded({ httpStatus: 202 }) : record.failed(error));
        throw error;
      }
    });

    const detail = profileDetailSchema.parse(toProfileDetail(saved));
    res.status(202).setHeader('ETag', profileEtag(detail.profile));
    res.json(detail);
  };
}
