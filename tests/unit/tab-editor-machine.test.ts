import { describe, expect, it } from 'vitest';
import type { ProfileUpdate } from '../../contracts/api';
import { toUpdate } from '../../contracts/profileModel';
import {
  editorReducer,
  initialEditorState,
  isDirty,
  type EditorEvent,
  type EditorState,
  type Version,
} from '../../src/editor/editorMachine';
import type { StoredDraft } from '../../src/services/draftStore';
import { A5, renamed, sampleProfile, studentLicense } from '../support/tab-profiles';

const v1: Version = { update: toUpdate(sampleProfile()), etag: '"v1"' };
const theirs: Version = { update: renamed(v1.update, 'Their name'), etag: '"v2"' };
const third: Version = { update: { ...theirs.update, handleSpecialCharacterConstraint: true }, etag: '"v3"' };

const run = (state: EditorState, ...events: EditorEvent[]) => events.reduce(editorReducer, state);
const edit = (change: (u: ProfileUpdate) => ProfileUpdate): EditorEvent => ({ type: 'edited', change });
const myLicense = edit((u) => studentLicense(u, A5));
const fresh = () => initialEditorState(v1, null);

function draftOf(base: ProfileUpdate, draft: ProfileUpdate, baseEtag: string): StoredDraft {
  return {
    version: 1,
    tenantId: 't',
    profileId: 'p',
    baseEtag,
    base,
    draft,
    savedAt: '2026-11-01T00:00:00Z',
  };
}

