/**
 * The consent popup's last page: Entra (or the emulator) redirects here with
 * `admin_consent=True&tenant&scope&state` or `error=access_denied`. The state must be the one
 * auth-start.html kept, then the answer goes back to the tab through Teams.
 */
import { app, authentication } from '@microsoft/teams-js';
import { fetchTabConfig } from './api/apiClient';
import { CONSENT_STATE_KEY, readAuthEnd } from './consent/consentFlow';

const status = document.getElementById('status')!;

function takeExpectedState(): string | null {
  try {
    const state = localStorage.getItem(CONSENT_STATE_KEY);
    localStorage.removeItem(CONSENT_STATE_KEY);
    return state;
  } catch {
    return null;
  }
}

async function finish() {
  const outcome = readAuthEnd(window.location.search, takeExpectedState());
  let origins: string[] = [];
  try {
    origins = (await fetchTabConfig()).teamsHostOrigins;
  } catch {
    // Real Teams needs no extra origins; try the handshake anyway.
  }
  try {
    await app.initialize(origins);
  } catch {
    status.textContent =
      outcome.outcome === 'success'
        ? 'Consent was granted. You can close this window and return to Teams.'
        : 'Consent was not granted. You can close this window and return to Teams.';
    return;
  }
  if (outcome.outcome === 'success') {
    status.textContent = 'Consent granted. Returning to SDS Profiles…';
    authentication.notifySuccess();
  } else {
    status.textContent = `Consent was not granted (${outcome.reason}).`;
    authentication.notifyFailure(outcome.reason);
  }
}

void finish();
