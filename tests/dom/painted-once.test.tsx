import { act, renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { usePaintedOnce } from '../../src/lib/usePaintedOnce';

/** One animation frame, then the task queued after it (what the hook waits for). */
const nextFrameAndTask = () =>
  act(() => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))));

describe('usePaintedOnce: what may wait until a screen has been painted', () => {
  it('is false in the render that shows the screen and true from the frame after it', async () => {
    const { result, rerender } = renderHook(({ ready }) => usePaintedOnce(ready), {
      initialProps: { ready: false },
    });
    await nextFrameAndTask();
    // Not ready (the dashboard still loading): nothing was painted that the extras belong to.
    expect(result.current).toBe(false);

    rerender({ ready: true });
    expect(result.current).toBe(false);
    await nextFrameAndTask();
    await nextFrameAndTask();
    expect(result.current).toBe(true);
  });

  it('goes back to false when the screen stops being ready, and stays painted once ready again', async () => {
    const { result, rerender } = renderHook(({ ready }) => usePaintedOnce(ready), {
      initialProps: { ready: true },
    });
    await nextFrameAndTask();
    await nextFrameAndTask();
    expect(result.current).toBe(true);
    rerender({ ready: false });
    expect(result.current).toBe(false);
    rerender({ ready: true });
    expect(result.current).toBe(true);
  });
});
