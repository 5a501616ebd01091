/**
 * The editor as a state machine: the version being edited (`base`, with its ETag), the admin's
 * `draft`, and one `mode`. Every change is an event; the reducer is pure, so each transition is
 * testable on its own (tests/unit/tab-editor-machine.test.ts).
 *
 * Where versions come from: the query cache holds the server's version of the profile, and the
 * editor hears of every new one as `serverVersionArrived` — after polling, after its own save (the
 * 202 answer) and after a refused save (the 412's `current`). What it does with it depends on the
 * mode: an untouched form moves to it; a form with unsaved edits keeps its base, so the save that
 * follows meets the 412 and the admin decides; an open conflict dialog updates to show it.
 */
import type { ProfileUpdate } from '../../contracts/api';
import type { StoredDraft } from '../services/draftStore';
import {
  diffProfiles,
  rebaseProfile,
  type ProfileChange,
  type RebaseResult,
} from '../../contracts/profileChanges';

export type Version = { update: ProfileUpdate; etag: string };

/** What both admins did, for the conflict dialog. */
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

export type EditorMode =
  | { kind: 'editing' }
  | { kind: 'reviewing' }
  | { kind: 'saving'; sent: ProfileUpdate }
  | { kind: 'conflict'; conflict: Conflict }
  | { kind: 'offeringDraft'; stored: StoredDraft };

/** What the last save told the admin (shown until the next edit). */
export type SaveNotice = { kind: 'none' } | { kind: 'saved' } | { kind: 'failed'; error: unknown };

export type EditorState = {
  base: Version;
  draft: ProfileUpdate;
  mode: EditorMode;
  /** The newest server version the editor has heard of (the base, unless edits hold an older one). */
  latest: Version;
  notice: SaveNotice;
  /** Field errors the server reported for the last save (until the next edit). */
  serverErrors: ReadonlyMap<string, string>;
  /** After reapplying: what overlapped and what could not be reapplied. */
  rebaseNote: Pick<RebaseResult, 'overlaps' | 'dropped'> | null;
};

export type EditorEvent =
  | { type: 'serverVersionArrived'; version: Version }
  | { type: 'edited'; change: (draft: ProfileUpdate) => ProfileUpdate }
  | { type: 'reviewOpened' }
  | { type: 'reviewClosed' }
  | { type: 'saveStarted' }
  | { type: 'saved'; version: Version }
  | { type: 'saveFailed'; error: unknown; fieldErrors?: ReadonlyMap<string, string> }
  | { type: 'conflictDetected'; theirs: Version }
  | { type: 'conflictClosed' }
  | { type: 'keptTheirs' }
  | { type: 'reappliedMine' }
  | { type: 'draftRestored' }
  /** "Restore this version" in the History section: that version becomes the draft, under review. */
  | { type: 'versionRestored'; update: ProfileUpdate }
  | { type: 'draftOfferDeclined' }
  | { type: 'discarded' };

const noErrors: ReadonlyMap<string, string> = new Map();

export function initialEditorState(version: Version, stored: StoredDraft | null): EditorState {
  const offer = stored && diffProfiles(stored.base, stored.draft).length > 0 ? stored : null;
  return {
    base: version,
    draft: version.update,
    mode: offer ? { kind: 'offeringDraft', stored: offer } : { kind: 'editing' },
    latest: version,
    notice: { kind: 'none' },
    serverErrors: noErrors,
    rebaseNote: null,
  };
}

export function isDirty(state: EditorState): boolean {
  return diffProfiles(state.base.update, state.draft).length > 0;
}

export function conflictOf(
  base: ProfileUpdate,
  mine: ProfileUpdate,
  theirs: Version,
  fromDraft: boolean,
): Conflict {
  return {
    base,
    mine,
    theirs,
    theirChanges: diffProfiles(base, theirs.update),
    myChanges: diffProfiles(base, mine),
    overlaps: rebaseProfile(base, mine, theirs.update).overlaps,
    fromDraft,
  };
}

