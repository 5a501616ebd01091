/**
 * One shared clock for every relative time on screen ("3 minutes ago"), ticking every 15 s while
 * anything listens, so that all of them move together and none keeps its own timer.
 */
import { useSyncExternalStore } from 'react';

const TICK_MS = 15_000;
let now = Date.now();
let timer: ReturnType<typeof setInterval> | null = null;
const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (!timer) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      listeners.forEach((l) => l());
    }, TICK_MS);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = null;
    }
  };
}

function snapshot(): number {
  // With no ticking timer (first render) the stored time may be old; refresh it, but only
  // coarsely, so that repeated reads within one render agree.
  if (!timer && Date.now() - now > 1000) now = Date.now();
  return now;
}

export function useNow(): number {
  return useSyncExternalStore(subscribe, snapshot, snapshot);
}

/** Call after fetching new data so that "Updated just now" is right at once, not at the next tick. */
export function touchNow(): void {
  now = Date.now();
  listeners.forEach((l) => l());
}
