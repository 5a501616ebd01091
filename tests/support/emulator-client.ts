/**
 * A typed client for the emulator's control API (`/_emulator/*`, docs/architecture.md), shared by
 * the integration, browser and benchmark suites so none of them hand-builds these requests.
 *
 * Uses global fetch: the local CA is trusted through NODE_EXTRA_CA_CERTS (scripts/with-local-ca.ts),
 * never by turning certificate checks off. Every non-2xx answer throws with the response body.
 */
import type { RequestLogEntry } from '../../emulator/context';
import type { SsoTokenOptions } from '../../emulator/entra/tokens';
import type { ActivityNotification } from '../../emulator/graph/activityFeed';
import type { z } from 'zod';
import type { mixEntrySchema } from '../../emulator/graph/error-sets';
import type { FaultSpecInput } from '../../emulator/graph/faults';
import { NEXT_RUN_SECONDS, type RunOutcome } from '../../emulator/graph/lifecycle';
import { demoApp, findPersona, personas } from '../../emulator/directory';

export type { RequestLogEntry };

/** What `POST /_emulator/teams/sso-token` accepts besides the persona (emulator/entra/tokens.ts). */
export type SsoTokenRequestOptions = SsoTokenOptions;

/**
 * The Graph fault spec as the emulator validates it (emulator/graph/faults.ts), with statuses
 * widened to numbers so tests can also send specs the emulator must refuse.
 */
export type FaultSpec = Omit<FaultSpecInput, 'statuses' | 'rate'> & {
  rate?: number;
  statuses?: number[];
  service?: 'graph' | 'entra';
};

/** What `POST /_emulator/graph/profiles/{id}/errors` accepts (emulator/graph/admin.ts). */
export type SyncErrorSet = { count: number; mix?: z.input<typeof mixEntrySchema>[]; seed?: number | string };

/** Its answer: the set's groups by entry type and code, most frequent first. */
export type GivenSyncErrors = {
  tenantId: string;
  id: string;
  count: number;
  groups: { entryType: string; errorCode: string; count: number }[];
};

export type { ActivityNotification };

export type ConsentState = {
  tenantId: string;
  granted: boolean;
  /** Whether the grant includes the application permissions (the monitor's app-only reads). */
  application: boolean;
  consentedTenants: string[];
  appConsentedTenants: string[];
};

/** A token endpoint answer (Entra's shape). */
export type TokenResponse = {
  token_type: 'Bearer';
  scope: string;
  expires_in: number;
  ext_expires_in: number;
  access_token: string;
  [more: string]: unknown;
};

export class EmulatorRequestError extends Error {
  constructor(
    readonly method: string,
    readonly url: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(`${method} ${url} answered ${status}: ${body}`);
    this.name = 'EmulatorRequestError';
  }
}

export type EmulatorClient = ReturnType<typeof createEmulatorClient>;

