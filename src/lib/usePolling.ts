/**
 * Calls `poll` again `delay` ms after the last fetch finished; `delay` null pauses (hidden tab).
 * When a paused tab becomes visible with stale data, it polls at once.
 */
import { useEffect, useRef } from 'react';
import { remainingDelay } from './pollCadence';

export function usePolling(
  poll: () => Promise<void> | void,
  delay: number | null,
  lastFetchedMs: number | null,
): void {
  const pollRef = useRef(poll);
  useEffect(() => {
    pollRef.current = poll;
  }, [poll]);

  useEffect(() => {
    // Before the first fetch finishes the caller's own load is running: don't start a second one.
    if (lastFetchedMs === null) return;
    const wait = remainingDelay(delay, lastFetchedMs, Date.now());
    if (wait === null) return;
    const timer = setTimeout(() => void pollRef.current(), wait);
    return () => clearTimeout(timer);
  }, [delay, lastFetchedMs]);
}
