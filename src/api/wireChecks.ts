/**
 * Light shape checks for the answers the dashboard's first load depends on (config, me, the
 * profile list, problems). The full zod schemas (contracts/api.ts) cost ~28 kB gzip and the first
 * load has a budget, so these check exactly what this code reads, against the contract's types;
 * the profile page and the editor, loaded later, parse with the full schemas. The backend itself
 * parses every answer with the contract schemas before sending it.
 */
import type { Me, Problem, ProfileList, ProfileSummary, TabConfig } from '../../contracts/api';
import { problemCodes } from '../../contracts/wire';

export class ShapeError extends Error {
  override name = 'ShapeError';
}

type Json = Record<string, unknown>;

function object(value: unknown, what: string): Json {
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new ShapeError(`${what} is not an object`);
  return value as Json;
}
function string(o: Json, key: string, what: string): string {
  if (typeof o[key] !== 'string') throw new ShapeError(`${what}.${key} is not a string`);
  return o[key];
}
function boolean(o: Json, key: string, what: string): boolean {
  if (typeof o[key] !== 'boolean') throw new ShapeError(`${what}.${key} is not a boolean`);
  return o[key];
}
function optionalString(o: Json, key: string, what: string): void {
  if (o[key] !== undefined && o[key] !== null && typeof o[key] !== 'string') {
    throw new ShapeError(`${what}.${key} is not a string`);
  }
}

export function readTabConfig(body: unknown): TabConfig {
  const o = object(body, 'config');
  if (!Array.isArray(o.teamsHostOrigins) || !o.teamsHostOrigins.every((x) => typeof x === 'string')) {
    throw new ShapeError('config.teamsHostOrigins is not a list of origins');
  }
  string(o, 'clientId', 'config');
  string(o, 'version', 'config');
  string(o, 'authorityHost', 'config');
  return o as TabConfig;
}

export function readMe(body: unknown): Me {
  const o = object(body, 'me');
  string(o, 'displayName', 'me');
  string(o, 'userPrincipalName', 'me');
  string(o, 'tenantId', 'me');
  boolean(o, 'canRead', 'me');
  boolean(o, 'canWrite', 'me');
  optionalString(o, 'restriction', 'me');
  return o as Me;
}

function readSummary(value: unknown, index: number): ProfileSummary {
  const what = `profiles[${index}]`;
  const o = object(value, what);
  string(o, 'id', what);
  string(o, 'displayName', what);
  string(o, 'provider', what);
  string(o, 'state', what);
  if (o.status !== null) {
    const s = object(o.status, `${what}.status`);
    string(s, 'status', `${what}.status`);
    string(s, 'statusMessage', `${what}.status`);
    if (typeof s.errorCount !== 'number') throw new ShapeError(`${what}.status.errorCount is not a number`);
    optionalString(s, 'lastSynchronizationDateTime', `${what}.status`);
    optionalString(s, 'lastActivityDateTime', `${what}.status`);
  }
  return o as ProfileSummary;
}

export function readProfileList(body: unknown): ProfileList {
  const o = object(body, 'answer');
  if (!Array.isArray(o.profiles)) throw new ShapeError('answer.profiles is not a list');
  o.profiles.forEach(readSummary);
  return o as ProfileList;
}

const knownCodes = new Set<string>(problemCodes);

/** A problem+json body with one of our codes, or null. Members are checked where the tab reads them. */
export function readProblem(body: unknown): Problem | null {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return null;
  const o = body as Json;
  if (typeof o.code !== 'string' || !knownCodes.has(o.code)) return null;
  if (typeof o.status !== 'number' || typeof o.title !== 'string' || typeof o.detail !== 'string')
    return null;
  for (const key of ['requestId', 'consentUrl', 'claims', 'type']) {
    if (o[key] !== undefined && typeof o[key] !== 'string') return null;
  }
  if (o.retryAfterSeconds !== undefined && typeof o.retryAfterSeconds !== 'number') return null;
  if (o.fields !== undefined && !Array.isArray(o.fields)) return null;
  if (o.graph !== undefined && (typeof o.graph !== 'object' || o.graph === null)) return null;
  return o as Problem;
}
