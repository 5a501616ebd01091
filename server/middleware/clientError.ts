/**
 * Requests Node's HTTP parser refuses before Express ever sees them (headers over the limit,
 * broken HTTP, a request that took too long to arrive). Node would answer with a bare status line;
 * this `clientError` handler writes the same problem+json every other failure gets, straight to
 * the socket, since there is no request or response object yet (Node's http docs, "Event:
 * 'clientError'").
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { Duplex } from 'node:stream';
import { PROBLEM_CONTENT_TYPE, type Problem, type ProblemCode } from '../../contracts/api';
import { problemTitle } from '../errors';
import type { Logger } from '../logger';

type ParserError = Error & { code?: string };

function problemFor(
  error: ParserError,
  maxHeaderSize: number,
): { status: number; code: ProblemCode; detail: string } {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return {
        status: 431,
        code: 'validation_failed',
        detail: `The request line and headers are larger than ${maxHeaderSize} bytes. Send fewer or shorter headers (an oversized Cookie header is the usual cause).`,
      };
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return {
        status: 413,
        code: 'payload_too_large',
        detail: 'The chunk extensions of the request body are too large.',
      };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return {
        status: 408,
        code: 'validation_failed',
        detail: 'The request did not arrive in time. Send it again.',
      };
    default:
      return {
        status: 400,
        code: 'validation_failed',
        detail: `The request is not valid HTTP/1.1 (${error.code ?? 'parse error'}): check the request line and headers.`,
      };
  }
}

/** The raw HTTP/1.1 answer written to the socket. */
export function clientErrorResponse(
  error: ParserError,
  maxHeaderSize: number,
  requestId = randomUUID(),
): string {
  const { status, code, detail } = problemFor(error, maxHeaderSize);
  const problem: Problem = {
    type: `urn:sds-profiles:problem:${code}`,
    title: problemTitle(code),
    status,
    code,
    detail,
    requestId,
  };
  const body = JSON.stringify(problem);
  return [
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? ''}`,
    `Content-Type: ${PROBLEM_CONTENT_TYPE}`,
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Cache-Control: no-store',
    'X-Content-Type-Options: nosniff',
    `x-request-id: ${requestId}`,
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}

export function handleClientErrors(
  server: http.Server,
  logger: Logger,
  maxHeaderSize: number = http.maxHeaderSize,
): void {
  server.on('clientError', (error: ParserError, socket: Duplex) => {
    // A client that went away needs no answer; a socket already sending a response cannot get
    // another one (the same checks as Node's own handler).
    const sending = (socket as { _httpMessage?: { _headerSent?: boolean } })._httpMessage?._headerSent;
    if (error.code === 'ECONNRESET' || !socket.writable || sending) {
      socket.destroy();
      return;
    }
    const requestId = randomUUID();
    logger.info({ requestId, code: error.code }, 'request refused by the HTTP parser');
    socket.end(clientErrorResponse(error, maxHeaderSize, requestId));
  });
}