export function createEmulatorClient(options: { entraUrl: string; graphUrl: string }) {
  const entra = options.entraUrl.replace(/\/+$/, '');
  const graph = options.graphUrl.replace(/\/+$/, '');

  async function call<T>(base: string, method: string, path: string, body?: unknown): Promise<T> {
    const url = `${base}${path}`;
    const response = await fetch(url, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new EmulatorRequestError(method, url, response.status, text);
    return (text === '' ? undefined : JSON.parse(text)) as T;
  }

  async function ssoToken(persona: string, tokenOptions: SsoTokenRequestOptions = {}): Promise<string> {
    const { token } = await call<{ token: string }>(entra, 'POST', '/_emulator/teams/sso-token', {
      persona,
      ...tokenOptions,
    });
    return token;
  }

  /** The demo app at the tenant's token endpoint, as the backend asks it; the access token. */
  async function accessToken(tenantId: string, grant: Record<string, string>): Promise<string> {
    const url = `${entra}/${tenantId}/oauth2/v2.0/token`;
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_id: demoApp.clientId,
        client_secret: demoApp.clientSecret,
        ...grant,
      }),
    });
    const text = await response.text();
    if (!response.ok) throw new EmulatorRequestError('POST', url, response.status, text);
    return (JSON.parse(text) as TokenResponse).access_token;
  }

  async function advanceClock(seconds: number): Promise<Date> {
    const { now } = await call<{ now: string }>(entra, 'POST', '/_emulator/clock', {
      advanceSeconds: seconds,
    });
    return new Date(now);
  }

  async function requests(since = 0): Promise<RequestLogEntry[]> {
    const answer = await call<{ requests: RequestLogEntry[]; lastSeq: number }>(
      entra,
      'GET',
      `/_emulator/requests?since=${since}`,
    );
    return answer.requests;
  }

  return {
    entraUrl: entra,
    graphUrl: graph,

    ssoToken,

    /**
     * Stores a profile as a newer or sloppier Graph would hold it (members beyond our model,
     * values that break write rules): `PUT /_emulator/graph/profiles/{id}`.
     */
    storeProfile(
      id: string,
      profile: Record<string, unknown>,
      options: { tenantId?: string; shape?: string } = {},
    ): Promise<{ tenantId: string; id: string }> {
      return call(graph, 'PUT', `/_emulator/graph/profiles/${id}`, { ...options, profile });
    },

    /** A profile as the emulator stores it, secrets included: `GET /_emulator/graph/profiles/{id}`. */
    storedProfile(id: string): Promise<{ tenantId: string; id: string; content: Record<string, unknown> }> {
      return call(graph, 'GET', `/_emulator/graph/profiles/${id}`);
    },

    /**
     * Gives a profile `count` generated sync errors (`mix`: entry types, codes and weights; `seed`
     * makes the set repeatable): `POST /_emulator/graph/profiles/{id}/errors`. Answers the groups,
     * most frequent first.
     */
    giveSyncErrors(id: string, errorSet: SyncErrorSet): Promise<GivenSyncErrors> {
      return call(graph, 'POST', `/_emulator/graph/profiles/${id}/errors`, errorSet);
    },

    /**
     * How the profile's next sync ends, then the clock moved past it (`NEXT_RUN_SECONDS`), so its
     * status shows the outcome: `POST /_emulator/graph/profiles/{id}/next-run`.
     */
    async finishNextRun(id: string, outcome: RunOutcome, errorCount = 0): Promise<void> {
      await call(graph, 'POST', `/_emulator/graph/profiles/${id}/next-run`, { outcome, errorCount });
      await advanceClock(NEXT_RUN_SECONDS);
    },

    /** The activity-feed notifications Graph accepted (`persona`: only those it reached). */
    async activity(persona?: string): Promise<ActivityNotification[]> {
      const query = persona === undefined ? '' : `?${new URLSearchParams({ persona })}`;
      const answer = await call<{ notifications: ActivityNotification[] }>(
        graph,
        'GET',
        `/_emulator/teams/activity${query}`,
      );
      return answer.notifications;
    },

    /**
     * A delegated Graph token obtained the way our backend obtains one: a real on-behalf-of POST
     * to the emulator's token endpoint with the demo app's credentials. `scopes` are full Graph
     * scopes (`https://graph.microsoft.com/.default`, `https://graph.microsoft.com/EduAdministration.Read`).
     */
    async graphToken(
      persona: string,
      scopes: string[] = ['https://graph.microsoft.com/.default'],
      tokenOptions: SsoTokenRequestOptions = {},
    ): Promise<string> {
      const known = findPersona(persona);
      if (!known) {
        throw new Error(`Unknown persona "${persona}". Known: ${personas.map((p) => p.key).join(', ')}`);
      }
      return accessToken(known.tenantId, {
        grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
        requested_token_use: 'on_behalf_of',
        assertion: await ssoToken(persona, tokenOptions),
        scope: scopes.join(' '),
      });
    },

    /** An app-only Graph token (client credentials) for a tenant, as the backend's monitor gets one. */
    appToken(tenantId: string): Promise<string> {
      return accessToken(tenantId, {
        grant_type: 'client_credentials',
        scope: 'https://graph.microsoft.com/.default',
      });
    },

    /** Conditional Access step-up for a persona: on-behalf-of answers AADSTS50076 with `claims`. */
    requireStepUp(
      persona: string,
      required: boolean,
    ): Promise<{ persona: string; required: boolean; claims: string }> {
      return call(entra, 'POST', '/_emulator/entra/claims-challenge', { persona, required });
    },

    /** `rollover` (default) signs with the already published next key; `emergency` with a new one. */
    rotateKeys(
      graceSeconds?: number,
      kind?: 'rollover' | 'emergency',
    ): Promise<{ kid: string; previousKid: string; nextKid: string }> {
      return call(entra, 'POST', '/_emulator/keys/rotate', {
        ...(graceSeconds === undefined ? {} : { graceSeconds }),
        ...(kind === undefined ? {} : { kind }),
      });
    },

    /** Stops publishing a signing key at once (default: the current one, replaced by a new key). */
    withdrawKey(kid?: string): Promise<{ withdrawnKid: string; currentKid: string }> {
      return call(entra, 'POST', '/_emulator/keys/withdraw', kid === undefined ? {} : { kid });
    },

    /** Moves the emulator clock forward; answers the emulator's new time. */
    advanceClock,

    /** Logged Entra and Graph requests after sequence number `since` (0: all kept). */
    requests,

    /** The sequence number of the newest logged request: remember it, then ask `requests(seq)`. */
    async lastSeq(): Promise<number> {
      // Asking for entries after the largest possible seq returns none, only the counter.
      const answer = await call<{ lastSeq: number }>(
        entra,
        'GET',
        `/_emulator/requests?since=${Number.MAX_SAFE_INTEGER}`,
      );
      return answer.lastSeq;
    },

    async clearRequests(): Promise<void> {
      await call(entra, 'DELETE', '/_emulator/requests');
    },

    /** Data, consent, clock, faults, keys, outage and request log back to the start. */
    async reset(): Promise<void> {
      await call(entra, 'POST', '/_emulator/reset');
    },

    setFaults(spec: FaultSpec): Promise<FaultSpec> {
      return call(graph, 'POST', '/_emulator/faults', spec);
    },

    async clearFaults(): Promise<void> {
      await call(graph, 'DELETE', '/_emulator/faults');
    },

    setConsent(tenantId: string, granted: boolean): Promise<ConsentState> {
      return call(entra, 'POST', '/_emulator/consent', { tenantId, granted });
    },

    /** Replaces a tenant's profiles with `profileCount` generated ones (benchmarks). */
    seed(profileCount: number, tenantId?: string): Promise<unknown> {
      return call(
        graph,
        'POST',
        '/_emulator/seed',
        tenantId === undefined ? { profileCount } : { profileCount, tenantId },
      );
    },

    /** "Entra is down": the token endpoint resets every connection until set back to false. */
    /** `endpoints: 'all'` takes discovery and the signing keys down too, not only the token endpoint. */
    setEntraOutage(down: boolean, endpoints?: 'token' | 'all'): Promise<{ down: boolean }> {
      return call(entra, 'POST', '/_emulator/entra/outage', { down, ...(endpoints ? { endpoints } : {}) });
    },
  };
}