describe('the editor machine', () => {
  it('starts editing the server version, or offering a found draft that changes something', () => {
    expect(fresh()).toMatchObject({ base: v1, draft: v1.update, mode: { kind: 'editing' } });
    const found = draftOf(v1.update, studentLicense(v1.update, A5), v1.etag);
    expect(initialEditorState(v1, found).mode).toEqual({ kind: 'offeringDraft', stored: found });
    expect(initialEditorState(v1, draftOf(v1.update, v1.update, v1.etag)).mode.kind).toBe('editing');
  });

  it('edits, reviews, closes the review, discards', () => {
    const edited = run(fresh(), myLicense);
    expect(isDirty(edited)).toBe(true);
    expect(run(edited, { type: 'reviewOpened' }).mode.kind).toBe('reviewing');
    expect(run(edited, { type: 'reviewOpened' }, { type: 'reviewClosed' }).mode.kind).toBe('editing');
    const discarded = run(edited, { type: 'discarded' });
    expect(discarded.draft).toEqual(v1.update);
    expect(isDirty(discarded)).toBe(false);
  });

  it('moves an untouched form to a newer server version, keeps edits on their base', () => {
    const moved = run(fresh(), { type: 'serverVersionArrived', version: theirs });
    expect(moved).toMatchObject({ base: theirs, draft: theirs.update, latest: theirs });
    const kept = run(fresh(), myLicense, { type: 'serverVersionArrived', version: theirs });
    expect(kept.base).toEqual(v1);
    expect(kept.latest).toEqual(theirs);
    expect(isDirty(kept)).toBe(true);
    // Discarding edits goes to the newest version heard of, not back to the old base.
    expect(run(kept, { type: 'discarded' })).toMatchObject({ base: theirs, draft: theirs.update });
  });

  it('saves: saving ignores versions arriving meanwhile, saved takes the answer', () => {
    const saving = run(fresh(), myLicense, { type: 'reviewOpened' }, { type: 'saveStarted' });
    expect(saving.mode).toEqual({ kind: 'saving', sent: studentLicense(v1.update, A5) });
    expect(
      run(
        saving,
        edit((u) => renamed(u, 'ignored')),
      ).draft,
    ).toEqual(saving.draft);
    const answer: Version = { update: studentLicense(v1.update, A5), etag: '"v2"' };
    const saved = run(
      saving,
      { type: 'serverVersionArrived', version: answer },
      { type: 'saved', version: answer },
    );
    expect(saved).toMatchObject({
      base: answer,
      draft: answer.update,
      mode: { kind: 'editing' },
      notice: { kind: 'saved' },
    });
    expect(run(saved, myLicense).notice).toEqual({ kind: 'none' });
  });

  it('a failed save keeps the edits and the server field errors until the next edit', () => {
    const saving = run(fresh(), myLicense, { type: 'saveStarted' });
    const errors = new Map([['displayName', 'Too long.']]);
    const failed = run(saving, { type: 'saveFailed', error: new Error('x'), fieldErrors: errors });
    expect(failed).toMatchObject({
      mode: { kind: 'editing' },
      notice: { kind: 'failed' },
      serverErrors: errors,
    });
    expect(failed.draft).toEqual(saving.draft);
    expect(run(failed, myLicense).serverErrors.size).toBe(0);
  });

  it('a 412 opens the conflict with both sets of changes; keptTheirs takes their version', () => {
    const conflict = run(fresh(), myLicense, { type: 'saveStarted' }, { type: 'conflictDetected', theirs });
    expect(conflict.mode.kind).toBe('conflict');
    if (conflict.mode.kind !== 'conflict') return;
    expect(conflict.mode.conflict.theirChanges.map((c) => c.label)).toEqual(['name']);
    expect(conflict.mode.conflict.myChanges).toHaveLength(1);
    expect(conflict.mode.conflict.fromDraft).toBe(false);
    // Edits and discards wait for the admin's decision.
    expect(run(conflict, myLicense, { type: 'discarded' })).toBe(conflict);
    const kept = run(conflict, { type: 'keptTheirs' });
    expect(kept).toMatchObject({ base: theirs, draft: theirs.update, mode: { kind: 'editing' } });
    expect(isDirty(kept)).toBe(false);
  });

  it('reappliedMine rebases my edits onto theirs and opens the review; mine wins an overlap', () => {
    const both = run(
      fresh(),
      edit((u) => studentLicense(renamed(u, 'My name'), A5)),
      { type: 'saveStarted' },
      { type: 'conflictDetected', theirs },
    );
    if (both.mode.kind !== 'conflict') throw new Error('expected a conflict');
    expect(both.mode.conflict.overlaps.map((c) => c.label)).toEqual(['name']);
    const reapplied = run(both, { type: 'reappliedMine' });
    expect(reapplied.base).toEqual(theirs);
    expect(reapplied.draft).toEqual(studentLicense(renamed(theirs.update, 'My name'), A5));
    expect(reapplied.mode.kind).toBe('reviewing');
    expect(reapplied.rebaseNote?.overlaps.map((c) => c.label)).toEqual(['name']);
  });

  it('a newer version while the dialog is open updates the dialog', () => {
    const conflict = run(fresh(), myLicense, { type: 'saveStarted' }, { type: 'conflictDetected', theirs });
    const updated = run(conflict, { type: 'serverVersionArrived', version: third });
    if (updated.mode.kind !== 'conflict') throw new Error('expected a conflict');
    expect(updated.mode.conflict.theirs).toEqual(third);
    expect(updated.mode.conflict.theirChanges.map((c) => c.label)).toEqual([
      'name',
      'replace special characters',
    ]);
    expect(run(updated, { type: 'reappliedMine' }).base).toEqual(third);
    // Closing the dialog keeps my edits on their old base: the next save meets the conflict again.
    const closed = run(conflict, { type: 'conflictClosed' });
    expect(closed).toMatchObject({ base: v1, mode: { kind: 'editing' } });
    expect(isDirty(closed)).toBe(true);
  });

  it('restores a draft on the same version at once, and one on an older version as a conflict', () => {
    const mine = studentLicense(v1.update, A5);
    const same = run(initialEditorState(v1, draftOf(v1.update, mine, v1.etag)), { type: 'draftRestored' });
    expect(same).toMatchObject({ draft: mine, mode: { kind: 'editing' } });

    const older = run(initialEditorState(theirs, draftOf(v1.update, mine, v1.etag)), {
      type: 'draftRestored',
    });
    if (older.mode.kind !== 'conflict') throw new Error('expected a conflict');
    expect(older.mode.conflict).toMatchObject({ fromDraft: true, theirs, mine });

    const declined = run(initialEditorState(v1, draftOf(v1.update, mine, v1.etag)), {
      type: 'draftOfferDeclined',
    });
    expect(declined).toMatchObject({ draft: v1.update, mode: { kind: 'editing' } });
  });

  it('ignores events that make no sense in the mode', () => {
    const start = fresh();
    for (const event of [
      { type: 'saved', version: theirs },
      { type: 'saveFailed', error: null },
      { type: 'conflictDetected', theirs },
      { type: 'keptTheirs' },
      { type: 'reappliedMine' },
      { type: 'draftRestored' },
      { type: 'conflictClosed' },
      { type: 'reviewClosed' },
    ] satisfies EditorEvent[]) {
      expect(editorReducer(start, event)).toBe(start);
    }
    expect(editorReducer(start, { type: 'serverVersionArrived', version: v1 })).toBe(start);
  });
});

describe('restoring a version from the History section', () => {
  it('makes that version the draft and opens the review, keeping the base (and its ETag) for If-Match', () => {
    const old = renamed(v1.update, 'An older name');
    const state = run(fresh(), { type: 'versionRestored', update: old });
    expect(state.draft).toEqual(old);
    expect(state.mode).toEqual({ kind: 'reviewing' });
    expect(state.base).toEqual(v1);
    expect(isDirty(state)).toBe(true);
  });

  it('is ignored while a save or a conflict is open', () => {
    const saving = run(fresh(), myLicense, { type: 'saveStarted' });
    expect(run(saving, { type: 'versionRestored', update: renamed(v1.update, 'x') })).toBe(saving);
  });
});
