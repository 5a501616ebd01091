/**
 * What an attacker sends the running backend, over real HTTPS: bodies nested thousands of levels
 * deep, prototype keys, a Content-Length over the limit, broken percent-encoding and
 * Content-Encoding, headers over Node's limit. Each gets a problem+json that says what is wrong
 * (never a 500, never a socket held open), and none changes a profile.
 */
import https from 'node:https';
import { gzipSync } from 'node:zlib';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import {
  MAX_JSON_BODY_BYTES,
  PROBLEM_CONTENT_TYPE,
  problemSchema,
  profileDetailSchema,
  type Problem,
  type ProfileDetail,
} from '../../contracts/api';
import { MAX_JSON_DEPTH } from '../../contracts/json';
import { demoProfileIds } from '../../emulator/graph/demo-data';
import { createEmulatorClient } from '../support/emulator-client';
import { jsonRequest } from '../support/json-request';

const urls = inject('urls');
const emulator = createEmulatorClient({ entraUrl: urls.entra, graphUrl: urls.graph });
const id = demoProfileIds.contosoHealthyCsv;
const profileUrl = `${urls.app}/api/profiles/${id}`;

let admin: string;
beforeEach(async () => {
  await emulator.reset();
  admin = await emulator.ssoToken('admin@contoso');
});

async function open(): Promise<ProfileDetail> {
  const answer = await jsonRequest(profileUrl, admin);
  expect(answer.status).toBe(200);
  return profileDetailSchema.parse(answer.body);
}

/** The editor's body for the profile as it is now, and the ETag to send with it. */
async function currentUpdate() {
  const detail = await open();
  const { id: _id, state: _state, ...update } = detail.profile;
  return { update, etag: detail.etag };
}

async function put(body: string | Uint8Array<ArrayBuffer>, headers: Record<string, string> = {}) {
  const response = await fetch(profileUrl, {
    method: 'PUT',
    headers: {
      authorization: `Bearer ${admin}`,
      'content-type': 'application/json',
      'if-match': '"x"',
      ...headers,
    },
    body,
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

function problemOf(answer: { status: number; headers: Headers; text: string }): Problem {
  expect(answer.headers.get('content-type')).toContain(PROBLEM_CONTENT_TYPE);
  const problem = problemSchema.parse(JSON.parse(answer.text));
  expect(problem.status).toBe(answer.status);
  return problem;
}

describe('deep nesting', () => {
  it('answers a body nested 8,000 levels deep with 400 saying how deep is allowed', async () => {
    const depth = 8000;
    const body = `{"displayName":${'['.repeat(depth)}${']'.repeat(depth)}}`;
    const answer = await put(body);
    expect(answer.status).toBe(400);
    const problem = problemOf(answer);
    expect(problem.code).toBe('validation_failed');
    expect(problem.detail).toContain(`at most ${MAX_JSON_DEPTH} levels deep`);
  });

  it('refuses the same attack from a teacher, who can never save', async () => {
    const teacher = await emulator.ssoToken('teacher@contoso');
    const body = `{"a":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`;
    const answer = await put(body, { authorization: `Bearer ${teacher}` });
    expect(answer.status).toBeLessThan(500);
    expect(problemOf(answer).code).not.toBe('internal_error');
  });

  it('keeps a body that is deep but within the limit an ordinary validation problem', async () => {
    const nested = `${'['.repeat(MAX_JSON_DEPTH - 1)}${']'.repeat(MAX_JSON_DEPTH - 1)}`;
    const answer = await put(`{"displayName":${nested}}`);
    expect(answer.status).toBe(400);
    expect(problemOf(answer).fields).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'displayName' })]),
    );
  });
});

describe('prototype keys', () => {
  it.each([
    [
      '__proto__',
      (u: Record<string, unknown>) => `{"__proto__":{"isAdmin":true},${JSON.stringify(u).slice(1)}`,
    ],
    [
      'dataProvider.constructor',
      (u: Record<string, unknown>) =>
        JSON.stringify(u).replace('"dataProvider":{', '"dataProvider":{"constructor":{"prototype":1},'),
    ],
  ])('refuses %s in an otherwise valid body as an unknown member, and saves nothing', async (path, build) => {
    const { update, etag } = await currentUpdate();
    const answer = await put(build(update), { 'if-match': etag });
    expect(answer.status).toBe(400);
    const problem = problemOf(answer);
    expect(problem.code).toBe('validation_failed');
    expect(problem.fields).toContainEqual({ path, message: 'is not a known member: remove it' });
    expect((await open()).etag).toBe(etag);
  });
});

