/**
 * The consent popup's first page (opened by `authentication.authenticate` from the tab). It
 * follows the backend's consent link only when it is exactly the admin consent of our app, for
 * the signed-in user's tenant (from the Teams context), returning to our auth-end page, with a
 * fresh `state` that auth-end.html checks: it can be neither an open redirect, nor a way to phish
 * consent for another app, nor be fed a forged answer.
 */
import { app, authentication } from '@microsoft/teams-js';
import { fetchTabConfig } from './api/apiClient';
import { checkConsentUrl, CONSENT_STATE_KEY, withState } from './consent/consentFlow';

const status = document.getElementById('status')!;

function say(text: string) {
  status.textContent = text;
}

function newState(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

async function start() {
  let config;
  try {
    config = await fetchTabConfig();
  } catch (error) {
    say(
      `SDS Profiles couldn't load its settings (${error instanceof Error ? error.message : String(error)}). Close this window and try again.`,
    );
    return;
  }
  try {
    await app.initialize(config.teamsHostOrigins);
  } catch {
    say('Open this page from the SDS Profiles tab in Teams, with the "Grant admin consent" button.');
    return;
  }
  let tenantId: string | undefined;
  try {
    tenantId = (await app.getContext()).user?.tenant?.id;
  } catch {
    tenantId = undefined;
  }
  const check = checkConsentUrl(new URLSearchParams(window.location.search).get('consentUrl'), {
    authorityHost: config.authorityHost,
    clientId: config.clientId,
    tenantId,
    redirectUri: `${window.location.origin}/auth-end.html`,
  });
  if (!check.ok) {
    say(check.reason);
    authentication.notifyFailure(check.reason);
    return;
  }
  const state = newState();
  try {
    localStorage.setItem(CONSENT_STATE_KEY, state);
  } catch {
    const reason = 'This browser does not let SDS Profiles keep the consent request (storage is blocked).';
    say(reason);
    authentication.notifyFailure(reason);
    return;
  }
  window.location.assign(withState(check.url, state));
}

void start();
