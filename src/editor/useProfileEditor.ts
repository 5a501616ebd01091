/**
 * The editor's hook: the state machine of editorMachine.ts, fed by the query cache, plus what
 * lives outside it — validation with the contracts' write schema, the local draft copy, the
 * unsaved-changes guard and the save mutation.
 */
import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import type { ProfileDetail, ProfileUpdate } from '../../contracts/api';
import { toApiError, type ApiError } from '../api/apiError';
import { useAppServices } from '../services/appServices';
import { useLeaveGuard } from '../services/LeaveGuard';
import { profileQuery, useSaveProfile } from '../services/profileState';
import { pollEvery } from '../services/serverState';
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
import { editorReducer, initialEditorState, type Conflict, type Version } from './editorMachine';
import { fromFieldProblems, mergeErrors, validateUpdate } from './fieldErrors';
import { diffProfiles } from '../../contracts/profileChanges';
import { editorNs } from '../i18n/namespaces/editor';
import { useT } from '../i18n/react';

export type { Conflict } from './editorMachine';

export type EditorProps = {
  /** The server's version of the profile, from the query cache. */
  detail: ProfileDetail;
  tenantId: string;
  /** Why this user may not edit (readers), or null. */
  readOnlyReason: string | null;
  /** A save was accepted (202; the cache holds the new version): the page follows provisioning. */
  onSaved: () => void;
  /** A past version to restore as the draft ("Restore this version"); a new `key` for each request. */
  restore?: { key: number; update: ProfileUpdate } | null;
};

export type SaveState =
  { phase: 'idle' } | { phase: 'saving' } | { phase: 'saved' } | { phase: 'error'; error: ApiError };

function versionOf(detail: ProfileDetail): Version {
  return { update: toUpdate(detail.profile), etag: detail.etag };
}

export function useProfileEditor({ detail, tenantId, readOnlyReason, onSaved, restore }: EditorProps) {
  const { api, drafts } = useAppServices();
  const { setDirty } = useLeaveGuard();
  const profileId = detail.profile.id;
  const readOnly = readOnlyReason !== null;
  const save = useSaveProfile(api, profileId);

  const [state, dispatch] = useReducer(editorReducer, null, () =>
    initialEditorState(versionOf(detail), readOnly ? null : drafts.load(tenantId, profileId)),
  );
  // A new server version in the cache is an event for the machine, handled during this render
  // (React's "adjusting state when data changes"), not copied into state by an effect.
  if (detail.etag !== state.latest.etag)
    dispatch({ type: 'serverVersionArrived', version: versionOf(detail) });

  // Each restore request is an event once, handled during render like a new server version.
  const [restoredKey, setRestoredKey] = useState<number | null>(null);
  if (restore && !readOnly && restore.key !== restoredKey) {
    setRestoredKey(restore.key);
    dispatch({ type: 'versionRestored', update: restore.update });
  }

  const { base, draft, mode } = state;
  // While the conflict dialog is open, someone may save again: re-read the profile quickly, so
  // the dialog shows their newest version (it updates through serverVersionArrived) and
  // reapplying rebases onto it.
  useQuery({
    ...profileQuery(api, profileId),
    enabled: mode.kind === 'conflict',
    refetchInterval: (q) => pollEvery({ busy: true, following: true })(q),
  });
  // Rows of the identity method not currently chosen, so switching back and forth loses nothing.
  const stash = useRef<{ creation: UserDomain[]; matching: MatchingOption[] }>({
    creation: userDomainsOf(base.update),
    matching: matchingOptionsOf(base.update),
  });

  const t = useT(editorNs);
  const changes = useMemo(() => diffProfiles(base.update, draft), [base.update, draft]);
  const dirty = changes.length > 0;
  // A profile saved elsewhere (an older tool, Graph directly) can break the write rules as loaded.
  const loadedProblems = useMemo(() => validateUpdate(base.update).size, [base.update]);
  const errors = useMemo(
    () => mergeErrors(state.serverErrors, validateUpdate(draft, t)),
    [state.serverErrors, draft, t],
  );

  useEffect(() => {
    setDirty(dirty && !readOnly);
  }, [dirty, readOnly, setDirty]);
  useEffect(() => () => setDirty(false), [setDirty]);

  // The local copy follows the draft; a found draft is left alone until the admin decides.
  const offering = mode.kind === 'offeringDraft';
  const [kept, setKept] = useState<'kept' | 'notKept' | 'none'>('none');
  useEffect(() => {
    if (offering || readOnly) return;
    if (dirty) {
      const ok = drafts.save({ tenantId, profileId, baseEtag: base.etag, base: base.update, draft });
      setKept(ok ? 'kept' : 'notKept');
    } else {
      drafts.remove(tenantId, profileId);
      setKept('none');
    }
  }, [offering, readOnly, dirty, drafts, tenantId, profileId, base, draft]);

  const edit = useCallback(
    (change: (u: ProfileUpdate) => ProfileUpdate) => dispatch({ type: 'edited', change }),
    [],
  );

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

  const { mutateAsync } = save;
  const submit = useCallback(async () => {
    if (readOnly || !dirty || errors.size > 0 || mode.kind === 'saving') return;
    dispatch({ type: 'saveStarted' });
    try {
      const outcome = await mutateAsync({ update: draft, etag: base.etag });
      if (outcome.kind === 'saved') {
        drafts.remove(tenantId, profileId);
        dispatch({ type: 'saved', version: versionOf(outcome.detail) });
        onSaved();
      } else {
        dispatch({ type: 'conflictDetected', theirs: versionOf(outcome.current) });
      }
    } catch (caught) {
      const error = toApiError(caught);
      const fields = error.code === 'validation_failed' && error.problem?.fields;
      dispatch({ type: 'saveFailed', error, fieldErrors: fields ? fromFieldProblems(fields, t) : undefined });
    }
  }, [
    readOnly,
    dirty,
    errors.size,
    mode.kind,
    t,
    mutateAsync,
    draft,
    base.etag,
    drafts,
    tenantId,
    profileId,
    onSaved,
  ]);

  const saveState: SaveState =
    mode.kind === 'saving'
      ? { phase: 'saving' }
      : state.notice.kind === 'saved'
        ? { phase: 'saved' }
        : state.notice.kind === 'failed'
          ? { phase: 'error', error: toApiError(state.notice.error) }
          : { phase: 'idle' };
  const conflict: Conflict | null = mode.kind === 'conflict' ? mode.conflict : null;

  return {
    mode,
    base,
    draft,
    edit,
    setIdentityKind,
    changes,
    dirty,
    errors,
    loadedProblems,
    readOnly,
    offer: mode.kind === 'offeringDraft' ? mode.stored : null,
    restoreDraft: () => dispatch({ type: 'draftRestored' }),
    discardDraftOffer: () => {
      drafts.remove(tenantId, profileId);
      dispatch({ type: 'draftOfferDeclined' });
    },
    discardChanges: () => {
      drafts.remove(tenantId, profileId);
      dispatch({ type: 'discarded' });
    },
    kept,
    save: saveState,
    submit,
    reviewOpen: mode.kind === 'reviewing' || mode.kind === 'saving',
    openReview: () => dispatch({ type: 'reviewOpened' }),
    closeReview: () => dispatch({ type: 'reviewClosed' }),
    rebaseNote: state.rebaseNote,
    conflict,
    reapply: () => dispatch({ type: 'reappliedMine' }),
    keepTheirs: () => {
      drafts.remove(tenantId, profileId);
      dispatch({ type: 'keptTheirs' });
    },
    closeConflict: () => dispatch({ type: 'conflictClosed' }),
  };
}