describe('names', () => {
  it.each([
    ['a right-to-left override', JSON.stringify('\u202eevil.exe'), /reorder text \(U\+202E/],
    ['only zero-width spaces', JSON.stringify('\u200b\u200b'), /visible character/],
    ['a control character', JSON.stringify('Bell\u0007'), /control characters/],
    ['a lone surrogate', '"half \\ud800"', /lone surrogate/],
  ])('refuses a displayName with %s, naming the field, and saves nothing', async (_, name, message) => {
    const { update, etag } = await currentUpdate();
    const body = JSON.stringify({ ...update, displayName: '@@NAME@@' }).replace('"@@NAME@@"', name);
    const answer = await put(body, { 'if-match': etag });
    expect(answer.status).toBe(400);
    const problem = problemOf(answer);
    expect(problem.fields).toEqual([{ path: 'displayName', message: expect.stringMatching(message) }]);
    expect((await open()).etag).toBe(etag);
  });
});

describe('request size and encoding', () => {
  it('answers 413 as soon as Content-Length says too much, without waiting for the body', async () => {
    const declared = MAX_JSON_BODY_BYTES * 100;
    const answer = await new Promise<{ status: number; text: string; headers: Record<string, unknown> }>(
      (resolve, reject) => {
        const request = https.request(profileUrl, {
          method: 'PUT',
          headers: {
            authorization: `Bearer ${admin}`,
            'content-type': 'application/json',
            'content-length': String(declared),
            'if-match': '"x"',
          },
        });
        request.on('response', (response) => {
          let text = '';
          response.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
          response.on('end', () =>
            resolve({ status: response.statusCode!, text, headers: response.headers }),
          );
        });
        request.on('error', reject);
        // A few bytes of a body that would take minutes to send; the answer must not wait for it.
        request.write('{"displayName":"');
        setTimeout(
          () => reject(new Error('no answer within 5 s: the server waits for the body')),
          5000,
        ).unref();
      },
    );
    expect(answer.status).toBe(413);
    expect(answer.headers.connection).toBe('close');
    const problem = problemSchema.parse(JSON.parse(answer.text));
    expect(problem.code).toBe('payload_too_large');
    expect(problem.detail).toContain(`${declared} bytes`);
  });

  it('inflates a gzip body and reads it as any other', async () => {
    const answer = await put(new Uint8Array(gzipSync('{"displayName": "unterminated')), {
      'content-encoding': 'gzip',
    });
    expect(answer.status).toBe(400);
    expect(problemOf(answer).code).toBe('malformed_json');
  });

  it('says when the body is not what its Content-Encoding claims', async () => {
    const answer = await put('{"displayName":"x"}', { 'content-encoding': 'gzip' });
    expect(answer.status).toBe(400);
    expect(problemOf(answer).detail).toMatch(/not valid gzip data \(Content-Encoding: gzip\)/);
  });

  it('names an unsupported Content-Encoding with 415', async () => {
    const answer = await put('{}', { 'content-encoding': 'compress' });
    expect(answer.status).toBe(415);
    expect(problemOf(answer).detail).toContain('Content-Encoding "compress" is not supported');
  });

  it('refuses a charset other than UTF-8, and bytes that are not UTF-8', async () => {
    const latin1 = await put('{}', { 'content-type': 'application/json; charset=latin1' });
    expect(latin1.status).toBe(415);
    expect(problemOf(latin1).detail).toContain('send JSON as UTF-8');
    const invalid = await put(new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]));
    expect(invalid.status).toBe(400);
    expect(problemOf(invalid).detail).toContain('not valid UTF-8');
  });

  it('explains a malformed percent-encoding in the URL', async () => {
    for (const path of ['/api/profiles/%E0%A4%A', '/api/profiles/%zz', '/tab%']) {
      const response = await fetch(`${urls.app}${path}`, { headers: { authorization: `Bearer ${admin}` } });
      const answer = { status: response.status, headers: response.headers, text: await response.text() };
      expect(answer.status, path).toBe(400);
      expect(problemOf(answer).detail, path).toMatch(/malformed percent-encoding/);
    }
  });

  it('answers headers over the limit with a problem+json 431', async () => {
    const response = await fetch(`${urls.app}/api/config`, {
      headers: { cookie: `a=${'x'.repeat(20_000)}` },
    });
    const answer = { status: response.status, headers: response.headers, text: await response.text() };
    expect(answer.status).toBe(431);
    const problem = problemOf(answer);
    expect(problem.detail).toMatch(/headers are larger than \d+ bytes/);
    expect(problem.requestId).toBe(response.headers.get('x-request-id'));
  });
});
