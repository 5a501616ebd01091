/**
 * The two source pages' examples (../shared/reference/seeds/), replayed literally against the Graph
 * emulator: the request block as printed (bytes, Content-Type, no id), the answer compared with the
 * response block member by member, order included. Every answer is also checked against
 * Microsoft's generated Graph beta types (tests/support/graph-types.ts says what that proves).
 */
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { demoProfileIds } from '../../emulator/graph/demo-data';
import { createEmulatorClient } from '../support/emulator-client';
import { graphTypeProblems } from '../support/graph-types';
import { memberPaths, readSeedExample, seedPages } from '../support/seed-pages';

const urls = inject('urls');
const emulator = createEmulatorClient({ entraUrl: urls.entra, graphUrl: urls.graph });
const DOCUMENTED_GRAPH = 'https://graph.microsoft.com/beta';
const BETA = `${urls.graph}/beta`;

const statusPage = readSeedExample(seedPages.profileStatus);
const updatePage = readSeedExample(seedPages.updateProfile);

let token: string;

beforeEach(async () => {
  await emulator.reset();
  token = await emulator.graphToken('admin@contoso');
});

/** Sends a page's request to the emulator: same method, path, headers and body bytes. */
async function replay(example: typeof updatePage, id?: string) {
  const url = example.request.url.replace(DOCUMENTED_GRAPH, BETA).replace('{id}', id ?? '{id}');
  const response = await fetch(url, {
    method: example.request.method,
    headers: { ...example.request.headers, authorization: `Bearer ${token}` },
    body: example.request.body,
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: JSON.parse(text) as unknown };
}

describe('the status page (seeds/000)', () => {
  it('parses: GET …/{id}/profileStatus, 200 and the status', () => {
    expect(statusPage.request).toMatchObject({ method: 'GET', body: undefined });
    expect(statusPage.response.status).toBe(200);
  });

  it('answers the example’s request for the page’s profile in the example’s shape', async () => {
    const documented = JSON.parse(statusPage.response.body) as Record<string, unknown>;
    const id = documented.id as string;
    expect(id).toBe(demoProfileIds.documentedExample);
    const answer = await replay(statusPage, id);
    expect(answer.status).toBe(statusPage.response.status);
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    const body = answer.body as Record<string, unknown>;
    // The same members in the same order, each of the same JSON type.
    expect(memberPaths(body)).toEqual(memberPaths(documented));
    for (const [key, value] of Object.entries(documented)) {
      expect(typeof body[key], key).toBe(typeof value);
    }
    expect(body['@odata.context']).toBe(
      (documented['@odata.context'] as string).replace(DOCUMENTED_GRAPH, BETA).replace('{id}', id),
    );
    // Values that do not depend on the clock are the example's; timestamps have its form (7 digits).
    const timestamp = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/;
    expect(documented.lastSynchronizationDateTime).toMatch(timestamp);
    expect(body).toEqual({
      ...documented,
      '@odata.context': body['@odata.context'],
      lastSynchronizationDateTime: expect.stringMatching(timestamp),
      lastActivityDateTime: expect.stringMatching(timestamp),
    });
    expect(body.statusMessage).toContain('\r\n');
    expect(graphTypeProblems(body, 'EducationSynchronizationProfileStatus')).toEqual([]);
  });
});

describe('the update page (seeds/004)', () => {
  it('parses: PUT on the collection with lower-case @odata.type spellings and no id', () => {
    expect(updatePage.request.method).toBe('PUT');
    expect(updatePage.request.url).toBe(`${DOCUMENTED_GRAPH}/education/synchronizationProfiles`);
    expect(updatePage.request.headers['content-type']).toBe('application/json');
    expect(updatePage.request.body).toContain('"microsoft.graph.educationcsvdataprovider"');
    expect(JSON.parse(updatePage.request.body!)).not.toHaveProperty('id');
    expect(updatePage.response.status).toBe(202);
  });

  it('answers the example request, byte for byte, with 202 and the example response member by member', async () => {
    const answer = await replay(updatePage);
    expect(answer.status).toBe(202);
    const documented = JSON.parse(updatePage.response.body) as unknown;
    expect(memberPaths(answer.body)).toEqual(memberPaths(documented));
    expect(answer.body).toEqual(documented);
    expect(graphTypeProblems(answer.body, 'EducationSynchronizationProfile')).toEqual([]);
    expect(graphTypeProblems(documented, 'EducationSynchronizationProfile')).toEqual([]);
  });

  it('keeps answering so: the profile reads back as updated, and a second replay is the same', async () => {
    await replay(updatePage);
    const again = await replay(updatePage);
    expect(again.body).toEqual(JSON.parse(updatePage.response.body));
    const read = await fetch(
      `${BETA}/education/synchronizationProfiles/${demoProfileIds.documentedExample}`,
      {
        headers: { authorization: `Bearer ${token}` },
      },
    );
    const body = (await read.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ displayName: 'Test Profile', state: 'provisioning' });
    expect(graphTypeProblems(body, 'EducationSynchronizationProfile')).toEqual([]);
  });
});

describe('the type check itself', () => {
  it('finds an undeclared member, a wrong JSON type, a bad enum value and a foreign @odata.type', () => {
    const profile = JSON.parse(updatePage.response.body) as Record<string, Record<string, unknown>>;
    expect(graphTypeProblems({ ...profile, colour: 'blue' }, 'EducationSynchronizationProfile')).toEqual([
      "$.colour: EducationSynchronizationProfile declares no member 'colour'",
    ]);
    expect(graphTypeProblems({ ...profile, displayName: 7 }, 'EducationSynchronizationProfile')).toEqual([
      '$.displayName: expected a string, got number',
    ]);
    expect(graphTypeProblems({ ...profile, state: 'asleep' }, 'EducationSynchronizationProfile')[0]).toMatch(
      /^\$\.state: "asleep" is not one of/,
    );
    const customizations = (profile.dataProvider!.customizations as Record<string, unknown>)!;
    expect(
      graphTypeProblems(
        {
          ...profile,
          dataProvider: {
            ...profile.dataProvider,
            customizations: { ...customizations, school: { isSyncDeferred: 'no' } },
          },
        },
        'EducationSynchronizationProfile',
      ),
    ).toEqual(['$.dataProvider.customizations.school.isSyncDeferred: expected a boolean, got string']);
    expect(
      graphTypeProblems(
        { ...profile, dataProvider: { '@odata.type': '#microsoft.graph.educationIdentityDomain' } },
        'EducationSynchronizationProfile',
      ),
    ).toEqual([
      '$.dataProvider: @odata.type #microsoft.graph.educationIdentityDomain is not a EducationSynchronizationDataProvider',
    ]);
    // A member only the derived type declares is found through @odata.type, and only there.
    expect(
      graphTypeProblems(
        {
          ...profile,
          dataProvider: {
            '@odata.type': 'microsoft.graph.educationPowerSchoolDataProvider',
            schoolYear: '2026',
          },
        },
        'EducationSynchronizationProfile',
      ),
    ).toEqual([]);
    expect(
      graphTypeProblems(
        { ...profile, dataProvider: { ...profile.dataProvider, schoolYear: '2026' } },
        'EducationSynchronizationProfile',
      ),
    ).toEqual(["$.dataProvider.schoolYear: EducationCsvDataProvider declares no member 'schoolYear'"]);
  });
});
