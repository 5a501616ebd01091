/**
 * What the emulator's services share: one clock (tests move it instead of sleeping), one request
 * log (tests and the benchmark count token exchanges and Graph calls from it), the signing keys,
 * and the hooks that put everything back on `POST /_emulator/reset`.
 */
import { randomUUID } from 'node:crypto';
import type { RegisteredCertificate } from './entra/clientAssertion';
import type { KeyStore } from './keys';

export type EmulatorService = 'entra' | 'graph' | 'teams-host';

/** A clock that starts at real time and can be moved forward. */
export class Clock {
  #offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.#offsetMs);
  }

  nowSeconds(): number {
    return Math.floor(this.now().getTime() / 1000);
  }

  advance(seconds: number): Date {
    this.#offsetMs += seconds * 1000;
    return this.now();
  }

  reset(): void {
    this.#offsetMs = 0;
  }
}

export type RequestLogEntry = {
  seq: number;
  id: string;
  time: string;
  service: EmulatorService;
  method: string;
  path: string;
  status: number;
  /** The persona key (`admin@contoso`) when a user token was presented. */
  persona?: string;
  tenantId?: string;
  /** The calling application's client id (token requests, app-only tokens). */
  clientId?: string;
  /** Token scopes presented to Graph, or scopes requested from the token endpoint. */
  scopes?: string[];
  /** For the token endpoint: the grant type. */
  grantType?: string;
  /**
   * A sub-request of a Graph `$batch`: logged on its own, and also listed in the batch's entry.
   * Round trips are the entries without this flag.
   */
  inBatch?: boolean;
  /** For Graph $batch: the sub-requests' method and URL. */
  batch?: { method: string; url: string; status: number }[];
  /** True when the answer came from an injected fault. */
  fault?: boolean;
};

const LOG_LIMIT = 20_000;

/** Recent requests to Entra and Graph, oldest first, capped. */
export class RequestLog {
  #entries: RequestLogEntry[] = [];
  #seq = 0;
  readonly #clock: Clock | undefined;

  /** With a clock, entries are stamped with emulator time, so they line up with token lifetimes. */
  constructor(clock?: Clock) {
    this.#clock = clock;
  }

  record(entry: Omit<RequestLogEntry, 'seq' | 'id' | 'time'> & { time?: string }): RequestLogEntry {
    const full: RequestLogEntry = {
      seq: ++this.#seq,
      id: randomUUID(),
      time: entry.time ?? (this.#clock?.now() ?? new Date()).toISOString(),
      ...entry,
    };
    this.#entries.push(full);
    if (this.#entries.length > LOG_LIMIT) this.#entries.splice(0, this.#entries.length - LOG_LIMIT);
    return full;
  }

  /** Entries after sequence number `since` (0 for all). */
  list(since = 0): RequestLogEntry[] {
    return this.#entries.filter((e) => e.seq > since);
  }

  lastSeq(): number {
    return this.#seq;
  }

  clear(): void {
    this.#entries = [];
  }
}

export type EmulatorUrls = {
  entra: string;
  graph: string;
  teamsHost: string;
  /** Where our tab is served (its domain is part of the App ID URI). */
  tab: string;
};

/**
 * "Entra is down" for the resilience suite: while `down`, Entra answers the chosen endpoints by
 * resetting the connection, as a client sees an unreachable or failing identity provider.
 */
export type EntraOutage = {
  down: boolean;
  /** `token`: only the token endpoints; `all`: discovery, keys and consent pages as well. */
  endpoints: 'token' | 'all';
};

export type EmulatorContext = {
  urls: EmulatorUrls;
  clock: Clock;
  log: RequestLog;
  keys: KeyStore;
  /** Tenant ids that have granted our app admin consent (tenant-wide). */
  consentedTenants: Set<string>;
  /** Tenant ids whose admin consent includes our application permissions (app-only tokens' roles). */
  appConsentedTenants: Set<string>;
  /** Object ids of personas a Conditional Access policy asks to step up (emulator/entra/claims-challenge.ts). */
  stepUpPersonas: Set<string>;
  entraOutage: EntraOutage;
  /** Certificates registered for our app (client assertions), by SHA-256 thumbprint; none at start. */
  appCertificates: Map<string, RegisteredCertificate>;
  /** Registers a function that `POST /_emulator/reset` calls. */
  onReset: (fn: () => void) => void;
  /** Runs every registered reset function. */
  reset: () => void;
};
