/**
 * The profiles each tenant has, keyed by the token's `tid`: no tenant ever sees another's.
 * Everything time-dependent lives in each profile's `Timeline` and is computed on read.
 */
import type { ProfileWrite } from '../../contracts/graph';
import { tenants } from '../directory';
import * as lifecycle from './lifecycle';
import { errorsOfRun, MAX_SYNC_ERRORS, type SyncErrorRecord } from './sync-errors';

/** A profile's writable content as stored: canonical @odata.types, secrets included. */
export type ProfileContent = Omit<ProfileWrite, 'id' | '@odata.type'>;

/** What verification of a CSV profile's uploaded files finds (the files themselves are imaginary). */
export type FileVerification = 'clean' | 'warnings' | 'errors';

export type UploadState = {
  /** When the last upload URL was handed out; files count as uploaded once processing is over. */
  requestedAt: number | null;
  verification: FileVerification;
};

export type StoredProfile = {
  id: string;
  tenantId: string;
  createdAt: number;
  content: ProfileContent;
  timeline: lifecycle.Timeline;
  /** Errors recorded so far (runs still in the current stretch are added on read). */
  errors: SyncErrorRecord[];
  /**
   * How many errors the profile keeps (MAX_SYNC_ERRORS unless the control API gave it a larger
   * set: `POST /_emulator/graph/profiles/{id}/errors`).
   */
  errorCap?: number;
  upload: UploadState;
};

export class ProfileStore {
  #byTenant = new Map<string, Map<string, StoredProfile>>();

  #tenant(tenantId: string): Map<string, StoredProfile> {
    let profiles = this.#byTenant.get(tenantId);
    if (!profiles) {
      profiles = new Map();
      this.#byTenant.set(tenantId, profiles);
    }
    return profiles;
  }

  /** The tenant's profiles in creation order, without those whose deletion has completed. */
  list(tenantId: string, now: number): StoredProfile[] {
    const profiles = this.#tenant(tenantId);
    for (const [key, profile] of profiles) {
      if (lifecycle.isGone(profile.timeline, now)) profiles.delete(key);
    }
    return [...profiles.values()];
  }

  /** Ids are GUIDs; Graph matches them case-insensitively. */
  get(tenantId: string, id: string, now: number): StoredProfile | undefined {
    const profile = this.#tenant(tenantId).get(id.toLowerCase());
    if (!profile || lifecycle.isGone(profile.timeline, now)) return undefined;
    return profile;
  }

  add(profile: StoredProfile): void {
    this.#tenant(profile.tenantId).set(profile.id.toLowerCase(), profile);
  }

  replaceTenant(tenantId: string, profiles: StoredProfile[]): void {
    this.#byTenant.set(tenantId, new Map(profiles.map((p) => [p.id.toLowerCase(), p])));
  }

  clear(): void {
    this.#byTenant.clear();
  }
}

/** The domain error records use for people (the profile's student domain, else the tenant's). */
export function errorDomain(profile: StoredProfile): string {
  const config = profile.content.identitySynchronizationConfiguration;
  if (config['@odata.type'] === '#microsoft.graph.educationIdentityCreationConfiguration') {
    const domain = config.userDomains.find((d) => d.appliesTo === 'student') ?? config.userDomains[0];
    if (domain) return domain.name;
  } else {
    const option = config.matchingOptions.find((o) => o.targetDomain);
    if (option?.targetDomain) return option.targetDomain;
  }
  const tenant = Object.values(tenants).find((t) => t.id === profile.tenantId);
  return tenant?.defaultDomain ?? 'school.edu';
}

function capOf(profile: StoredProfile): number {
  return Math.max(MAX_SYNC_ERRORS, profile.errorCap ?? 0);
}

function pendingErrors(profile: StoredProfile, now: number): SyncErrorRecord[] {
  const runs = lifecycle.errorRuns(profile.timeline, now, capOf(profile));
  const domain = errorDomain(profile);
  return runs.flatMap((run) => errorsOfRun(profile.id, domain, run, profile.timeline.plan.errorsPerRun));
}

/** Every error of the profile at `now`, oldest first, the newest MAX_SYNC_ERRORS (or its errorCap) kept. */
export function syncErrorsOf(profile: StoredProfile, now: number): SyncErrorRecord[] {
  const pending = pendingErrors(profile, now);
  // A seeded set of 50,000 is read a page at a time: no copy when nothing was added since.
  if (pending.length === 0 && profile.errors.length <= capOf(profile)) return profile.errors;
  const all = [...profile.errors, ...pending];
  const cap = capOf(profile);
  return all.length > cap ? all.slice(all.length - cap) : all;
}

/** How many errors `syncErrorsOf` would list, without generating them (status reads are frequent). */
export function syncErrorCount(profile: StoredProfile, now: number): number {
  const runs = lifecycle.errorRuns(profile.timeline, now, capOf(profile));
  return Math.min(capOf(profile), profile.errors.length + runs.length * profile.timeline.plan.errorsPerRun);
}

/**
 * Applies a lifecycle transition. The running stretch's errors are stored first, because the
 * transition ends the stretch that would otherwise keep computing them.
 */
export function transition(
  profile: StoredProfile,
  now: number,
  change: (t: lifecycle.Timeline, now: number) => lifecycle.Timeline,
): void {
  profile.errors = syncErrorsOf(profile, now);
  profile.timeline = change(lifecycle.settle(profile.timeline, now), now);
}
