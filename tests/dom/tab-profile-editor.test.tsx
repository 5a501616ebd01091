/**
 * The editor hook on the real query cache, the real API client and draft store, against a fake
 * backend behind an injected fetch: saves, both conflict outcomes, a third admin while the dialog
 * is open, reads answered out of order, an answer that breaks its contract, a draft after reload.
 */
import { useQuery } from '@tanstack/react-query';
import { act, renderHook, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ProfileDetail } from '../../contracts/api';
import type { ApiError } from '../../src/api/apiError';
import { useProfileEditor } from '../../src/editor/useProfileEditor';
import { useAppServices } from '../../src/services/appServices';
import { profileQuery } from '../../src/services/profileState';
import { queryKeys } from '../../src/services/serverState';
import { A5, E3, PROFILE_ID, renamed, studentLicense } from '../support/tab-profiles';
import { FakeBackend, tabProviders, TENANT_ID } from './harness';

/** The editor as the profile page mounts it: fed by the profile's query. */
function useEditorOnCache(saved: ProfileDetail[]) {
  const { api } = useAppServices();
  const query = useQuery(profileQuery(api, PROFILE_ID));
  const editor = useProfileEditor({
    detail: query.data!,
    tenantId: TENANT_ID,
    readOnlyReason: null,
    onSaved: () => saved.push(query.data!),
  });
  return { query, editor };
}

async function renderEditor(backend = new FakeBackend(), providers = tabProviders(backend)) {
  const { queryClient, services, Wrapper } = providers;
  await queryClient.fetchQuery(profileQuery(services.api, PROFILE_ID));
  const saved: ProfileDetail[] = [];
  const hook = renderHook(() => useEditorOnCache(saved), { wrapper: Wrapper });
  const cached = () => queryClient.getQueryData<ProfileDetail>(queryKeys.profile(PROFILE_ID))!;
  return { backend, ...providers, ...hook, saved, cached };
}

const studentSkus = (detail: {
  profile: { licensesToAssign?: { appliesTo: string; skuIds: string[] }[] | null };
}) => detail.profile.licensesToAssign?.find((l) => l.appliesTo === 'student')?.skuIds;

