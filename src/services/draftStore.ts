/**
 * Unsaved edits live in localStorage until they are saved, keyed by tenant and profile, together
 * with the version they were made on (base and its ETag). A reload, a closed tab or a backend
 * restart loses nothing, and a draft made on an older version can be replayed on the newer one.
 * Storage can be missing or full (Teams mobile web views, private windows): every call degrades
 * to "not kept" instead of throwing.
 */
import type { ProfileUpdate } from '../../contracts/api';

export type StoredDraft = {
  version: 1;
  tenantId: string;
  profileId: string;
  baseEtag: string;
  base: ProfileUpdate;
  draft: ProfileUpdate;
  savedAt: string;
};

export type StorageLike = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export type DraftStore = {
  load: (tenantId: string, profileId: string) => StoredDraft | null;
  /** False when the draft could not be kept (no storage, quota). */
  save: (draft: Omit<StoredDraft, 'version' | 'savedAt'>, now?: Date) => boolean;
  remove: (tenantId: string, profileId: string) => void;
};

const PREFIX = 'sds-profiles.draft';

export function draftKey(tenantId: string, profileId: string): string {
  return `${PREFIX}.${encodeURIComponent(tenantId)}.${encodeURIComponent(profileId)}`;
}

function looksLikeUpdate(value: unknown): value is ProfileUpdate {
  if (!value || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.displayName === 'string' &&
    !!v.dataProvider &&
    typeof v.dataProvider === 'object' &&
    !!v.identitySynchronizationConfiguration &&
    typeof v.identitySynchronizationConfiguration === 'object'
  );
}

/** Drafts may hold invalid values (that is why they are drafts): only the envelope is checked. */
function parseDraft(raw: string | null, tenantId: string, profileId: string): StoredDraft | null {
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as Partial<StoredDraft>;
    if (
      value.version !== 1 ||
      value.tenantId !== tenantId ||
      value.profileId !== profileId ||
      typeof value.baseEtag !== 'string' ||
      typeof value.savedAt !== 'string' ||
      !looksLikeUpdate(value.base) ||
      !looksLikeUpdate(value.draft)
    ) {
      return null;
    }
    return value as StoredDraft;
  } catch {
    return null;
  }
}

export function createDraftStore(storage: StorageLike | null): DraftStore {
  return {
    load(tenantId, profileId) {
      if (!storage) return null;
      try {
        return parseDraft(storage.getItem(draftKey(tenantId, profileId)), tenantId, profileId);
      } catch {
        return null;
      }
    },
    save(draft, now = new Date()) {
      if (!storage) return false;
      const stored: StoredDraft = { version: 1, ...draft, savedAt: now.toISOString() };
      try {
        storage.setItem(draftKey(draft.tenantId, draft.profileId), JSON.stringify(stored));
        return true;
      } catch {
        return false;
      }
    },
    remove(tenantId, profileId) {
      if (!storage) return;
      try {
        storage.removeItem(draftKey(tenantId, profileId));
      } catch {
        // Nothing to clean up if storage is unavailable.
      }
    },
  };
}

/** localStorage when the browser lets this frame use it (third-party frames may not). */
export function browserStorage(): StorageLike | null {
  try {
    const storage = globalThis.localStorage;
    const probe = `${PREFIX}.probe`;
    storage.setItem(probe, '1');
    storage.removeItem(probe);
    return storage;
  } catch {
    return null;
  }
}
