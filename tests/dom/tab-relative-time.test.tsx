import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { RelativeTime } from '../../src/components/RelativeTime';

const THREE_HOURS_AGO = new Date(Date.now() - 3 * 3600_000).toISOString();
const FULL_DATE = new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeStyle: 'medium' }).format(
  Date.parse(THREE_HOURS_AGO),
);

/** One animation frame, then the task queued after it: what the time waits for before its tooltip. */
const nextFrameAndTask = () =>
  act(() => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))));

describe('a relative time', () => {
  it('shows the words at once, and the full date as its description once its tooltip has loaded', async () => {
    render(
      <FluentProvider theme={webLightTheme}>
        <p>
          Last sync <RelativeTime value={THREE_HOURS_AGO} locale="en-US" />
        </p>
      </FluentProvider>,
    );
    // The first render: the words in a focusable <time>, no tooltip (its code is not asked for yet).
    const time = screen.getByText('3 hours ago');
    expect(time.tagName).toBe('TIME');
    expect(time.getAttribute('datetime')).toBe(THREE_HOURS_AGO);
    expect(time.getAttribute('tabindex')).toBe('0');
    expect(time.getAttribute('aria-describedby')).toBeNull();

    await nextFrameAndTask();
    // After its first paint the tooltip's code loads; focus shows the full date, described.
    await waitFor(() =>
      expect(screen.getByText('3 hours ago').getAttribute('aria-describedby')).not.toBeNull(),
    );
    const described = screen.getByText('3 hours ago');
    fireEvent.focus(described);
    await waitFor(() => {
      const description = document.getElementById(described.getAttribute('aria-describedby')!);
      expect(description?.textContent).toBe(FULL_DATE);
    });
  });

  it('shows the fallback for a missing or unreadable time, without a tooltip', async () => {
    render(
      <FluentProvider theme={webLightTheme}>
        <RelativeTime value="not a date" fallback="Not yet" />
      </FluentProvider>,
    );
    await nextFrameAndTask();
    expect(screen.getByText('Not yet').tagName).toBe('SPAN');
    expect(document.querySelector('time')).toBeNull();
  });
});
