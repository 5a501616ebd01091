/**
 * Graph's SDS model (contracts/graph.ts, lenient) turned into what the tab reads (contracts/api.ts):
 * secrets removed, missing members given their documented meaning.
 */
import {
  withoutSecrets,
  type Profile,
  type ProfileDetail,
  type ProfileStatus,
  type SyncError,
  type VerificationMessageView,
} from '../contracts/api';
import type {
  GraphProfile,
  GraphProfileStatus,
  GraphSyncError,
  VerificationMessage,
} from '../contracts/graph';
import { profileEtag } from './etag';

export function toProfile(graphProfile: GraphProfile): Profile {
  const { state, ...rest } = withoutSecrets(graphProfile);
  return { ...rest, state: state ?? 'unknownFutureValue' };
}

export function toProfileDetail(graphProfile: GraphProfile): ProfileDetail {
  const profile = toProfile(graphProfile);
  return { profile, etag: profileEtag(profile) };
}

export function toProfileStatus(status: GraphProfileStatus): ProfileStatus {
  return {
    id: status.id,
    status: status.status ?? 'unknownFutureValue',
    statusMessage: status.statusMessage ?? '',
    errorCount: status.errorCount ?? 0,
    lastSynchronizationDateTime: status.lastSynchronizationDateTime ?? null,
    lastActivityDateTime: status.lastActivityDateTime ?? null,
  };
}

export function toSyncError(error: GraphSyncError): SyncError {
  return {
    id: error.id,
    entryType: error.entryType ?? '',
    errorCode: error.errorCode ?? '',
    errorMessage: error.errorMessage ?? '',
    joiningValue: error.joiningValue ?? null,
    reportableIdentifier: error.reportableIdentifier ?? null,
    recordedDateTime: error.recordedDateTime ?? null,
  };
}

const messageTypes = ['error', 'warning', 'information'] as const;

/** Graph's examples write `Error`/`Warning` while its reference says `error`/`warning` (graph-sds-api.md §2.9). */
export function toVerificationMessage(message: VerificationMessage): VerificationMessageView {
  const type = (message.type ?? '').toLowerCase();
  return {
    type: (messageTypes as readonly string[]).includes(type)
      ? (type as VerificationMessageView['type'])
      : 'information',
    fileName: message.fileName ?? '',
    description: message.description ?? '',
  };
}
