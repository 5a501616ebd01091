/**
 * A profile saved elsewhere that breaks the write rules (issue 11 §2): the editor opens it, marks
 * each broken rule on its field, and keeps saving off until the admin fixed them.
 */
import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { queryKeys } from '../../src/services/serverState';
import { A5, PROFILE_ID, studentLicense } from '../support/tab-profiles';
import { FakeBackend, hidden, renderEditorComponent, tabProviders } from './harness';

describe('a profile that breaks write rules', () => {
  it('opens with each broken rule on its field and saving off until they are fixed', async () => {
    const backend = new FakeBackend();
    const { id: _id, state: _state, ...stored } = backend.profile;
    backend.profile = {
      ...backend.profile,
      ...studentLicense({ ...stored, displayName: '' }, 'not-a-sku-id'),
    };
    const providers = tabProviders(backend);
    const { queryClient } = providers;
    // As the lenient read hands it over (the backend no longer refuses such a profile).
    queryClient.setQueryData(queryKeys.profile(PROFILE_ID), backend.detail());
    renderEditorComponent(providers);

    expect(
      await screen.findByText('This profile breaks rules School Data Sync checks when saving'),
    ).toBeTruthy();
    const name = screen.getByRole('textbox', { name: 'Profile name' });
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText(/Fix 2 problems before saving/)).toBeTruthy();
    const review = screen.getByRole('button', { name: 'Review changes' });
    expect((review as HTMLButtonElement).disabled).toBe(true);

    fireEvent.change(name, { target: { value: 'Fixed name' } });
    expect((review as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: /^Licenses/ }));
    const sku = await screen.findByRole('combobox', { name: 'License assignment 2: SKU 1' });
    expect(sku.getAttribute('aria-invalid')).toBe('true');
    fireEvent.change(sku, { target: { value: A5 } });
    // Close the SKU suggestions, as leaving the field does.
    fireEvent.keyDown(sku, { key: 'Escape' });

    expect((review as HTMLButtonElement).disabled).toBe(false);
    fireEvent.click(review);
    const dialog = await screen.findByRole('dialog', { name: 'Review changes', hidden });
    fireEvent.click(await within(dialog).findByRole('button', { name: 'Save changes', hidden }));
    expect(await screen.findByText('Changes saved')).toBeTruthy();
    expect(backend.puts).toHaveLength(1);
    expect(backend.profile.displayName).toBe('Fixed name');
  });
});
