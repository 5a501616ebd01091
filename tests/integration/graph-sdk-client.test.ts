/**
 * The real `@microsoft/microsoft-graph-client` 3 against the emulator, configured as the backend
 * configures it for a real tenant except for the base URL: it lists (following nextLink), reads
 * and updates profiles, and its RetryHandler honours an injected 429's Retry-After.
 */
import { Client, GraphError, PageIterator, type PageCollection } from '@microsoft/microsoft-graph-client';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { demoProfileIds } from '../../emulator/graph/demo-data';
import { createEmulatorClient } from '../support/emulator-client';

const urls = inject('urls');
const emulator = createEmulatorClient({ entraUrl: urls.entra, graphUrl: urls.graph });
const PROFILES = '/education/synchronizationProfiles';
const healthy = demoProfileIds.contosoHealthyCsv;

let client: Client;

function sdkClient(token: string): Client {
  return Client.initWithMiddleware({
    baseUrl: urls.graph,
    defaultVersion: 'beta',
    // The SDK sends the token only to Graph hosts and these (host name, no port).
    customHosts: new Set(['localhost']),
    authProvider: { getAccessToken: async () => token },
  });
}

/**
 * A profile only this test knows, read by a reader, so that the request log shows this test's
 * requests alone even if the app server is still busy with an earlier test's work.
 */
async function privateProfilePath(): Promise<{ reader: Client; path: string }> {
  const created = await client.api(PROFILES).post({
    displayName: 'SDK retry check',
    dataProvider: { '@odata.type': '#microsoft.graph.educationCsvDataProvider' },
    identitySynchronizationConfiguration: {
      '@odata.type': '#microsoft.graph.educationIdentityCreationConfiguration',
      userDomains: [{ appliesTo: 'student', name: 'students.contoso.edu' }],
    },
  });
  return {
    reader: sdkClient(await emulator.graphToken('reader@contoso')),
    path: `${PROFILES}/${created.id}`,
  };
}

beforeEach(async () => {
  await emulator.reset();
  client = sdkClient(await emulator.graphToken('admin@contoso'));
});

describe('microsoft-graph-client 3 against the emulator', () => {
  it('lists profiles', async () => {
    const page = (await client.api(PROFILES).get()) as PageCollection;
    expect(page.value).toHaveLength(10);
    expect(page.value.map((p: { id: string }) => p.id)).toContain(healthy);
  });

  it('reads start’s verification errors as data, not as an exception without them', async () => {
    const answer = (await client
      .api(`${PROFILES}/${demoProfileIds.contosoValidationErrorCsv}/start`)
      .post(undefined)) as {
      value: { type: string; fileName: string; description: string }[];
    };
    expect(answer.value.length).toBeGreaterThan(0);
    expect(answer.value.filter((m) => m.type === 'Error')).toHaveLength(6);
  });

  it('follows nextLink with PageIterator through a 50-profile tenant', async () => {
    await emulator.seed(50);
    const ids: string[] = [];
    const first = (await client.api(PROFILES).get()) as PageCollection;
    expect(first.value).toHaveLength(20);
    const iterator = new PageIterator(client, first, (profile: { id: string }) => {
      ids.push(profile.id);
      return true;
    });
    await iterator.iterate();
    expect(new Set(ids).size).toBe(50);
  });

  it('reads one profile with $select, and its status with the Prefer header', async () => {
    const profile = await client.api(`${PROFILES}/${healthy}`).select(['displayName', 'state']).get();
    expect(profile).toMatchObject({ id: healthy, state: 'provisioned' });
    expect(profile.dataProvider).toBeUndefined();
    const status = await client
      .api(`${PROFILES}/${healthy}/profileStatus`)
      .header('Prefer', 'include-unknown-enum-members')
      .get();
    expect(status).toMatchObject({ id: healthy, status: 'success' });
  });

  it('updates a profile with PATCH and with the documented PUT', async () => {
    const patched = await client
      .api(`${PROFILES}/${healthy}`)
      .patch({ displayName: 'Patched through the SDK' });
    expect(patched).toMatchObject({
      id: healthy,
      displayName: 'Patched through the SDK',
      state: 'provisioning',
    });
    const current = await client.api(`${PROFILES}/${demoProfileIds.contosoPausedCsv}`).get();
    const { '@odata.context': _context, state: _state, ...writable } = current;
    const put = await client.api(PROFILES).put({ ...writable, displayName: 'Put through the SDK' });
    expect(put).toMatchObject({ id: demoProfileIds.contosoPausedCsv, displayName: 'Put through the SDK' });
    expect((await client.api(`${PROFILES}/${demoProfileIds.contosoPausedCsv}`).get()).displayName).toBe(
      'Put through the SDK',
    );
  });

  it('surfaces Graph errors as GraphError with status, code and request id', async () => {
    const failure = await client
      .api(`${PROFILES}/00000000-0000-0000-0000-000000000000`)
      .get()
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(GraphError);
    expect(failure).toMatchObject({ statusCode: 404, code: 'itemNotFound' });
    expect((failure as GraphError).requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('retries an injected 429 after its Retry-After, as the request log shows', async () => {
    const { reader, path } = await privateProfilePath();
    await emulator.setFaults({
      rate: 1,
      statuses: [429],
      retryAfterSeconds: 1,
      maxFaults: 1,
      pathPattern: `${path}/profileStatus$`,
      seed: 1,
    });
    const since = await emulator.lastSeq();
    const status = await reader.api(`${path}/profileStatus`).get();
    expect(status.id).toBe(path.split('/').at(-1));
    const logged = (await emulator.requests(since)).filter((r) => r.path === `/beta${path}/profileStatus`);
    // Two requests: the injected 429, then the retry. A retry sent before Retry-After had passed
    // would have been throttled again (the emulator enforces Retry-After), so the 200 proves the wait.
    expect(logged.map((r) => [r.status, r.fault ?? false, r.persona])).toEqual([
      [429, true, 'reader@contoso'],
      [200, false, 'reader@contoso'],
    ]);
  });

  it('does not retry a 500, which the SDK does not treat as transient', async () => {
    const { reader, path } = await privateProfilePath();
    await emulator.setFaults({ rate: 1, statuses: [500], maxFaults: 1, pathPattern: `${path}$`, seed: 1 });
    const since = await emulator.lastSeq();
    const failure = await reader
      .api(path)
      .get()
      .catch((error: unknown) => error);
    expect(failure).toMatchObject({ statusCode: 500 });
    expect((await emulator.requests(since)).filter((r) => r.path === `/beta${path}`)).toHaveLength(1);
  });
});
