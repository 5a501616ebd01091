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
function errorDomain(profile: StoredProfile): string {
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

function pendingErrors(profile: StoredProfile, now: number): SyncErrorRecord[] {
  const runs = lifecycle.errorRuns(profile.timeline, now, MAX_SYNC_ERRORS);
  const domain = errorDomain(profile);
  return runs.flatMap((run) => errorsOfRun(profile.id, domain, run, profile.timeline.plan.errorsPerRun));
}

/** Every error of the profile at `now`, oldest first, newest MAX_SYNC_ERRORS kept. */
export function syncErrorsOf(profile: StoredProfile, now: number): SyncErrorRecord[] {
  const all = [...profile.errors, ...pendingErrors(profile, now)];
  return all.length > MAX_SYNC_ERRORS ? all.slice(all.length - MAX_SYNC_ERRORS) : all;
}

/** How many errors `syncErrorsOf` would list, without generating them (status reads are frequent). */
export function syncErrorCount(profile: StoredProfile, now: number): number {
  const runs = lifecycle.errorRuns(profile.timeline, now, MAX_SYNC_ERRORS);
  return Math.min(MAX_SYNC_ERRORS, profile.errors.length + runs.length * profile.timeline.plan.errorsPerRun);
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
