import { app } from '@microsoft/teams-js';

/**
 * Opens a URL outside the tab. Inside Teams the tab's iframe cannot save a file (desktop and
 * mobile clients drop downloads started there); `app.openLink` hands the URL to the host, which
 * opens it in the admin's browser, where the download happens
 * (https://learn.microsoft.com/javascript/api/@microsoft/teams-js/app#@microsoft-teams-js-app-openlink).
 * Without a host that does, a new browser window does the same.
 */
export async function openInBrowser(url: string): Promise<void> {
  try {
    if (app.isInitialized()) {
      await app.openLink(url);
      return;
    }
  } catch {
    // Not supported by this host: fall through to a window of our own.
  }
  window.open(url, '_blank', 'noopener');
}