/** The editor's reducer. Events that make no sense in the current mode leave the state as it is. */
export function editorReducer(state: EditorState, event: EditorEvent): EditorState {
  const { mode } = state;
  switch (event.type) {
    case 'serverVersionArrived': {
      const { version } = event;
      if (version.etag === state.latest.etag) return state;
      const seen = { ...state, latest: version };
      if (version.etag === state.base.etag) return seen;
      switch (mode.kind) {
        // The save's own answer decides (it is `saved` or `conflictDetected`).
        case 'saving':
          return seen;
        // Someone saved again while the dialog is open: it shows their newest version.
        case 'conflict':
          return {
            ...seen,
            mode: {
              kind: 'conflict',
              conflict: conflictOf(mode.conflict.base, mode.conflict.mine, version, mode.conflict.fromDraft),
            },
          };
        default:
          // Unsaved edits keep their base: saving them meets the 412 and the conflict dialog.
          if (isDirty(state)) return seen;
          return { ...seen, base: version, draft: version.update };
      }
    }
    case 'edited':
      if (mode.kind === 'saving' || mode.kind === 'conflict') return state;
      return {
        ...state,
        draft: event.change(state.draft),
        notice: { kind: 'none' },
        serverErrors: noErrors,
      };
    case 'reviewOpened':
      return mode.kind === 'editing' || mode.kind === 'reviewing'
        ? { ...state, mode: { kind: 'reviewing' } }
        : state;
    case 'reviewClosed':
      return mode.kind === 'reviewing' ? { ...state, mode: { kind: 'editing' } } : state;
    case 'saveStarted':
      if (mode.kind !== 'reviewing' && mode.kind !== 'editing') return state;
      return { ...state, mode: { kind: 'saving', sent: state.draft }, notice: { kind: 'none' } };
    case 'saved': {
      if (mode.kind !== 'saving') return state;
      // Edits made while the save was on its way (none today: the form is disabled) would be
      // kept on top of the saved version.
      const edited = diffProfiles(mode.sent, state.draft).length > 0;
      return {
        ...state,
        base: event.version,
        draft: edited
          ? rebaseProfile(mode.sent, state.draft, event.version.update).rebased
          : event.version.update,
        latest: event.version,
        mode: { kind: 'editing' },
        notice: { kind: 'saved' },
        serverErrors: noErrors,
        rebaseNote: null,
      };
    }
    case 'saveFailed':
      if (mode.kind !== 'saving') return state;
      return {
        ...state,
        mode: { kind: 'editing' },
        notice: { kind: 'failed', error: event.error },
        serverErrors: event.fieldErrors ?? noErrors,
      };
    case 'conflictDetected': {
      if (mode.kind !== 'saving') return state;
      return {
        ...state,
        latest: event.theirs,
        mode: { kind: 'conflict', conflict: conflictOf(state.base.update, mode.sent, event.theirs, false) },
      };
    }
    case 'conflictClosed':
      // The edits stay, on their old base: the next save meets the conflict again.
      return mode.kind === 'conflict' ? { ...state, mode: { kind: 'editing' } } : state;
    case 'keptTheirs': {
      if (mode.kind !== 'conflict') return state;
      const { theirs } = mode.conflict;
      return {
        ...state,
        base: theirs,
        draft: theirs.update,
        mode: { kind: 'editing' },
        rebaseNote: null,
        serverErrors: noErrors,
      };
    }
    case 'reappliedMine': {
      if (mode.kind !== 'conflict') return state;
      const { base, mine, theirs } = mode.conflict;
      const result = rebaseProfile(base, mine, theirs.update);
      return {
        ...state,
        base: theirs,
        draft: result.rebased,
        mode: { kind: 'reviewing' },
        rebaseNote: { overlaps: result.overlaps, dropped: result.dropped },
        serverErrors: noErrors,
      };
    }
    case 'draftRestored': {
      if (mode.kind !== 'offeringDraft') return state;
      const { stored } = mode;
      if (stored.baseEtag === state.base.etag)
        return { ...state, draft: stored.draft, mode: { kind: 'editing' } };
      // The draft was made on an older version: show what changed since and offer to reapply.
      return {
        ...state,
        mode: { kind: 'conflict', conflict: conflictOf(stored.base, stored.draft, state.base, true) },
      };
    }
    case 'versionRestored':
      // Saved like any edit: reviewed, then PUT with the base's If-Match, so conflicts still hold.
      if (mode.kind !== 'editing' && mode.kind !== 'reviewing') return state;
      return {
        ...state,
        draft: event.update,
        mode: { kind: 'reviewing' },
        notice: { kind: 'none' },
        serverErrors: noErrors,
      };
    case 'draftOfferDeclined':
      return mode.kind === 'offeringDraft' ? { ...state, mode: { kind: 'editing' } } : state;
    case 'discarded':
      if (mode.kind === 'saving' || mode.kind === 'conflict') return state;
      // Back to the newest version heard of, not to the (possibly older) one the edits began on.
      return {
        ...state,
        base: state.latest,
        draft: state.latest.update,
        mode: { kind: 'editing' },
        notice: { kind: 'none' },
        serverErrors: noErrors,
        rebaseNote: null,
      };
  }
}
