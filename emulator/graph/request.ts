/**
 * One Graph request and its answer, independent of Express: the HTTP adapter and `$batch` both
 * build a `GraphRequest`, so a sub-request of a batch takes exactly the path a direct call takes.
 */
import type { Caller } from './auth';
import type { GraphState } from './state';

export type GraphRequest = {
  method: string;
  /** `beta` is where the profile family lives; `v1.0` exists only to answer that it is not there. */
  version: string;
  /** The path after the version, e.g. `/education/synchronizationProfiles`. */
  path: string;
  /** The raw query string with its `?`, or ''. */
  search: string;
  /** Lower-case header names. */
  headers: Record<string, string | undefined>;
  body: Buffer | undefined;
  /** Set on sub-requests of a `$batch`. */
  inBatch?: boolean;
};

export type GraphResponse = {
  status: number;
  headers?: Record<string, string>;
  /** A JSON value, or undefined for an empty body. */
  body?: unknown;
};

/** What a route handler is given. */
export type HandlerContext = {
  graph: GraphState;
  caller: Caller;
  request: GraphRequest;
  params: Record<string, string>;
  query: URLSearchParams;
  /** Emulator clock, epoch ms, fixed for the whole request. */
  now: number;
  /** `https://localhost:53101/beta`: where links and @odata.context point. */
  baseUrl: string;
  includeUnknownEnumMembers: boolean;
};

export type RouteHandler = (hc: HandlerContext) => GraphResponse | Promise<GraphResponse>;

/** Path and query as logged and as matched by fault patterns: `/beta/education/...?$top=5`. */
export function fullPath(request: GraphRequest): string {
  return `/${request.version}${request.path}${request.search}`;
}
