import { describe, expect, it } from 'vitest';
import { teamsHostOriginsIn, type ConfigAnswer } from '../../src/api/configAnswer';

/** An answer as requestTabConfig keeps it: the response and a copy of it. */
function answer(body: string, status = 200): Promise<ConfigAnswer> {
  const response = new Response(body, { status, headers: { 'content-type': 'application/json' } });
  return Promise.resolve({ response, copy: response.clone() });
}

describe('the host origins the entry sends the Teams handshake with', () => {
  it('are the configuration’s teamsHostOrigins, and the answer stays readable for its schema', async () => {
    const config = answer(
      JSON.stringify({ teamsHostOrigins: ['https://localhost:53102'], clientId: 'x', version: '1' }),
    );
    expect(await teamsHostOriginsIn(config)).toEqual(['https://localhost:53102']);
    // The start then reads the answer itself (fetchTabConfig and its zod schema).
    expect(await (await config).response.json()).toMatchObject({ clientId: 'x' });
  });

  it('are none when the answer is an error, not JSON, or has no list of strings', async () => {
    expect(await teamsHostOriginsIn(answer('{"title":"down"}', 503))).toEqual([]);
    expect(await teamsHostOriginsIn(answer('<html>proxy error</html>'))).toEqual([]);
    expect(await teamsHostOriginsIn(answer('{"teamsHostOrigins":"https://a.example"}'))).toEqual([]);
    expect(await teamsHostOriginsIn(answer('null'))).toEqual([]);
    expect(await teamsHostOriginsIn(answer('{"teamsHostOrigins":["https://a.example",3,null]}'))).toEqual([
      'https://a.example',
    ]);
  });

  it('are none when the request failed (the configuration screen then says so)', async () => {
    expect(await teamsHostOriginsIn(Promise.reject(new TypeError('Failed to fetch')))).toEqual([]);
  });
});
