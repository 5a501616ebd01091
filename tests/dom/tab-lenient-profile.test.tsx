/**
 * A profile saved elsewhere that breaks the write rules (issue 11 §2): the editor opens it, marks
 * each broken rule on its field, and keeps saving off until the admin fixed them.
 */
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { MotionBehaviourProvider } from '@fluentui/react-motion';
import { useQuery } from '@tanstack/react-query';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import ProfileEditor from '../../src/editor/ProfileEditor';
import { useAppServices } from '../../src/services/appServices';
import { profileQuery } from '../../src/services/profileState';
import { queryKeys } from '../../src/services/serverState';
import { A5, PROFILE_ID, studentLicense } from '../support/tab-profiles';
import { FakeBackend, tabProviders, TENANT_ID } from './harness';

/**
 * Dialogs are queried by role and name including what is hidden from assistive technology: in
 * happy-dom, Fluent's focus trap (tabster) can leave aria-hidden on a dialog that opens while the
 * previous one closes. The browser suite (tests/e2e/conflict.spec.ts) finds the same dialogs by
 * role in Chromium, accessibility tree and all.
 */
const hidden = true;

function EditorOnCache() {
  const { api } = useAppServices();
  const { data } = useQuery(profileQuery(api, PROFILE_ID));
  return data ? (
    <ProfileEditor detail={data} tenantId={TENANT_ID} readOnlyReason={null} onSaved={() => undefined} />
  ) : null;
}

describe('a profile that breaks write rules', () => {
  it('opens with each broken rule on its field and saving off until they are fixed', async () => {
    const backend = new FakeBackend();
    const { id: _id, state: _state, ...stored } = backend.profile;
    backend.profile = {
      ...backend.profile,
      ...studentLicense({ ...stored, displayName: '' }, 'not-a-sku-id'),
    };
    const { Wrapper, queryClient } = tabProviders(backend);
    // As the lenient read hands it over (the backend no longer refuses such a profile).
    queryClient.setQueryData(queryKeys.profile(PROFILE_ID), backend.detail());
    render(
      <FluentProvider theme={webLightTheme}>
        <MotionBehaviourProvider value="skip">
          <Wrapper>
            <EditorOnCache />
          </Wrapper>
        </MotionBehaviourProvider>
      </FluentProvider>,
    );

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
