import { GraphError } from '@microsoft/microsoft-graph-client';
import { describe, expect, it } from 'vitest';
import { HttpError } from '../../server/errors';
import { SYNTHETIC_HEADER } from '../../server/graph/client';
import { graphProblem } from '../../server/graph/errors';

function graphError(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): GraphError {
  const error = new GraphError(status, message);
  error.code = code;
  error.requestId = 'req-1234';
  error.body = JSON.stringify({
    code,
    message,
    innerError: { 'request-id': 'req-1234', date: '2026-01-02T03:04:05' },
  });
  error.headers = new Headers(headers);
  return error;
}

function mapped(error: GraphError, intent: 'read' | 'write' = 'read'): HttpError {
  const result = graphProblem(error, intent);
  expect(result).toBeInstanceOf(HttpError);
  return result as HttpError;
}

describe('Graph error mapping', () => {
  it('carries Graph code, message and request-id on every answer Graph gave', () => {
    const problem = mapped(graphError(400, 'invalidRequest', 'expirationDate is too far out'));
    expect(problem).toMatchObject({ status: 400, code: 'graph_error' });
    expect(problem.extras.graph).toMatchObject({
      code: 'invalidRequest',
      message: 'expirationDate is too far out',
      requestId: 'req-1234',
    });
    expect(problem.message).toContain('expirationDate is too far out');
  });

  it('turns a Graph 400 that names members into validation_failed with those fields', () => {
    const error = graphError(400, 'invalidRequest', "'expirationDate' is too far out");
    error.body = JSON.stringify({
      code: 'invalidRequest',
      message: "'expirationDate' is too far out",
      target: 'expirationDate',
      details: [{ code: 'invalidValue', message: 'must be 2027-06-01 or earlier', target: 'expirationDate' }],
    });
    const problem = mapped(error, 'write');
    expect(problem).toMatchObject({ status: 400, code: 'validation_failed' });
    expect(problem.extras.fields).toEqual([
      { path: 'expirationDate', message: 'must be 2027-06-01 or earlier' },
    ]);
    expect(problem.extras.graph?.requestId).toBe('req-1234');
  });

  it('maps throttling after retries to 429 graph_throttled with Graph’s Retry-After', () => {
    const problem = mapped(
      graphError(429, 'TooManyRequests', 'Please retry again later.', { 'retry-after': '7' }),
    );
    expect(problem).toMatchObject({ status: 429, code: 'graph_throttled', headers: { 'Retry-After': '7' } });
    expect(problem.extras).toMatchObject({ retryAfterSeconds: 7, graph: { requestId: 'req-1234' } });
  });

  it.each([502, 503, 504])('maps %i after retries to 503 graph_unavailable', (status) => {
    const problem = mapped(graphError(status, 'serviceNotAvailable', 'down'));
    expect(problem).toMatchObject({ status: 503, code: 'graph_unavailable' });
    expect(Number(problem.headers['Retry-After'])).toBeGreaterThan(0);
  });

  it('says so when Graph never answered', () => {
    const error = graphError(504, 'noAnswer', 'Microsoft Graph did not answer within 10 s.', {
      [SYNTHETIC_HEADER]: '1',
    });
    const problem = mapped(error);
    expect(problem).toMatchObject({ status: 503, code: 'graph_unavailable' });
    expect(problem.message).toMatch(/did not answer within 10 s/);
    expect(problem.extras.graph).toBeUndefined();
  });

  it('words a 403 after what the user tried', () => {
    expect(mapped(graphError(403, 'accessDenied', 'no'), 'read').message).toMatch(/may not view/);
    expect(mapped(graphError(403, 'accessDenied', 'no'), 'write').message).toMatch(
      /may not change .* Global Administrator/,
    );
  });

  it('maps 404 to not_found and 401 to token_expired', () => {
    expect(mapped(graphError(404, 'itemNotFound', 'gone'))).toMatchObject({ status: 404, code: 'not_found' });
    expect(mapped(graphError(401, 'InvalidAuthenticationToken', 'expired'))).toMatchObject({
      status: 401,
      code: 'token_expired',
    });
  });

  it('maps other server failures to 502 graph_error and leaves non-Graph errors alone', () => {
    expect(mapped(graphError(500, 'generalException', 'boom'))).toMatchObject({
      status: 502,
      code: 'graph_error',
    });
    const other = new Error('bug');
    expect(graphProblem(other)).toBe(other);
  });
});
