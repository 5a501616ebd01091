import { useEffect, useState } from 'react';

/**
 * Whether what a component rendered while `ready` has been painted once: false in that render,
 * true from the frame after it. What is not needed for a screen's first look (a lazy extra that
 * would start its chunk's download and preloads inside the render) can wait for it, so that the
 * render the admin waits for does only that screen's work (docs/performance.md, "Tab load").
 * A hidden tab paints no frames, so there it waits until Teams shows the tab: nobody is looking.
 */
export function usePaintedOnce(ready: boolean): boolean {
  const [painted, setPainted] = useState(false);
  useEffect(() => {
    if (!ready || painted) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // The frame's callback runs before that frame paints; a task queued from it runs after.
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => setPainted(true), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [ready, painted]);
  return ready && painted;
}
