/**
 * Graph's errors as problems the tab can show: Graph's own code, message and request-id travel
 * along (problem.graph) so an admin can quote them to Microsoft support.
 */
import { GraphError } from '@microsoft/microsoft-graph-client';
import type { FieldProblem, Problem } from '../../contracts/api';
import { graphErrorSchema, type GraphErrorBody } from '../../contracts/graph';
import { HttpError, retryAfterHeader } from '../errors';
import { SYNTHETIC_HEADER } from './client';

/** What the caller was doing, so a 403 can say what the user lacks. */
export type GraphIntent = 'read' | 'write';

const DEFAULT_RETRY_AFTER_SECONDS = 10;

function headerOf(error: GraphError, name: string): string | undefined {
  const headers = (error as { headers?: Headers }).headers;
  return headers?.get?.(name) ?? undefined;
}

type GraphBody = GraphErrorBody['error'];

/** Graph's error body, when the SDK kept one. */
function graphBody(error: GraphError): GraphBody | undefined {
  let raw: unknown = error.body;
  if (typeof raw === 'string') {
    try {
      raw = JSON.parse(raw);
    } catch {
      return undefined;
    }
  }
  // The SDK stores `error.error` (the inner object) as the body of errors built from a response.
  const parsed = graphErrorSchema.safeParse(
    raw && typeof raw === 'object' && 'error' in raw ? raw : { error: raw },
  );
  return parsed.success ? parsed.data.error : undefined;
}

export function graphDetails(error: GraphError): NonNullable<Problem['graph']> {
  const body = graphBody(error);
  return {
    code: body?.code ?? error.code ?? `HTTP ${error.statusCode}`,
    message: body?.message ?? error.message ?? '',
    requestId: error.requestId ?? headerOf(error, 'request-id') ?? undefined,
    date:
      error.date instanceof Date && !Number.isNaN(error.date.getTime())
        ? error.date.toISOString()
        : undefined,
  };
}

function retryAfterSeconds(error: GraphError): number | undefined {
  const value = headerOf(error, 'retry-after');
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (!Number.isNaN(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/** Maps anything a Graph call threw to an HttpError; non-Graph errors pass through unchanged. */
export function graphProblem(error: unknown, intent: GraphIntent = 'read'): unknown {
  if (!(error instanceof GraphError)) return error;
  const graph = graphDetails(error);
  const status = error.statusCode;
  const noAnswer = headerOf(error, SYNTHETIC_HEADER) !== undefined || status === -1;
  const quoted = graph.message ? ` Microsoft Graph said: "${graph.message}"` : '';
  const extras = noAnswer ? {} : { graph };

  if (status === 429) {
    const wait = retryAfterSeconds(error) ?? DEFAULT_RETRY_AFTER_SECONDS;
    return new HttpError(
      429,
      'graph_throttled',
      `Microsoft Graph is throttling requests for your organization. Try again in ${wait} seconds.`,
      { extras: { ...extras, retryAfterSeconds: wait }, headers: retryAfterHeader(wait), cause: error },
    );
  }
  if (noAnswer || status === 502 || status === 503 || status === 504) {
    const wait = retryAfterSeconds(error) ?? DEFAULT_RETRY_AFTER_SECONDS;
    const detail = noAnswer
      ? `${graph.message || 'Microsoft Graph could not be reached.'} Try again shortly.`
      : `Microsoft Graph is unavailable (HTTP ${status}) after several attempts. Try again in ${wait} seconds.`;
    return new HttpError(503, 'graph_unavailable', detail, {
      extras: { ...extras, retryAfterSeconds: wait },
      headers: retryAfterHeader(wait),
      cause: error,
    });
  }
  if (status === 401) {
    return new HttpError(
      401,
      'token_expired',
      `Microsoft Graph no longer accepts your sign-in. Reload the tab.${quoted}`,
      {
        extras,
        headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
        cause: error,
      },
    );
  }
  if (status === 403) {
    const detail =
      intent === 'write'
        ? 'Your account may not change SDS profiles: Microsoft Graph refused the change. Changing profiles needs the Global Administrator role.'
        : 'Your account may not view SDS profiles: Microsoft Graph refused to read them. Viewing needs the Global Administrator or Global Reader role.';
    return new HttpError(403, 'forbidden', detail, { extras, cause: error });
  }
  if (status === 404) {
    return new HttpError(
      404,
      'not_found',
      `Microsoft Graph has no such SDS profile (it may have been deleted).${quoted}`,
      {
        extras,
        cause: error,
      },
    );
  }
  const fields = status === 400 ? fieldsNamedBy(graphBody(error)) : [];
  if (fields.length > 0) {
    return new HttpError(400, 'validation_failed', `Microsoft Graph refused the profile.${quoted}`, {
      extras: { ...extras, fields },
      cause: error,
    });
  }
  if (status >= 400 && status < 500) {
    return new HttpError(status, 'graph_error', `Microsoft Graph refused the request.${quoted}`, {
      extras,
      cause: error,
    });
  }
  return new HttpError(502, 'graph_error', `Microsoft Graph failed (HTTP ${status}).${quoted}`, {
    extras,
    cause: error,
  });
}

/** The members a Graph 400 names (`target`, `details[].target`), as the fields of our problem. */
function fieldsNamedBy(body: GraphBody | undefined): FieldProblem[] {
  if (!body) return [];
  const named = (body.details ?? [])
    .filter((d) => d.target)
    .map((d) => ({ path: d.target!, message: d.message }));
  if (named.length > 0) return named;
  return body.target ? [{ path: body.target, message: body.message }] : [];
}

/** Runs a Graph call and rethrows its failure as a problem. */
export async function callGraph<T>(intent: GraphIntent, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw graphProblem(error, intent);
  }
}

/** A Graph answer that did not match the schema we read it with: Graph's fault, reported as such. */
export function unreadableGraphAnswer(what: string, issue: string): HttpError {
  return new HttpError(
    502,
    'graph_error',
    `Microsoft Graph returned ${what} that SDS Profiles cannot read: ${issue}`,
  );
}
