/**
 * The wire between the tab (src/) and the backend (server/). Both sides parse with these schemas,
 * so an allowed value or a limit is written once. Routes are listed in `apiRoutes`.
 */
import { z } from 'zod';
import {
  graphProfileReadSchema,
  normalizeODataTypes,
  parseKeepingUnknownMembers,
  profileStates,
  profileWriteSchema,
  providerKinds,
  readOnlyProfileMembers,
  syncStatuses,
  type GraphProfile,
  type UnknownMember,
} from './graph';
import { problemCodes, profileActions } from './wire';

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

export const fieldProblemSchema = z.object({
  /** Dotted path such as `licensesToAssign.0.skuIds.1` (empty for the whole body). */
  path: z.string(),
  message: z.string(),
});
export type FieldProblem = z.infer<typeof fieldProblemSchema>;

export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  code: z.enum(problemCodes),
  detail: z.string(),
  /** Our request id (also the `x-request-id` header): quote it to support. */
  requestId: z.string().optional(),
  /** Graph's own error code, message and request-id when Graph answered the error. */
  graph: z
    .object({
      code: z.string(),
      message: z.string(),
      requestId: z.string().optional(),
      date: z.string().optional(),
    })
    .optional(),
  fields: z.array(fieldProblemSchema).optional(),
  consentUrl: z.string().optional(),
  claims: z.string().optional(),
  retryAfterSeconds: z.number().optional(),
  /** 412 only: the version that is on the server now. */
  current: z.lazy(() => profileDetailSchema).optional(),
});
export type Problem = z.infer<typeof problemSchema>;

// ---------------------------------------------------------------------------------------------
// Who is signed in

export const meSchema = z.object({
  displayName: z.string(),
  userPrincipalName: z.string(),
  objectId: z.string(),
  tenantId: z.string(),
  canRead: z.boolean(),
  canWrite: z.boolean(),
  /** Why the user cannot read or write, in words the tab shows. */
  restriction: z.string().optional(),
});
export type Me = z.infer<typeof meSchema>;

// ---------------------------------------------------------------------------------------------
// Profiles

export const profileStatusSchema = z.object({
  id: z.string(),
  status: z.enum(syncStatuses),
  statusMessage: z.string(),
  errorCount: z.number().int().nonnegative(),
  lastSynchronizationDateTime: z.string().nullable(),
  lastActivityDateTime: z.string().nullable(),
});
export type ProfileStatus = z.infer<typeof profileStatusSchema>;

export const profileSummarySchema = z.object({
  id: z.string(),
  displayName: z.string(),
  provider: z.enum(providerKinds),
  state: z.enum(profileStates),
  /** Null when the status could not be read; `statusProblem` then says why. */
  status: profileStatusSchema.nullable(),
  statusProblem: z.object({ code: z.enum(problemCodes), detail: z.string() }).optional(),
});
export type ProfileSummary = z.infer<typeof profileSummarySchema>;

export const profileListSchema = z.object({
  profiles: z.array(profileSummarySchema),
});
export type ProfileList = z.infer<typeof profileListSchema>;

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

export const SYNC_ERRORS_PAGE_SIZE_MAX = 100;
export const syncErrorsQuerySchema = z.object({
  skip: z.coerce.number().int().min(0).default(0),
  top: z.coerce.number().int().min(1).max(SYNC_ERRORS_PAGE_SIZE_MAX).default(25),
});
export const syncErrorsPageSchema = z.object({
  errors: z.array(syncErrorSchema),
  totalCount: z.number().int().nonnegative(),
  skip: z.number().int().nonnegative(),
  top: z.number().int().positive(),
});
export type SyncErrorsPage = z.infer<typeof syncErrorsPageSchema>;

export const verificationMessageSchema = z.object({
  type: z.enum(['error', 'warning', 'information']),
  fileName: z.string(),
  description: z.string(),
});
export type VerificationMessageView = z.infer<typeof verificationMessageSchema>;

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
  /** When Entra and Graph were last asked (answers are reused for a few seconds; the shared state is asked every time). */
  checkedAt: z.iso.datetime().optional(),
  checks: z.object({
    entra: healthCheckSchema,
    graph: healthCheckSchema,
    sharedState: healthCheckSchema,
  }),
});
export type Health = z.infer<typeof healthSchema>;

/** Public runtime configuration the backend serves to the tab (`GET /api/config`, no auth). */
export const tabConfigSchema = z.object({
  /** Extra origins allowed to host the tab (the local Teams host emulator), for app.initialize. */
  teamsHostOrigins: z.array(z.string()),
  clientId: z.string(),
  version: z.string(),
  /** Entra's origin (`https://login.microsoftonline.com`): the auth-start page only redirects there. */
  authorityHost: z.string(),
});
export type TabConfig = z.infer<typeof tabConfigSchema>;

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
