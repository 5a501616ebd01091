/**
 * The wire between the tab (src/) and the backend (server/). Both sides parse with these schemas,
 * so an allowed value or a limit is written once. Routes are listed in `apiRoutes`.
 */
import { z } from 'zod';
import { problemBaseSchema, type FieldProblem } from './firstLoad';
import {
  graphProfileReadSchema,
  guidSchema,
  normalizeODataTypes,
  parseKeepingUnknownMembers,
  profileStates,
  profileWriteSchema,
  readOnlyProfileMembers,
  type GraphProfile,
  type UnknownMember,
} from './graph';
import { profileActions } from './wire';

// The first load's answers (config, me, the profile list, problems) are written with zod/mini in
// ./firstLoad, so that the dashboard does not load the whole zod API before its first card.
export {
  fieldProblemSchema,
  meSchema,
  problemBaseSchema,
  profileListSchema,
  profileStatusSchema,
  profileSummarySchema,
  tabConfigSchema,
  type FieldProblem,
  type Me,
  type ProblemBase,
  type ProfileList,
  type ProfileStatus,
  type ProfileSummary,
  type TabConfig,
} from './firstLoad';

// The plain values (routes, codes, limits) live in ./wire, without zod, for the tab's first load.
export {
  AFTER_CONSENT_HEADER,
  apiRoutes,
  MAX_JSON_BODY_BYTES,
  PROBLEM_CONTENT_TYPE,
  problemCodes,
  profileActions,
  type ProblemCode,
  type ProfileAction,
} from './wire';

// ---------------------------------------------------------------------------------------------
// Errors: RFC 9457 problem+json with a stable `code` the tab switches on

/** A problem, with a 412's `current` version parsed as the profile it is. */
export const problemSchema = z.object({
  ...problemBaseSchema.shape,
  /** 412 only: the version that is on the server now. */
  current: z.lazy(() => profileDetailSchema).optional(),
});
export type Problem = z.infer<typeof problemSchema>;

/**
 * A profile as the tab sees it: Graph's profile with secrets removed, read leniently (issue 11 §2):
 * it may break write rules (a non-GUID SKU, an empty name) and carry members newer than our model.
 * The editor checks it with `checkProfileUpdate` and shows each broken rule as a field error.
 */
export const profileSchema = graphProfileReadSchema.extend({
  state: z.enum(profileStates),
});
export type Profile = z.infer<typeof profileSchema>;

export const profileDetailSchema = z.object({
  profile: profileSchema,
  /** Strong ETag of the editable content, quoted, as in the `ETag` header. */
  etag: z.string(),
});
export type ProfileDetail = z.infer<typeof profileDetailSchema>;

/**
 * What the editor sends with PUT /api/profiles/:id (with If-Match): the write rules Graph's
 * emulator applies. Connection details of the data provider are not editable here: the backend
 * keeps the current ones (and their secrets).
 */
export const profileUpdateSchema = profileWriteSchema.omit({ '@odata.type': true, id: true });
export type ProfileUpdate = z.infer<typeof profileUpdateSchema>;

export type ProfileUpdateCheck =
  | { ok: true; update: ProfileUpdate; unknownMembers: UnknownMember[] }
  | { ok: false; fields: FieldProblem[] };

/**
 * The write rules, applied as the backend applies them to PUT /api/profiles/:id, so the editor
 * can check a loaded profile before the admin touches it: read-only members (`id`, `state`,
 * `@odata.context`, `errors`, `profileStatus`, …) are ignored (OData 4.01 §11.4.3; the backend
 * refuses an `id` that is not the URL's), members newer than our model nested inside the profile
 * travel untouched, and everything else must satisfy `profileUpdateSchema`. `fields` names each
 * broken rule by its dotted path (`licensesToAssign.0.skuIds.0`). The backend also refuses an
 * unknown member the profile on Graph does not have (`unknownMembers`, see `unknownMembersNotIn`):
 * what Graph returned may go back, nothing made up.
 */
export function checkProfileUpdate(body: Record<string, unknown>): ProfileUpdateCheck {
  const readOnly: readonly string[] = readOnlyProfileMembers;
  const writable = Object.fromEntries(
    Object.entries(normalizeODataTypes(body) as Record<string, unknown>).filter(
      ([key]) => !readOnly.includes(key),
    ),
  );
  const result = parseKeepingUnknownMembers(profileUpdateSchema, writable);
  return result.success
    ? { ok: true, update: result.data, unknownMembers: result.unknownMembers }
    : { ok: false, fields: fieldProblems(result.error) };
}

