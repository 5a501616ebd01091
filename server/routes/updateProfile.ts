import type { RequestHandler } from 'express';
import {
  fieldProblems,
  profileDetailSchema,
  profileUpdateSchema,
  type ProfileUpdate,
} from '../../contracts/api';
import {
  canonicalODataType,
  normalizeODataTypes,
  profileWriteSchema,
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
 * The body Graph receives: the tab's edits, with the data provider's connection details (and the
 * secrets Graph never shows us) left exactly as they are. Only customizations change there.
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
      customizations: update.dataProvider.customizations,
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
    const parsed = profileUpdateSchema.safeParse(normalizeODataTypes(req.body));
    if (!parsed.success) {
      throw validationFailed('The profile is not valid; see fields.', fieldProblems(parsed.error));
    }

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
        after: { ...before, ...parsed.data },
        changes: diffProfiles(toUpdate(before), parsed.data),
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
        const body = profileWriteSchema.safeParse(mergeUpdate(current, parsed.data));
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
