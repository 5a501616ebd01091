/**
 * The route table of the Graph emulator: every path of the profile family, the methods it answers
 * and the permission each needs. Paths are relative to the version (`/beta`).
 */
import type { Access } from './auth';
import { badRequest, GraphHttpError } from './errors';
import type { RouteHandler } from './request';
import { pauseProfile, resetProfile, resumeProfile, startProfile, uploadUrl } from './routes/actions';
import {
  createProfile,
  deleteProfile,
  getProfile,
  listProfiles,
  patchProfile,
  replaceProfile,
  updateProfileInCollection,
} from './routes/profiles';
import { sendActivityNotification } from './routes/activity';
import { getProfileStatus } from './routes/status';
import { getSyncError, listSyncErrors } from './routes/sync-errors';

type Operation = { access: Access; handle: RouteHandler };
type Route = {
  path: string;
  methods: Partial<Record<string, Operation>>;
  /** Teams APIs exist in v1.0 and beta; the profile family in beta only (the default). */
  versions?: readonly string[];
};

const profiles = 'education/synchronizationProfiles';
const item = `${profiles}/:id`;

export const routes: Route[] = [
  {
    path: profiles,
    methods: {
      GET: { access: 'read', handle: listProfiles },
      POST: { access: 'write', handle: createProfile },
      // The documented update: PUT on the collection (§2.4, seeds/004; docs/decisions/022).
      PUT: { access: 'write', handle: updateProfileInCollection },
    },
  },
  {
    path: item,
    methods: {
      GET: { access: 'read', handle: getProfile },
      PUT: { access: 'write', handle: replaceProfile },
      PATCH: { access: 'write', handle: patchProfile },
      DELETE: { access: 'write', handle: deleteProfile },
    },
  },
  { path: `${item}/pause`, methods: { POST: { access: 'action', handle: pauseProfile } } },
  { path: `${item}/resume`, methods: { POST: { access: 'action', handle: resumeProfile } } },
  { path: `${item}/reset`, methods: { POST: { access: 'action', handle: resetProfile } } },
  { path: `${item}/start`, methods: { POST: { access: 'action', handle: startProfile } } },
  { path: `${item}/uploadUrl`, methods: { GET: { access: 'upload', handle: uploadUrl } } },
  { path: `${item}/profileStatus`, methods: { GET: { access: 'read', handle: getProfileStatus } } },
  { path: `${item}/errors`, methods: { GET: { access: 'read', handle: listSyncErrors } } },
  { path: `${item}/errors/:errorId`, methods: { GET: { access: 'read', handle: getSyncError } } },
  {
    path: 'teams/:teamId/sendActivityNotification',
    methods: { POST: { access: 'activity', handle: sendActivityNotification } },
    versions: ['v1.0', 'beta'],
  },
];

const compiled = routes.map((route) => ({ route, segments: route.path.split('/') }));

/**
 * Splits a path into decoded segments. OData key syntax (`synchronizationProfiles('id')`) becomes
 * two segments and a function call's `()` is dropped (`uploadUrl()`), so both spellings route alike.
 */
export function segmentsOf(path: string): string[] {
  const out: string[] = [];
  for (const raw of path.split('/').filter(Boolean)) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      throw badRequest(`The path segment '${raw}' is not correctly percent-encoded.`);
    }
    const key = /^([^(]+)\('([^']*)'\)$/.exec(segment);
    if (key) out.push(key[1]!, key[2]!);
    else out.push(segment.replace(/\(\)$/, ''));
  }
  return out;
}

export type RouteMatch = { operation: Operation; params: Record<string, string> };

function matchSegments(pattern: string[], actual: string[]): Record<string, string> | null {
  if (pattern.length !== actual.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const expected = pattern[i]!;
    if (expected.startsWith(':')) params[expected.slice(1)] = actual[i]!;
    // Graph resolves path segments case-insensitively.
    else if (expected.toLowerCase() !== actual[i]!.toLowerCase()) return null;
  }
  return params;
}

/** The first segment no route knows, for Graph's "Resource not found for the segment" answer. */
function unknownSegment(actual: string[]): string {
  for (let depth = 1; depth <= actual.length; depth++) {
    const prefix = actual.slice(0, depth);
    const known = compiled.some(
      ({ segments }) => segments.length >= depth && matchSegments(segments.slice(0, depth), prefix) !== null,
    );
    if (!known) return actual[depth - 1]!;
  }
  return actual[actual.length - 1] ?? '';
}

export function matchRoute(method: string, version: string, path: string): RouteMatch {
  const actual = segmentsOf(path);
  const everywhere = compiled.find(
    ({ route, segments }) => route.versions?.includes(version) && matchSegments(segments, actual) !== null,
  );
  if (everywhere) {
    const operation = everywhere.route.methods[method.toUpperCase()];
    if (operation) return { operation, params: matchSegments(everywhere.segments, actual)! };
  }
  if (version !== 'beta') {
    // The profile family exists only in beta; v1.0 does not know the segment.
    throw badRequest(
      `Resource not found for the segment '${actual[1] ?? actual[0] ?? ''}'. educationSynchronizationProfile is available in /beta only.`,
    );
  }
  for (const { route, segments } of compiled) {
    const params = matchSegments(segments, actual);
    if (!params) continue;
    const operation = route.methods[method.toUpperCase()];
    if (!operation) {
      const allowed = Object.keys(route.methods).join(', ');
      throw new GraphHttpError(
        405,
        'methodNotAllowed',
        `The HTTP method '${method}' is not supported on this resource. Allowed: ${allowed}.`,
        { headers: { Allow: allowed } },
      );
    }
    return { operation, params };
  }
  throw badRequest(`Resource not found for the segment '${unknownSegment(actual)}'.`);
}
