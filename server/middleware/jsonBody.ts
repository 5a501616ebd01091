/**
 * JSON request bodies, read by hand rather than by express.json so that every way a body can be
 * wrong gets its own answer, and none of them ties up the server:
 *
 * - A Content-Length over the limit is answered 413 at once, before a byte of the body is read,
 *   with `Connection: close` so the rest is never waited for (body-parser reads the whole body
 *   first). A body without a length is cut off the moment it passes the limit.
 * - Content-Encoding gzip, deflate and br are inflated (the limit applies to what comes out);
 *   any other encoding, or bytes that do not inflate, get 415/400 saying so.
 * - Only UTF-8 JSON is read; the text is parsed with contracts/json.ts, which refuses nesting
 *   deeper than MAX_JSON_DEPTH and prototype keys (`__proto__`, `constructor`, `prototype`) by name.
 *
 * Requests without a body, or whose Content-Type is not JSON, leave `req.body` undefined; the
 * route says what it wanted.
 */
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';
import type { RequestHandler } from 'express';
import { MAX_JSON_BODY_BYTES } from '../../contracts/api';
import { describeJsonTooDeep, parseJsonBody } from '../../contracts/json';
import { HttpError, validationFailed } from '../errors';

const JSON_CONTENT_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/** Closing the connection is what lets us answer before the client has sent its whole body. */
const CLOSE = { Connection: 'close' };

export function payloadTooLarge(limit: number, declared?: number): HttpError {
  return new HttpError(
    413,
    'payload_too_large',
    declared === undefined
      ? `The request body is larger than ${limit} bytes.`
      : `The request body is ${declared} bytes (Content-Length); at most ${limit} bytes are accepted.`,
    { headers: CLOSE },
  );
}

function unsupportedEncoding(encoding: string): HttpError {
  return new HttpError(
    415,
    'validation_failed',
    `Content-Encoding "${encoding}" is not supported: send the body uncompressed, or as gzip, deflate or br.`,
    { headers: { ...CLOSE, 'Accept-Encoding': 'gzip, deflate, br' } },
  );
}

function decoderFor(encoding: string): zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress | null {
  switch (encoding) {
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip();
    case 'deflate':
      return zlib.createInflate();
    case 'br':
      return zlib.createBrotliDecompress();
    default:
      return null;
  }
}

/** The body's bytes after Content-Encoding, at most `limit` of them. */
function readBody(req: IncomingMessage, encoding: string, limit: number): Promise<Buffer> {
  const decoder = encoding === 'identity' ? null : decoderFor(encoding);
  if (encoding !== 'identity' && !decoder) return Promise.reject(unsupportedEncoding(encoding));
  const source: Readable = decoder ? req.pipe(decoder) : req;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const fail = (error: HttpError) => {
      req.unpipe();
      decoder?.destroy();
      source.removeAllListeners('data');
      reject(error);
    };
    source.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) fail(payloadTooLarge(limit));
      else chunks.push(chunk);
    });
    source.on('error', (error: Error & { code?: string }) => {
      fail(
        decoder
          ? new HttpError(
              400,
              'validation_failed',
              `The request body is not valid ${encoding} data (Content-Encoding: ${encoding}): ${error.message}. Send it uncompressed or compress it correctly.`,
              { headers: CLOSE },
            )
          : new HttpError(400, 'validation_failed', `The request body could not be read: ${error.message}.`),
      );
    });
    source.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

function hasBody(req: IncomingMessage): boolean {
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
}

/** Turns a parse failure of contracts/json.ts into the problem the client reads. */
function parsedBody(text: string): unknown {
  const parsed = parseJsonBody(text);
  if (parsed.ok) return parsed.value;
  const { problem } = parsed;
  switch (problem.kind) {
    case 'syntax':
      throw new HttpError(
        400,
        'malformed_json',
        `The request body is not valid JSON (${problem.message}). Send a JSON object.`,
      );
    case 'tooDeep':
      throw validationFailed(describeJsonTooDeep(problem.maxDepth), [
        { path: '', message: `must not nest objects and arrays more than ${problem.maxDepth} levels deep` },
      ]);
    case 'prototypeKeys':
      throw validationFailed(
        `The body has members no profile has: ${problem.paths.join(', ')}. Remove them.`,
        problem.paths.map((path) => ({ path, message: 'is not a known member: remove it' })),
      );
  }
}

export function jsonBody(limit: number = MAX_JSON_BODY_BYTES): RequestHandler {
  return async (req, _res, next) => {
    req.body = undefined;
    if (!hasBody(req) || !JSON_CONTENT_TYPE.test(req.get('content-type') ?? '')) {
      next();
      return;
    }
    const declared = Number(req.get('content-length'));
    if (Number.isFinite(declared) && declared > limit) throw payloadTooLarge(limit, declared);

    const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(req.get('content-type') ?? '')?.[1]?.toLowerCase();
    if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
      throw new HttpError(
        415,
        'validation_failed',
        `The body's charset is ${charset}; send JSON as UTF-8 (charset=utf-8, or no charset).`,
        { headers: CLOSE },
      );
    }
    const encoding = (req.get('content-encoding') ?? 'identity').trim().toLowerCase();
    const bytes = await readBody(req, encoding, limit);
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw new HttpError(
        400,
        'malformed_json',
        'The request body is not valid UTF-8. Send JSON encoded as UTF-8.',
      );
    }
    req.body = parsedBody(text);
    next();
  };
}
