/**
 * The editor's state: the version being edited (base + ETag), the admin's draft, validation
 * with the server's schema, the local draft copy, review, save, and the 412 "someone else
 * changed it" path with a rebase of the admin's changes onto the newer version.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Profile, ProfileDetail, ProfileUpdate } from '../../contracts/api';
import { toApiError, type ApiError } from '../api/apiError';
import { currentFromConflict, getProfile, updateProfile } from '../profile/profileApi';
import { useAppServices } from '../app/appServices';
import { useLeaveGuard } from '../app/LeaveGuard';
import type { StoredDraft } from './draftStore';
import {
  identityKindOf,
  matchingOptionsOf,
  toUpdate,
  userDomainsOf,
  withMatchingOptions,
  withUserDomains,
  type IdentityKind,
  type MatchingOption,
  type UserDomain,
} from '../../contracts/profileModel';
import { fromFieldProblems, mergeErrors, validateUpdate } from './fieldErrors';
import {
  diffProfiles,
  rebaseProfile,
  type ProfileChange,
  type RebaseResult,
} from '../../contracts/profileChanges';

export type EditorProps = {
  profile: Profile;
  etag: string;
  tenantId: string;
  /** Why this user may not edit (readers), or null. */
  readOnlyReason: string | null;
  /** A save was accepted (202): the page follows provisioning. */
  onSaved: (saved: ProfileDetail | null) => void;
  /** The editor learned of a newer version (after a conflict): the page shows it too. */
  onNewerVersion?: (detail: ProfileDetail) => void;
};

type Version = { update: ProfileUpdate; etag: string };

export type SaveState =
  { phase: 'idle' } | { phase: 'saving' } | { phase: 'saved' } | { phase: 'error'; error: ApiError };

export type Conflict = {
  /** The version my edits were made on. */
  base: ProfileUpdate;
  mine: ProfileUpdate;
  theirs: Version;
  theirChanges: ProfileChange[];
  myChanges: ProfileChange[];
  /** Settings both admins changed differently (reapplying uses mine). */
  overlaps: ProfileChange[];
  /** True when the conflict came from restoring an old local draft, not from a 412. */
  fromDraft: boolean;
};