describe('useProfileEditor', () => {
  it('saves with If-Match; the 202 puts the new version into the cache and the editor', async () => {
    const { result, backend, cached, saved } = await renderEditor();
    act(() => result.current.editor.edit((u) => studentLicense(u, A5)));
    expect(result.current.editor.changes).toHaveLength(1);
    await act(() => result.current.editor.submit());

    expect(backend.puts.map((p) => p.etag)).toEqual(['"v1"']);
    expect(cached().etag).toBe('"v2"');
    expect(studentSkus(cached())).toEqual([A5]);
    expect(result.current.editor.base.etag).toBe('"v2"');
    expect(result.current.editor.dirty).toBe(false);
    expect(result.current.editor.save.phase).toBe('saved');
    expect(saved).toHaveLength(1);
  });

  it('Discard my changes after a 412: their version in the cache and the form, and the next save is 202', async () => {
    const { result, backend, cached } = await renderEditor();
    backend.otherAdminSaves((u) => renamed(u, 'Renamed by the other admin'));

    act(() => result.current.editor.edit((u) => studentLicense(u, A5)));
    await act(() => result.current.editor.submit());
    // The 412's `current` is in the cache: the page header and status show it, no callback needed.
    expect(cached().profile.displayName).toBe('Renamed by the other admin');
    const { conflict } = result.current.editor;
    expect(conflict?.theirChanges.map((c) => c.text)).toEqual([
      'General · name: “Test Profile” → “Renamed by the other admin”',
    ]);
    expect(conflict?.myChanges).toHaveLength(1);

    act(() => result.current.editor.keepTheirs());
    expect(result.current.editor.conflict).toBeNull();
    expect(result.current.editor.draft.displayName).toBe('Renamed by the other admin');
    expect(result.current.editor.dirty).toBe(false);

    act(() => result.current.editor.edit((u) => studentLicense(u, A5)));
    await act(() => result.current.editor.submit());
    expect(backend.puts.map((p) => p.etag)).toEqual(['"v1"', '"v2"']);
    expect(result.current.editor.save.phase).toBe('saved');
    expect(backend.profile.displayName).toBe('Renamed by the other admin');
    expect(studentSkus(backend.detail())).toEqual([A5]);
  });

  it('Reapply my changes: rebased onto theirs, saved on their ETag, the server holds both (mine on overlaps)', async () => {
    const { result, backend } = await renderEditor();
    backend.otherAdminSaves((u) => ({ ...renamed(u, 'Their name'), handleSpecialCharacterConstraint: true }));

    act(() => result.current.editor.edit((u) => studentLicense(renamed(u, 'My name'), A5)));
    await act(() => result.current.editor.submit());
    expect(result.current.editor.conflict?.overlaps.map((c) => c.label)).toEqual(['name']);

    act(() => result.current.editor.reapply());
    expect(result.current.editor.reviewOpen).toBe(true);
    expect(result.current.editor.base.etag).toBe('"v2"');
    await act(() => result.current.editor.submit());

    expect(backend.puts[1]!.etag).toBe('"v2"');
    expect(backend.profile).toMatchObject({ displayName: 'My name', handleSpecialCharacterConstraint: true });
    expect(studentSkus(backend.detail())).toEqual([A5]);
    expect(result.current.editor.save.phase).toBe('saved');
  });

  it('a third admin saving while the dialog is open updates the dialog; reapplying builds on theirs', async () => {
    const { result, backend } = await renderEditor();
    backend.otherAdminSaves((u) => renamed(u, 'Second admin'));
    act(() => result.current.editor.edit((u) => studentLicense(u, A5)));
    await act(() => result.current.editor.submit());
    expect(result.current.editor.conflict?.theirChanges).toHaveLength(1);

    backend.otherAdminSaves((u) => ({ ...u, handleSpecialCharacterConstraint: true }));
    // The open dialog re-reads the profile (every 2 s) and shows the newest version.
    await waitFor(() => expect(result.current.editor.conflict?.theirChanges).toHaveLength(2), {
      timeout: 5_000,
    });
    expect(result.current.editor.conflict?.theirs.etag).toBe('"v3"');

    act(() => result.current.editor.reapply());
    await act(() => result.current.editor.submit());
    expect(backend.puts.map((p) => p.etag)).toEqual(['"v1"', '"v3"']);
    expect(backend.profile).toMatchObject({
      displayName: 'Second admin',
      handleSpecialCharacterConstraint: true,
    });
    expect(studentSkus(backend.detail())).toEqual([A5]);
  });

  it('cancels a read still in flight when a save starts: its older answer never lands', async () => {
    const { result, backend, queryClient, cached } = await renderEditor();
    backend.holdNextRead();
    act(() => void queryClient.refetchQueries({ queryKey: queryKeys.profile(PROFILE_ID) }));
    await waitFor(() => expect(backend.held).toHaveLength(1));

    act(() => result.current.editor.edit((u) => renamed(u, 'Saved while a read was out')));
    await act(() => result.current.editor.submit());
    act(() => backend.held[0]!.release());
    await act(() => queryClient.getQueryCache().find({ queryKey: queryKeys.profile(PROFILE_ID) })?.promise);

    expect(cached()).toMatchObject({ etag: '"v2"', profile: { displayName: 'Saved while a read was out' } });
    await waitFor(() => expect(result.current.editor.base.etag).toBe('"v2"'));
    expect(result.current.editor.draft.displayName).toBe('Saved while a read was out');
    expect(result.current.editor.dirty).toBe(false);
  });

  it('drops a read that started before a write to the cache and answers after it', async () => {
    const { result, backend, queryClient, cached } = await renderEditor();
    backend.holdNextRead();
    const read = queryClient.refetchQueries({ queryKey: queryKeys.profile(PROFILE_ID) });
    await waitFor(() => expect(backend.held).toHaveLength(1));
    // A save answered meanwhile (the way useSaveProfile writes its 202).
    backend.otherAdminSaves((u) => renamed(u, 'Newer'));
    act(() => queryClient.setQueryData(queryKeys.profile(PROFILE_ID), backend.detail()));
    backend.held[0]!.release();
    await act(() => read);

    expect(cached().etag).toBe('"v2"');
    // TanStack Query tells its observers on a timer, not inside act().
    await waitFor(() => expect(result.current.editor.draft.displayName).toBe('Newer'));
  });

  it('an answer that breaks its contract is an error with the request id, not a silent null', async () => {
    const backend = new FakeBackend();
    const { queryClient, services } = tabProviders(backend);
    backend.nextReadBody = { profile: { ...backend.profile, displayName: 42 }, etag: '"v1"' };
    const error = (await queryClient
      .fetchQuery(profileQuery(services.api, PROFILE_ID))
      .catch((e: unknown) => e)) as ApiError;
    expect(error).toMatchObject({ kind: 'unexpected', requestId: 'req-200', status: 200 });
    expect(error.message).toContain(`GET /api/profiles/${PROFILE_ID}`);
    expect(error.message).toContain('profile.profile.displayName');
  });

  it('offers the draft left by an earlier visit after a reload, and restores it', async () => {
    const backend = new FakeBackend();
    const first = await renderEditor(backend);
    act(() => first.result.current.editor.edit((u) => studentLicense(u, A5)));
    await waitFor(() => expect(first.result.current.editor.kept).toBe('kept'));
    first.unmount();

    // A reload: a new cache and new services, the same storage.
    const reloaded = await renderEditor(backend, tabProviders(backend, first.storage));
    const { editor } = reloaded.result.current;
    expect(editor.offer?.draft.licensesToAssign?.find((l) => l.appliesTo === 'student')?.skuIds).toEqual([
      A5,
    ]);
    expect(editor.dirty).toBe(false);
    act(() => reloaded.result.current.editor.restoreDraft());
    expect(reloaded.result.current.editor.offer).toBeNull();
    expect(reloaded.result.current.editor.changes).toHaveLength(1);
    expect(reloaded.result.current.editor.base.update.licensesToAssign?.[1]?.skuIds).toEqual([E3]);
  });
});