export const syncErrorSchema = z.object({
  id: z.string(),
  entryType: z.string(),
  errorCode: z.string(),
  errorMessage: z.string(),
  joiningValue: z.string().nullable(),
  reportableIdentifier: z.string().nullable(),
  recordedDateTime: z.string().nullable(),
});
export type SyncError = z.infer<typeof syncErrorSchema>;

export const SYNC_ERRORS_PAGE_SIZE_MAX = 200;
/** Longest search text: an identifier or a name, never a paragraph. */
export const SYNC_ERRORS_SEARCH_MAX = 200;
const filterText = (max: number) =>
  z
    .string({ error: 'must be given once, as text' })
    .max(max, { error: `must be at most ${max} characters` })
    .optional();
/**
 * GET /api/profiles/:id/errors: one page of the profile's errors, newest first, optionally only
 * one group (entryType + errorCode) and those whose identifier, joining value or id contains
 * `search` (case-insensitive).
 */
export const syncErrorsQuerySchema = z.object({
  skip: z.coerce.number().int().min(0).max(10_000_000).default(0),
  top: z.coerce.number().int().min(1).max(SYNC_ERRORS_PAGE_SIZE_MAX).default(25),
  entryType: filterText(64),
  errorCode: filterText(128),
  search: filterText(SYNC_ERRORS_SEARCH_MAX),
});
export type SyncErrorsQuery = z.infer<typeof syncErrorsQuerySchema>;
export const syncErrorsPageSchema = z.object({
  errors: z.array(syncErrorSchema),
  /** How many errors match the filter (all of the profile's without one). */
  totalCount: z.number().int().nonnegative(),
  skip: z.number().int().nonnegative(),
  top: z.number().int().positive(),
});
export type SyncErrorsPage = z.infer<typeof syncErrorsPageSchema>;

/** Errors of one entry type with one error code: what the admin fixes together. */
export const syncErrorGroupSchema = z.object({
  entryType: z.string(),
  errorCode: z.string(),
  count: z.number().int().positive(),
  /** The message of the group's newest error (messages within a group differ in names only). */
  sampleMessage: z.string(),
});
export type SyncErrorGroup = z.infer<typeof syncErrorGroupSchema>;

/** GET /api/profiles/:id/errors/groups: every group, most frequent first. */
export const syncErrorGroupsSchema = z.object({
  totalCount: z.number().int().nonnegative(),
  groups: z.array(syncErrorGroupSchema),
  /** When the backend read the errors from Graph (its index is reused until the status changes). */
  indexedAt: z.iso.datetime(),
});
export type SyncErrorGroups = z.infer<typeof syncErrorGroupsSchema>;

/** POST /api/profiles/:id/errors/export: a one-time link to the CSV, for the browser Teams opens. */
export const exportLinkSchema = z.object({
  url: z.string(),
  expiresAt: z.iso.datetime(),
});
export type ExportLink = z.infer<typeof exportLinkSchema>;

export const verificationMessageSchema = z.object({
  type: z.enum(['error', 'warning', 'information']),
  fileName: z.string(),
  description: z.string(),
});
export type VerificationMessageView = z.infer<typeof verificationMessageSchema>;

// ---------------------------------------------------------------------------------------------
// Bulk actions: several profiles paused, resumed or started at once (POST /api/profiles/bulk/:action)

export const bulkActions = ['pause', 'resume', 'start'] as const;
export type BulkAction = (typeof bulkActions)[number];
export const BULK_PROFILES_MAX = 50;

export const bulkActionRequestSchema = z.strictObject({
  profileIds: z
    .array(guidSchema)
    .min(1, { error: 'name at least one profile' })
    .max(BULK_PROFILES_MAX, { error: `name at most ${BULK_PROFILES_MAX} profiles at once` })
    .refine((ids) => new Set(ids.map((id) => id.toLowerCase())).size === ids.length, {
      error: 'names a profile more than once',
    }),
});
export type BulkActionRequest = z.infer<typeof bulkActionRequestSchema>;

export const bulkActionResultSchema = z.object({
  action: z.enum(bulkActions),
  results: z.array(
    z.object({
      profileId: z.string(),
      /** Null when the profile could not be read (it may not exist, or not for this user). */
      profileName: z.string().nullable(),
      outcome: z.enum(['done', 'refused']),
      /** Refused: a problem code (contracts/wire.ts) and what to do, in the admin's words. */
      code: z.string().optional(),
      detail: z.string().optional(),
      /** start only: what verification found (errors mean the sync did not start). */
      verificationMessages: z.array(verificationMessageSchema).optional(),
    }),
  ),
});
export type BulkActionResult = z.infer<typeof bulkActionResultSchema>;

export const actionResultSchema = z.object({
  action: z.enum(profileActions),
  /** False only for `start` when verification found errors (sync did not start). */
  started: z.boolean(),
  verificationMessages: z.array(verificationMessageSchema),
});
export type ActionResult = z.infer<typeof actionResultSchema>;

