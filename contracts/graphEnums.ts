/**
 * Graph's SDS enumerations that the wire carries (profile state, sync status) and the provider
 * kind as the tab names it, without zod: the tab's first load (contracts/firstLoad.ts) needs these
 * values, and contracts/graph.ts (which builds every Graph schema at import) is too big for it.
 * contracts/graph.ts re-exports all of them.
 */

export const profileStates = [
  'deleting',
  'deletionFailed',
  'provisioningFailed',
  'provisioned',
  'provisioning',
  'unknownFutureValue',
] as const;
export type ProfileState = (typeof profileStates)[number];

/**
 * `educationSynchronizationStatus` is an evolvable enum: `extracting` and `validating` come after
 * the `unknownFutureValue` sentinel and are only returned with `Prefer: include-unknown-enum-members`.
 */
export const syncStatuses = [
  'paused',
  'inProgress',
  'success',
  'error',
  'validationError',
  'quarantined',
  'unknownFutureValue',
  'extracting',
  'validating',
] as const;
export type SyncStatus = (typeof syncStatuses)[number];

/** The provider kind as the tab names it. */
export const providerKinds = ['csv', 'powerSchool', 'oneRoster'] as const;
export type ProviderKind = (typeof providerKinds)[number];