export function useProfileEditor({
  profile,
  etag,
  tenantId,
  readOnlyReason,
  onSaved,
  onNewerVersion,
}: EditorProps) {
  const { api, drafts } = useAppServices();
  const { setDirty } = useLeaveGuard();
  const profileId = profile.id;
  const readOnly = readOnlyReason !== null;

  const [base, setBase] = useState<Version>(() => ({ update: toUpdate(profile), etag }));
  const [draft, setDraft] = useState<ProfileUpdate>(() => toUpdate(profile));
  const [offer, setOffer] = useState<StoredDraft | null>(() => {
    const found = readOnly ? null : drafts.load(tenantId, profileId);
    return found && diffProfiles(found.base, found.draft).length > 0 ? found : null;
  });
  const [save, setSave] = useState<SaveState>({ phase: 'idle' });
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [reviewOpen, setReviewOpen] = useState(false);
  const [rebaseNote, setRebaseNote] = useState<Pick<RebaseResult, 'overlaps' | 'dropped'> | null>(null);
  const [serverErrors, setServerErrors] = useState<ReadonlyMap<string, string>>(new Map());
  const [kept, setKept] = useState<'kept' | 'notKept' | 'none'>('none');
  // Rows of the identity method not currently chosen, so switching back and forth loses nothing.
  const stash = useRef<{ creation: UserDomain[]; matching: MatchingOption[] }>({
    creation: userDomainsOf(toUpdate(profile)),
    matching: matchingOptionsOf(toUpdate(profile)),
  });

  const changes = useMemo(() => diffProfiles(base.update, draft), [base.update, draft]);
  const dirty = changes.length > 0;
  const errors = useMemo(() => mergeErrors(serverErrors, validateUpdate(draft)), [serverErrors, draft]);

  // A newer version from the page (polling, another tab) replaces an untouched form.
  useEffect(() => {
    if (etag === base.etag || dirty || save.phase === 'saving') return;
    const next = toUpdate(profile);
    setBase({ update: next, etag });
    setDraft(next);
  }, [profile, etag, base.etag, dirty, save.phase]);

  useEffect(() => {
    setDirty(dirty && !readOnly);
  }, [dirty, readOnly, setDirty]);
  useEffect(() => () => setDirty(false), [setDirty]);

  // The local copy follows the draft; a found draft is left alone until the admin decides.
  useEffect(() => {
    if (offer || readOnly) return;
    if (dirty) {
      const ok = drafts.save({ tenantId, profileId, baseEtag: base.etag, base: base.update, draft });
      setKept(ok ? 'kept' : 'notKept');
    } else {
      drafts.remove(tenantId, profileId);
      setKept('none');
    }
  }, [offer, readOnly, dirty, drafts, tenantId, profileId, base, draft]);

  const edit = useCallback((change: (u: ProfileUpdate) => ProfileUpdate) => {
    setDraft((current) => change(current));
    setServerErrors(new Map());
    setSave((current) => (current.phase === 'saving' ? current : { phase: 'idle' }));
  }, []);

  const setIdentityKind = useCallback(
    (kind: IdentityKind) =>
      edit((current) => {
        if (identityKindOf(current) === kind) return current;
        if (kind === 'matching') {
          stash.current.creation = userDomainsOf(current);
          return withMatchingOptions(current, stash.current.matching);
        }
        stash.current.matching = matchingOptionsOf(current);
        return withUserDomains(current, stash.current.creation);
      }),
    [edit],
  );

  const startConflict = useCallback(
    (theirs: Version, mine: ProfileUpdate, mineBase: ProfileUpdate, fromDraft: boolean) => {
      setConflict({
        base: mineBase,
        mine,
        theirs,
        theirChanges: diffProfiles(mineBase, theirs.update),
        myChanges: diffProfiles(mineBase, mine),
        overlaps: rebaseProfile(mineBase, mine, theirs.update).overlaps,
        fromDraft,
      });
    },
    [],
  );

  const restoreDraft = useCallback(() => {
    if (!offer) return;
    setOffer(null);
    if (offer.baseEtag === base.etag) {
      setDraft(offer.draft);
      return;
    }
    // The draft was made on an older version: show what changed since and offer to reapply.
    startConflict(base, offer.draft, offer.base, true);
  }, [offer, base, startConflict]);

  const discardDraftOffer = useCallback(() => {
    drafts.remove(tenantId, profileId);
    setOffer(null);
  }, [drafts, tenantId, profileId]);

  const discardChanges = useCallback(() => {
    setDraft(base.update);
    setServerErrors(new Map());
    setSave({ phase: 'idle' });
    drafts.remove(tenantId, profileId);
  }, [base.update, drafts, tenantId, profileId]);

  const reapply = useCallback(() => {
    if (!conflict) return;
    const result = rebaseProfile(conflict.base, conflict.mine, conflict.theirs.update);
    setBase(conflict.theirs);
    setDraft(result.rebased);
    setRebaseNote({ overlaps: result.overlaps, dropped: result.dropped });
    setConflict(null);
    setReviewOpen(true);
  }, [conflict]);

  const keepTheirs = useCallback(() => {
    if (!conflict) return;
    setBase(conflict.theirs);
    setDraft(conflict.theirs.update);
    setConflict(null);
    setRebaseNote(null);
    drafts.remove(tenantId, profileId);
  }, [conflict, drafts, tenantId, profileId]);

  const submit = useCallback(async () => {
    if (readOnly || !dirty || errors.size > 0) return;
    setSave({ phase: 'saving' });
    const sent = draft;
    try {
      const saved = await updateProfile(api, profileId, sent, base.etag);
      drafts.remove(tenantId, profileId);
      const next: Version = saved
        ? { update: toUpdate(saved.profile), etag: saved.etag }
        : { update: sent, etag: base.etag };
      setBase(next);
      setDraft(next.update);
      setRebaseNote(null);
      setReviewOpen(false);
      setSave({ phase: 'saved' });
      onSaved(saved);
    } catch (caught) {
      const error = toApiError(caught);
      setReviewOpen(false);
      if (error.code === 'precondition_failed') {
        setSave({ phase: 'idle' });
        let current = currentFromConflict(error.problem?.current);
        if (!current) {
          try {
            current = await getProfile(api, profileId);
          } catch (refetchError) {
            setSave({ phase: 'error', error: toApiError(refetchError) });
            return;
          }
        }
        onNewerVersion?.(current);
        startConflict({ update: toUpdate(current.profile), etag: current.etag }, sent, base.update, false);
        return;
      }
      if (error.code === 'validation_failed' && error.problem?.fields) {
        setServerErrors(fromFieldProblems(error.problem.fields));
      }
      setSave({ phase: 'error', error });
    }
  }, [
    readOnly,
    dirty,
    errors.size,
    draft,
    api,
    profileId,
    base,
    drafts,
    tenantId,
    onSaved,
    onNewerVersion,
    startConflict,
  ]);

  return {
    base,
    draft,
    edit,
    setIdentityKind,
    changes,
    dirty,
    errors,
    readOnly,
    offer,
    restoreDraft,
    discardDraftOffer,
    discardChanges,
    kept,
    save,
    submit,
    reviewOpen,
    openReview: () => setReviewOpen(true),
    closeReview: () => setReviewOpen(false),
    rebaseNote,
    conflict,
    reapply,
    keepTheirs,
    closeConflict: () => setConflict(null),
  };
}
