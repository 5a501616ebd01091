/**
 * A raw teams-js request posted from inside the real tab frame (so it comes from the tab's window
 * and origin, like teams-js' own), for tests of the Teams host emulator at protocol level.
 */
import type { Frame } from '@playwright/test';

/** Posts one request to the host from the tab frame and resolves with the answer's args. */
export function rawRequest(frame: Frame, func: string, args: unknown[], id: number): Promise<unknown[]> {
  return frame.evaluate(
    ({ func, args, id }) =>
      new Promise<unknown[]>((resolve, reject) => {
        const guard = setTimeout(
          () => reject(new Error(`the host never answered ${func} (id ${id})`)),
          10_000,
        );
        const onMessage = (event: MessageEvent) => {
          const data = event.data as { id?: unknown; args?: unknown };
          if (event.source !== window.parent || data?.id !== id || !Array.isArray(data.args)) return;
          clearTimeout(guard);
          window.removeEventListener('message', onMessage);
          resolve(data.args as unknown[]);
        };
        window.addEventListener('message', onMessage);
        window.parent.postMessage(
          { id, uuidAsString: crypto.randomUUID(), func, args, timestamp: Date.now() },
          '*',
        );
      }),
    { func, args, id },
  );
}
