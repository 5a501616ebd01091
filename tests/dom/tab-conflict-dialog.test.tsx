/**
 * The editor as the admin meets a conflict, rendered with Fluent in happy-dom and driven by role
 * and name: the dialog lists both admins' changes, and each button ends where it should.
 */
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renamed } from '../support/tab-profiles';
import { FakeBackend, hidden, renderEditorComponent, tabProviders } from './harness';

async function renderEditorMeetingConflict() {
  const backend = new FakeBackend();
  const providers = tabProviders(backend);
  renderEditorComponent(providers);
  const name = await screen.findByRole('textbox', { name: 'Profile name' });
  backend.otherAdminSaves((u) => renamed(u, 'Their name'));
  fireEvent.change(name, { target: { value: 'My name' } });
  fireEvent.click(screen.getByRole('button', { name: 'Review changes' }));
  fireEvent.click(await screen.findByRole('button', { name: 'Save changes' }));
  const dialog = await screen.findByRole('dialog', { name: 'Someone else changed this profile', hidden });
  await within(dialog).findByRole('button', { name: 'Reapply my changes', hidden });
  return { backend, dialog, name };
}

describe('the conflict dialog', () => {
  it('shows what they changed and what I changed; Discard my changes shows their version', async () => {
    const { dialog, name } = await renderEditorMeetingConflict();
    const theirs = within(
      within(dialog).getByRole('list', { name: 'Changes made by someone else', hidden }),
    ).getAllByRole('listitem', { hidden });
    expect(theirs.map((li) => li.textContent)).toEqual(['General · name: “Test Profile” → “Their name”']);
    expect(within(dialog).getByText(/You both changed General · name/)).toBeTruthy();

    fireEvent.click(within(dialog).getByRole('button', { name: 'Discard my changes', hidden }));
    await waitFor(() => expect(screen.queryByRole('dialog', { hidden })).toBeNull());
    expect((name as HTMLInputElement).value).toBe('Their name');
    expect(screen.getByText('No unsaved changes')).toBeTruthy();
  });

  it('Reapply my changes opens the review on their version, and saving keeps mine', async () => {
    const { backend, dialog } = await renderEditorMeetingConflict();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Reapply my changes', hidden }));
    const review = await screen.findByRole('dialog', { name: 'Review changes', hidden });
    fireEvent.click(within(review).getByRole('button', { name: 'Save changes', hidden }));
    expect(await screen.findByText('Changes saved')).toBeTruthy();
    expect(backend.puts.map((p) => p.etag)).toEqual(['"v1"', '"v2"']);
    expect(backend.profile.displayName).toBe('My name');
  });
});
