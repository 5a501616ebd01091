import { describe, expect, it } from 'vitest';
import type { FetchLike } from '../../src/api/apiClient';
import { beginTabStart } from '../../src/app/tabStart';
import { queryKeys } from '../../src/services/serverState';
import type { TeamsConnection } from '../../src/teams/connectTeams';
import { sampleHost, sampleMe } from '../support/tab-profiles';

const CONFIG = { teamsHostOrigins: [], clientId: 'c', version: 'test', authorityHost: 'https://login.test' };
const ME = sampleMe();
const HOST = sampleHost({ sessionId: 's' });

const json = (body: unknown) =>
  new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });

/** A backend whose answers wait until the test releases them, by path. */
function heldBackend() {
  const sent: string[] = [];
  const releases = new Map<string, () => void>();
  const fetch: FetchLike = (url) => {
    const path = new URL(url, 'https://tab.test').pathname;
    sent.push(path);
    return new Promise((resolve) =>
      releases.set(path, () => resolve(json(path === '/api/me' ? ME : { profiles: [] }))),
    );
  };
  return { fetch, sent, release: (path: string) => releases.get(path)?.() };
}

function start(connection: TeamsConnection, fetch: FetchLike) {
  return beginTabStart({
    configAnswer: Promise.resolve({ response: json(CONFIG), copy: json(CONFIG) }),
    connection: Promise.resolve(connection),
    takeFirstToken: () => Promise.resolve('sso-token'),
    fetch,
  });
}

/** Whether `promise` has settled once the tasks queued so far have run. */
async function settledSoon(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  void promise.then(() => (settled = true));
  await new Promise((resolve) => setTimeout(resolve, 20));
  return settled;
}

describe("the tab's start: the first reads, sent and answered", () => {
  it('tells the shell when both first reads have been answered, not before', async () => {
    const backend = heldBackend();
    const { start: tab, queryClient } = start({ kind: 'connected', host: HOST }, backend.fetch);
    await tab.firstReadsSent;
    expect(backend.sent.sort()).toEqual(['/api/me', '/api/profiles']);
    expect(await settledSoon(tab.firstReadsAnswered)).toBe(false);

    backend.release('/api/me');
    expect(await settledSoon(tab.firstReadsAnswered)).toBe(false);

    backend.release('/api/profiles');
    expect(await settledSoon(tab.firstReadsAnswered)).toBe(true);
    // What the shell's first render reads is in the cache by then.
    expect(queryClient.getQueryData(queryKeys.me)).toEqual(ME);
    expect(queryClient.getQueryData(queryKeys.profiles)).toEqual({ profiles: [] });
  });

  it('counts a failed read as answered: its error is in the cache for the first render', async () => {
    const failing: FetchLike = async (url) =>
      new URL(url, 'https://tab.test').pathname === '/api/me'
        ? json(ME)
        : new Response('{"oops":', { status: 200, headers: { 'content-type': 'application/json' } });
    const { start: tab, queryClient } = start({ kind: 'connected', host: HOST }, failing);
    await tab.firstReadsAnswered;
    expect(queryClient.getQueryState(queryKeys.profiles)?.status).toBe('error');
  });

  it('does not keep a shell outside Teams waiting: no reads, answered at once', async () => {
    const backend = heldBackend();
    const { start: tab } = start(
      { kind: 'outside', reason: 'noHost', detail: 'No Parent window found' },
      backend.fetch,
    );
    expect(await settledSoon(tab.firstReadsAnswered)).toBe(true);
    expect(backend.sent).toEqual([]);
  });
});
