/**
 * The handshake with the Teams host. Opened outside any host, `app.initialize` rejects at once
 * ("No Parent window found"); framed by something that never answers, it would wait 60 s, so it
 * is raced against a short timeout and the tab explains itself instead of hanging.
 */
import { app, authentication } from '@microsoft/teams-js';
import { hostInfoFromContext, type HostInfo } from './hostInfo';

export const TEAMS_HANDSHAKE_TIMEOUT_MS = 5_000;

export type TeamsConnection =
  { kind: 'connected'; host: HostInfo } | { kind: 'outside'; reason: 'noHost' | 'timeout'; detail: string };

export type ConnectOptions = {
  timeoutMs?: number;
  /**
   * Called once `app.initialize` has resolved, before the tab context is asked for: from here
   * teams-js may send other requests (the entry asks for the first SSO token).
   */
  onInitialized?: () => void;
};

export async function connectTeams(
  validOrigins: readonly string[],
  { timeoutMs = TEAMS_HANDSHAKE_TIMEOUT_MS, onInitialized }: ConnectOptions = {},
): Promise<TeamsConnection> {
  const outcome = await withTimeout(app.initialize([...validOrigins]), timeoutMs);
  if (outcome.kind === 'timeout') {
    return {
      kind: 'outside',
      reason: 'timeout',
      detail: `The page that frames this tab did not answer the Teams handshake within ${Math.round(timeoutMs / 1000)} seconds.`,
    };
  }
  if (outcome.kind === 'rejected') {
    return { kind: 'outside', reason: 'noHost', detail: errorMessage(outcome.error) };
  }
  onInitialized?.();
  const context = await withTimeout(app.getContext(), timeoutMs);
  if (context.kind !== 'resolved') {
    return {
      kind: 'outside',
      reason: 'timeout',
      detail: 'The Teams host accepted the handshake but did not send the tab context.',
    };
  }
  return { kind: 'connected', host: hostInfoFromContext(context.value) };
}

type Outcome<T> = { kind: 'resolved'; value: T } | { kind: 'rejected'; error: unknown } | { kind: 'timeout' };

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<Outcome<T>> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ kind: 'timeout' }), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve({ kind: 'resolved', value });
      },
      (error: unknown) => {
        clearTimeout(timer);
        resolve({ kind: 'rejected', error });
      },
    );
  });
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * An SSO token from Teams (which caches and refreshes it itself; the API client asks again only
 * when the backend refused the last one). `claims` is a claims challenge from Entra (Conditional
 * Access, MFA), passed on as teams-js's `AuthTokenRequestParameters.claims`.
 */
export function getSsoToken(request: { claims?: string } = {}): Promise<string> {
  return authentication.getAuthToken(request.claims ? { claims: [request.claims] } : undefined);
}

let loadedReported = false;

/** Tells Teams the tab has something meaningful on screen (hides its loading indicator). */
export function reportLoaded(): void {
  if (loadedReported) return;
  loadedReported = true;
  try {
    app.notifyAppLoaded();
    void app.notifySuccess().catch(() => undefined);
  } catch {
    // Not initialized (outside Teams): nothing to tell.
  }
}

/** Tells Teams the tab cannot work (it then offers its own reload). */
export function reportFailure(reason: 'AuthFailed' | 'Timeout' | 'Other', message: string): void {
  if (loadedReported) return;
  loadedReported = true;
  try {
    app.notifyFailure({ reason: app.FailedReason[reason], message });
  } catch {
    // Not initialized: nothing to tell.
  }
}
