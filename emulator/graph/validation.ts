/**
 * Request bodies: JSON only (415 otherwise), parsed strictly (400 on malformed JSON), and checked
 * with the strict write schemas from contracts/graph.ts. Every 400 names the field to fix; bodies
 * nested deeper than MAX_JSON_DEPTH and prototype keys (`__proto__`) are refused while parsing.
 */
import type { z } from 'zod';
import {
  latestExpirationDate,
  normalizeODataTypes,
  parseKeepingUnknownMembers,
  profilePatchSchema,
  profileWriteSchema,
  readOnlyProfileMembers,
  unknownMembersNotIn,
  type ProfileWrite,
  type UnknownMember,
} from '../../contracts/graph';
import { describeJsonTooDeep, parseJsonBody } from '../../contracts/json';
import { GraphHttpError, invalidRequest, type ErrorDetail } from './errors';

/** `application/json`, with or without parameters (the create page spells it `Application/json`). */
export function isJson(contentType: string | undefined): boolean {
  return /^application\/json\s*(;|$)/i.test(contentType?.trim() ?? '');
}

export function requireJsonBody(
  contentType: string | undefined,
  body: Buffer | undefined,
): Record<string, unknown> {
  if (!isJson(contentType)) {
    throw new GraphHttpError(
      415,
      'UnsupportedMediaType',
      `Content-Type must be application/json for this request${contentType ? `, not ${contentType}` : ' (the header is missing)'}.`,
    );
  }
  const text = body?.toString('utf8') ?? '';
  if (text.trim() === '')
    throw invalidRequest('The request body is empty: send the profile as a JSON object.');
  const result = parseJsonBody(text);
  if (!result.ok) {
    const { problem } = result;
    switch (problem.kind) {
      case 'syntax':
        throw invalidRequest(`The request body is not valid JSON: ${problem.message}.`);
      case 'tooDeep':
        throw invalidRequest(describeJsonTooDeep(problem.maxDepth));
      case 'prototypeKeys': {
        const details = problem.paths.map((target) => ({
          code: 'unknownProperty',
          message: `Unknown property '${target}': remove it from the body.`,
          target,
        }));
        throw invalidRequest(
          details.length === 1
            ? details[0]!.message
            : `${details[0]!.message} (and ${details.length - 1} more, listed in details)`,
          details[0]!.target,
          details,
        );
      }
    }
  }
  const parsed = result.value;
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw invalidRequest('The request body must be a JSON object.');
  }
  return parsed as Record<string, unknown>;
}

function pathOf(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}

/** One sentence per zod issue, naming the member; secrets are never echoed. */
function issueDetail(issue: z.core.$ZodIssue): ErrorDetail {
  const target = pathOf(issue.path);
  const secret = /clientSecret/i.test(target);
  const input = (issue as { input?: unknown }).input;
  let message: string;
  switch (issue.code) {
    case 'unrecognized_keys': {
      const key = issue.keys[0]!;
      const where = target === '' ? key : `${target}.${key}`;
      message = `Unknown property '${where}'${
        issue.keys.length > 1
          ? ` (and ${issue.keys
              .slice(1)
              .map((k) => `'${k}'`)
              .join(', ')})`
          : ''
      }: remove it from the body.`;
      return { code: 'unknownProperty', message, target: where };
    }
    case 'invalid_type':
      message =
        input === undefined
          ? `'${target}' is required.`
          : `'${target}' must be ${issue.expected === 'object' ? 'an object' : `a ${issue.expected}`}, not ${describe(input)}.`;
      return { code: input === undefined ? 'missingProperty' : 'invalidType', message, target };
    case 'invalid_value':
      message = `'${target}' ${issue.message}${secret || input === undefined ? '' : ` (got ${JSON.stringify(input)})`}.`;
      return { code: 'invalidValue', message, target };
    case 'invalid_union': {
      const given =
        input && typeof input === 'object' ? (input as Record<string, unknown>)['@odata.type'] : undefined;
      message =
        given === undefined
          ? `'${target}' is required: ${issue.message}.`
          : `'${target}' has an unknown value ${JSON.stringify(given)}: ${issue.message.replace(/^Invalid discriminator value\. Expected /, 'expected one of ')}.`;
      return { code: 'invalidValue', message, target };
    }
    default:
      message = `'${target}' ${issue.message}${secret || typeof input !== 'string' ? '' : ` (got ${JSON.stringify(input)})`}.`;
      return { code: 'invalidValue', message, target };
  }
}

function fail(error: z.ZodError): never {
  const details = error.issues.map(issueDetail);
  const first = details[0]!;
  throw invalidRequest(
    details.length === 1
      ? first.message
      : `${first.message} (and ${details.length - 1} more problem${details.length > 2 ? 's' : ''}, listed in details)`,
    first.target,
    details,
  );
}

/**
 * Read-only members a client echoes from a GET are ignored, as OData 4.01 §11.4.3 asks of a
 * service (`id` stays: the routes check it names the profile). Then every @odata.type is made
 * canonical.
 */
function prepare(body: Record<string, unknown>): Record<string, unknown> {
  const copy = { ...body };
  for (const member of readOnlyProfileMembers) if (member !== 'id') delete copy[member];
  return normalizeODataTypes(copy) as Record<string, unknown>;
}

/**
 * Members the emulator does not model are refused, except where the stored profile already has
 * them: it was stored through the control API as a newer Graph would return it, so this Graph
 * "knows" those members, and a client sending back what it read must not lose them.
 */
function refuseUnknown(unknownMembers: UnknownMember[], stored: unknown): void {
  const foreign = unknownMembersNotIn(unknownMembers, stored);
  if (foreign.length === 0) return;
  const details: ErrorDetail[] = foreign.map(({ path, key }) => {
    const target = [...path, key].join('.');
    return {
      code: 'unknownProperty',
      message: `Unknown property '${target}': remove it from the body.`,
      target,
    };
  });
  throw invalidRequest(details[0]!.message, details[0]!.target, details.length > 1 ? details : undefined);
}

/** `stored`: the profile being updated, whose members beyond our model are accepted again. */
export function parseProfileWrite(body: Record<string, unknown>, stored?: unknown): ProfileWrite {
  const result = parseKeepingUnknownMembers(profileWriteSchema, prepare(body));
  if (!result.success) fail(result.error);
  refuseUnknown(result.unknownMembers, stored);
  return result.data;
}

export function parseProfilePatch(body: Record<string, unknown>, stored: unknown): Partial<ProfileWrite> {
  const result = parseKeepingUnknownMembers(profilePatchSchema, prepare(body));
  if (!result.success) fail(result.error);
  refuseUnknown(result.unknownMembers, stored);
  return result.data;
}

/** expirationDate may be at most 18 months after the profile was created (graph-sds-api.md §3). */
export function checkExpirationDate(expirationDate: string | null | undefined, createdAt: number): void {
  if (!expirationDate) return;
  const latest = latestExpirationDate(new Date(createdAt));
  if (expirationDate > latest) {
    throw invalidRequest(
      `'expirationDate' ${expirationDate} is more than 18 months after the profile was created: the latest allowed date is ${latest}.`,
      'expirationDate',
      [{ code: 'invalidValue', message: `must be ${latest} or earlier`, target: 'expirationDate' }],
    );
  }
}