const healthCheckSchema = z.object({
  ok: z.boolean(),
  detail: z.string().optional(),
  /** How long the check took. */
  latencyMs: z.number().nonnegative().optional(),
  /** When not ok: what stops working until it is (README, "Operate"). */
  impact: z.string().optional(),
});

export const healthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  version: z.string(),
  /** Where the save lock, rate limit and token cache live: this process, or Redis shared by every instance. */
  sharedState: z.enum(['memory', 'redis']),
  /** Where the change history lives: PGlite in this instance, or PostgreSQL shared by every instance. */
  database: z.enum(['pglite', 'postgres']),
  /** When Entra, Graph and the database were last asked (answers are reused for a few seconds; the shared state is asked every time). */
  checkedAt: z.iso.datetime().optional(),
  checks: z.object({
    entra: healthCheckSchema,
    graph: healthCheckSchema,
    sharedState: healthCheckSchema,
    database: healthCheckSchema,
  }),
});
export type Health = z.infer<typeof healthSchema>;

/** Strips provider secrets from a Graph profile: nothing secret ever reaches the tab. */
export function withoutSecrets(profile: GraphProfile): GraphProfile {
  const provider = { ...profile.dataProvider } as Record<string, unknown>;
  delete provider.clientSecret;
  if (provider.connectionSettings && typeof provider.connectionSettings === 'object') {
    const settings = { ...(provider.connectionSettings as Record<string, unknown>) };
    delete settings.clientSecret;
    provider.connectionSettings = settings;
  }
  return { ...profile, dataProvider: provider as GraphProfile['dataProvider'] };
}

/**
 * Flattens zod issues into the `fields` of a validation problem. zod reports unknown members on
 * the object that holds them (an empty path at the top level); each becomes a field of its own,
 * so every problem names the member to fix.
 */
export function fieldProblems(error: z.ZodError): FieldProblem[] {
  return error.issues.flatMap((issue) => {
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: [...path, key].join('.'),
        message: 'is not a known member: remove it',
      }));
    }
    return [{ path: path.join('.'), message: issue.message }];
  });
}

// ---------------------------------------------------------------------------------------------
// Change history: every save and action made through SDS Profiles (GET /api/history,
// GET /api/profiles/:id/history), newest first, a page at a time

export const HISTORY_PAGE_SIZE_DEFAULT = 20;
export const HISTORY_PAGE_SIZE_MAX = 50;
export const historyOperations = ['save', ...profileActions] as const;
/** pending: Graph has not answered yet; conflict: a 412; interrupted: the server stopped mid-change. */
export const historyOutcomes = ['pending', 'succeeded', 'conflict', 'failed', 'interrupted'] as const;

/** One line of the review dialog's change list (contracts/profileChanges.ts), as recorded. */
export const profileChangeSchema = z.discriminatedUnion('kind', [
  z.object({
    key: z.string(),
    section: z.string(),
    label: z.string(),
    kind: z.literal('value'),
    before: z.string(),
    after: z.string(),
    text: z.string(),
  }),
  z.object({
    key: z.string(),
    section: z.string(),
    label: z.string(),
    kind: z.literal('set'),
    added: z.array(z.string()),
    removed: z.array(z.string()),
    text: z.string(),
  }),
]);

export const historyEntrySchema = z.object({
  id: z.string(),
  profileId: z.string(),
  /** The profile's name when the change was made. */
  profileName: z.string(),
  operation: z.enum(historyOperations),
  outcome: z.enum(historyOutcomes),
  actor: z.object({ objectId: z.string(), displayName: z.string(), userPrincipalName: z.string() }),
  startedAt: z.string(),
  completedAt: z.string().nullable(),
  /** What we answered (202 for a save Graph accepted, 412, Graph's error status…). */
  httpStatus: z.number().int().nullable(),
  problemCode: z.string().nullable(),
  detail: z.string().nullable(),
  /** Our request id, and Graph's when Graph answered an error: what support asks for. */
  requestId: z.string(),
  graphRequestId: z.string().nullable(),
  /** Saves: the versions before and after (secrets never stored), and the change list. */
  before: profileSchema.nullable(),
  after: profileSchema.nullable(),
  changes: z.array(profileChangeSchema),
});
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

export const historyPageSchema = z.object({
  entries: z.array(historyEntrySchema),
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: z.string().nullable(),
});
export type HistoryPage = z.infer<typeof historyPageSchema>;

/** Query parameters: `person` (an object id) on both routes, `profile` on GET /api/history. */
export const historyParameters = ['cursor', 'limit', 'person', 'profile'] as const;
