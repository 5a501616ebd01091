/**
 * The Graph emulator under the bodies that broke the backend: nesting thousands of levels deep
 * (directly and inside a $batch) and prototype keys. Graph answers 400 invalidRequest naming the
 * problem; the emulator must never crash or store what it was sent.
 */
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { MAX_JSON_DEPTH } from '../../contracts/json';
import { demoProfileIds } from '../../emulator/graph/demo-data';
import { createEmulatorClient } from '../support/emulator-client';

const urls = inject('urls');
const emulator = createEmulatorClient({ entraUrl: urls.entra, graphUrl: urls.graph });
const PROFILE = `/education/synchronizationProfiles/${demoProfileIds.contosoHealthyCsv}`;

let token: string;
beforeEach(async () => {
  await emulator.reset();
  token = await emulator.graphToken('admin@contoso');
});

async function send(method: string, path: string, body: string) {
  const response = await fetch(`${urls.graph}/beta${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body,
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Graph's error body, read field by field
  return { status: response.status, body: (await response.json()) as any };
}

const deep = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;

describe('Graph emulator: hostile bodies', () => {
  it.each(['PATCH', 'PUT'])(
    '%s with a body nested 8,000 levels deep gets 400 saying how deep is allowed',
    async (method) => {
      const answer = await send(method, PROFILE, `{"displayName":${deep(8000)}}`);
      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBe('invalidRequest');
      expect(answer.body.error.message).toContain(`at most ${MAX_JSON_DEPTH} levels deep`);
    },
  );

  it('refuses the same nesting inside a $batch sub-request', async () => {
    const batch = `{"requests":[{"id":"1","method":"PATCH","url":"${PROFILE}","headers":{"content-type":"application/json"},"body":{"displayName":${deep(8000)}}}]}`;
    const answer = await send('POST', '/$batch', batch);
    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toContain(`at most ${MAX_JSON_DEPTH} levels deep`);
  });

  it('refuses __proto__ as an unknown property and changes nothing', async () => {
    const before = await fetch(`${urls.graph}/beta${PROFILE}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const stored = (await before.json()) as { displayName: string };
    const answer = await send(
      'PATCH',
      PROFILE,
      '{"__proto__":{"displayName":"hijacked"},"displayName":"Renamed"}',
    );
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({
      code: 'invalidRequest',
      target: '__proto__',
      message: "Unknown property '__proto__': remove it from the body.",
    });
    const after = await fetch(`${urls.graph}/beta${PROFILE}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(((await after.json()) as { displayName: string }).displayName).toBe(stored.displayName);
  });

  it('names a nested constructor key by its path', async () => {
    const answer = await send('PATCH', PROFILE, '{"dataProvider":{"constructor":{}}}');
    expect(answer.status).toBe(400);
    expect(answer.body.error.target).toBe('dataProvider.constructor');
  });

  it('refuses a displayName made of invisible characters, naming it', async () => {
    const answer = await send('PATCH', PROFILE, '{"displayName":"\\u200b\\u2060"}');
    expect(answer.status).toBe(400);
    expect(answer.body.error.target).toBe('displayName');
    expect(answer.body.error.message).toMatch(/must contain a visible character/);
  });
});
