/**
 * Copying text from inside Teams. A tab is a cross-origin frame, where Chromium blocks
 * `navigator.clipboard` unless the host allows it; teams-js' clipboard capability asks the host
 * to write instead (Teams web and desktop support it). Where neither works the caller shows the
 * text to select and copy by hand.
 */
import { clipboard } from '@microsoft/teams-js';

export async function copyText(text: string): Promise<boolean> {
  try {
    if (clipboard.isSupported()) {
      await clipboard.write(new Blob([text], { type: 'text/plain' }));
      return true;
    }
  } catch {
    // The host refused (or teams-js is not initialized): try the browser's own clipboard.
  }
  try {
    if (!navigator.clipboard) return false;
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
