/**
 * The answers the dashboard's first load reads — the public configuration, who is signed in, the
 * profile list and problem+json — written with `zod/mini`, whose functions tree-shake: these
 * schemas cost the first load a few kB instead of the whole zod API. contracts/api.ts re-exports
 * them, so the backend parses what it sends with the very schemas the tab reads with.
 */
import * as z from 'zod/mini';
import { profileStates, providerKinds, syncStatuses } from './graphEnums';
import { problemCodes } from './wire';

// ---------------------------------------------------------------------------------------------
// Errors: RFC 9457 problem+json with a stable `code` the tab switches on

export const fieldProblemSchema = z.object({
  /** Dotted path such as `licensesToAssign.0.skuIds.1` (empty for the whole body). */
  path: z.string(),
  message: z.string(),
});
export type FieldProblem = z.infer<typeof fieldProblemSchema>;

/**
 * Every member of a problem except a 412's `current` version, which only the editor reads (it
 * parses it with the full profile schema, contracts/api.ts `problemSchema`).
 */
export const problemBaseSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.int(),
  code: z.enum(problemCodes),
  detail: z.string(),
  /** Our request id (also the `x-request-id` header): quote it to support. */
  requestId: z.optional(z.string()),
  /** Graph's own error code, message and request-id when Graph answered the error. */
  graph: z.optional(
    z.object({
      code: z.string(),
      message: z.string(),
      requestId: z.optional(z.string()),
      date: z.optional(z.string()),
    }),
  ),
  fields: z.optional(z.array(fieldProblemSchema)),
  consentUrl: z.optional(z.string()),
  /** `interaction_required` only: the claims Entra asked for, as the JSON string Entra gave. */
  claims: z.optional(z.string()),
  retryAfterSeconds: z.optional(z.number()),
  /** 412 only: the version that is on the server now (see contracts/api.ts `problemSchema`). */
  current: z.optional(z.unknown()),
});
export type ProblemBase = z.infer<typeof problemBaseSchema>;

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
  restriction: z.optional(z.string()),
});
export type Me = z.infer<typeof meSchema>;

// ---------------------------------------------------------------------------------------------
// Profiles on the dashboard

export const profileStatusSchema = z.object({
  id: z.string(),
  status: z.enum(syncStatuses),
  statusMessage: z.string(),
  errorCount: z.int().check(z.nonnegative()),
  lastSynchronizationDateTime: z.nullable(z.string()),
  lastActivityDateTime: z.nullable(z.string()),
});
export type ProfileStatus = z.infer<typeof profileStatusSchema>;

export const profileSummarySchema = z.object({
  id: z.string(),
  displayName: z.string(),
  provider: z.enum(providerKinds),
  state: z.enum(profileStates),
  /** Null when the status could not be read; `statusProblem` then says why. */
  status: z.nullable(profileStatusSchema),
  statusProblem: z.optional(z.object({ code: z.enum(problemCodes), detail: z.string() })),
});
export type ProfileSummary = z.infer<typeof profileSummarySchema>;

export const profileListSchema = z.object({
  profiles: z.array(profileSummarySchema),
});
export type ProfileList = z.infer<typeof profileListSchema>;

// ---------------------------------------------------------------------------------------------
// Public runtime configuration (`GET /api/config`, no auth)

export const tabConfigSchema = z.object({
  /** Extra origins allowed to host the tab (the local Teams host emulator), for app.initialize. */
  teamsHostOrigins: z.array(z.string()),
  clientId: z.string(),
  version: z.string(),
  /** Entra's origin (`https://login.microsoftonline.com`): the auth-start page only redirects there. */
  authorityHost: z.string(),
});
export type TabConfig = z.infer<typeof tabConfigSchema>;
