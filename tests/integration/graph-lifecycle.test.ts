/**
 * The simulated sync lifecycle over HTTPS, driven by `POST /_emulator/clock` (no test sleeps):
 * provisioning → provisioned, runs through extracting → validating → inProgress → success or
 * error, errors that accumulate, and the evolvable-enum rule for `Prefer`.
 */
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { demoProfileIds } from '../../emulator/graph/demo-data';
import { createEmulatorClient } from '../support/emulator-client';
import { jsonRequest } from '../support/json-request';

const urls = inject('urls');
const emulator = createEmulatorClient({ entraUrl: urls.entra, graphUrl: urls.graph });
const BETA = `${urls.graph}/beta`;
const PROFILES = '/education/synchronizationProfiles';
const PREFER = { prefer: 'include-unknown-enum-members' };

let token: string;

function graph(
  method: string,
  path: string,
  init: { json?: unknown; headers?: Record<string, string> } = {},
) {
  return jsonRequest(`${BETA}${path}`, token, { method, ...init });
}

const status = async (id: string) =>
  (await graph('GET', `${PROFILES}/${id}/profileStatus`, { headers: PREFER })).body;
const state = async (id: string) => (await graph('GET', `${PROFILES}/${id}?$select=state`)).body.state;

/** Moves the emulator clock; tokens are re-issued because an hour or more may pass. */
async function advance(seconds: number) {
  await emulator.advanceClock(seconds);
  token = await emulator.graphToken('admin@contoso');
}

const powerSchool = {
  displayName: 'Lifecycle – PowerSchool',
  dataProvider: {
    '@odata.type': '#microsoft.graph.educationPowerSchoolDataProvider',
    connectionUrl: 'https://lifecycle.powerschool.com',
    clientId: 'lifecycle-client',
    clientSecret: 'lifecycle-secret',
    schoolsIds: ['1'],
    schoolYear: '2026',
  },
  identitySynchronizationConfiguration: {
    '@odata.type': '#microsoft.graph.educationIdentityCreationConfiguration',
    userDomains: [{ appliesTo: 'student', name: 'students.contoso.edu' }],
  },
};
const csv = {
  ...powerSchool,
  displayName: 'Lifecycle – CSV',
  dataProvider: { '@odata.type': '#microsoft.graph.educationCsvDataProvider' },
};

beforeEach(async () => {
  await emulator.reset();
  token = await emulator.graphToken('admin@contoso');
});

describe('a new API-provider profile', () => {
  it('provisions, then runs extracting → validating → inProgress → success as the clock moves', async () => {
    const created = await graph('POST', PROFILES, { json: powerSchool });
    const id = created.body.id;
    expect(created.body.state).toBe('provisioning');
    expect(await status(id)).toMatchObject({ status: 'inProgress', lastSynchronizationDateTime: null });

    // Real time passes between requests too, so each step lands mid-phase rather than on an edge.
    await advance(10);
    expect(await state(id)).toBe('provisioned');
    expect((await status(id)).status).toBe('extracting'); // 5–25 s
    await advance(25);
    expect((await status(id)).status).toBe('validating'); // 25–45 s
    await advance(30);
    const running = await status(id); // inProgress 45–125 s: 1200 records over 80 s
    expect(running.status).toBe('inProgress');
    const processed = Number(
      /^Processed (\d+) in the last hour\.\r\nUpdated \d+ in the last hour\.$/.exec(
        running.statusMessage,
      )?.[1],
    );
    expect(processed).toBeGreaterThanOrEqual(300);
    expect(processed).toBeLessThan(1200);
    await advance(70);
    const done = await status(id);
    expect(done).toMatchObject({
      status: 'success',
      errorCount: 0,
      statusMessage: 'Processed 1200 in the last hour.\r\nUpdated 24 in the last hour.',
    });
    expect(done.lastSynchronizationDateTime).not.toBeNull();
    expect(Date.parse(done.lastActivityDateTime)).toBe(Date.parse(done.lastSynchronizationDateTime));

    // The next run an hour later moves both times on.
    await advance(3600);
    const next = await status(id);
    expect(Date.parse(next.lastSynchronizationDateTime)).toBe(
      Date.parse(done.lastSynchronizationDateTime) + 3600_000,
    );
  });

  it('provisions again after an update and resumes syncing once provisioned', async () => {
    const id = demoProfileIds.contosoHealthyCsv;
    const before = await status(id);
    expect(before.status).toBe('success');
    expect((await graph('PATCH', `${PROFILES}/${id}`, { json: { displayName: 'Renamed' } })).status).toBe(
      200,
    );
    expect(await state(id)).toBe('provisioning');
    await advance(5);
    expect(await state(id)).toBe('provisioned');
    const after = await status(id);
    expect(after.status).toBe('extracting');
    expect(after.lastSynchronizationDateTime).toBe(before.lastSynchronizationDateTime);
  });
});

describe('a new CSV profile', () => {
  it('waits for files, then uploadUrl → processing (409) → start → runs', async () => {
    const id = (await graph('POST', PROFILES, { json: csv })).body.id;
    await advance(5);
    expect(await status(id)).toMatchObject({ status: 'inProgress', errorCount: 0 });

    const early = await graph('POST', `${PROFILES}/${id}/start`);
    expect(early.status).toBe(200);
    expect(early.body.value).toHaveLength(6);
    expect(early.body.value[0]).toMatchObject({
      type: 'Error',
      fileName: 'school.csv',
      description: expect.stringMatching(/^File not found/),
    });

    expect((await graph('GET', `${PROFILES}/${id}/uploadUrl`)).status).toBe(200);
    const processing = await graph('POST', `${PROFILES}/${id}/start`);
    expect(processing.status).toBe(409);
    await advance(30);
    const started = await graph('POST', `${PROFILES}/${id}/start`);
    expect(started.status).toBe(200);
    expect(started.body.value).toEqual([]);
    expect((await status(id)).status).toBe('extracting');
    await advance(120);
    expect((await status(id)).status).toBe('success');
  });
});

describe('the error profile', () => {
  const id = demoProfileIds.contosoErrorOneRoster;

  it('records more errors with every run', async () => {
    expect(await status(id)).toMatchObject({ status: 'error', errorCount: 14 });
    await advance(3600);
    expect((await status(id)).errorCount).toBe(16);
    await advance(2 * 3600);
    const errors = await graph('GET', `${PROFILES}/${id}/errors?$orderby=recordedDateTime desc&$top=2`);
    expect(errors.body['@odata.count']).toBe(20);
    const now = await emulator.advanceClock(0);
    expect(now.getTime() - Date.parse(errors.body.value[0].recordedDateTime)).toBeLessThan(3600_000);
  });

  it('after reset has no errors until the next run fails again', async () => {
    await graph('POST', `${PROFILES}/${id}/reset`);
    expect(await status(id)).toMatchObject({ status: 'extracting', errorCount: 0 });
    await advance(780);
    expect(await status(id)).toMatchObject({ status: 'error', errorCount: 2 });
  });
});

describe('halted and paused profiles', () => {
  it('a paused profile stays paused however far the clock moves; resume runs it again', async () => {
    const id = demoProfileIds.contosoPausedCsv;
    const before = await status(id);
    await advance(24 * 3600);
    expect(await status(id)).toEqual(before);
    await graph('POST', `${PROFILES}/${id}/resume`);
    expect((await status(id)).status).toBe('extracting');
  });

  it('a quarantined profile stays quarantined until reset', async () => {
    const id = demoProfileIds.contosoQuarantinedOneRoster;
    await advance(6 * 3600);
    expect((await status(id)).status).toBe('quarantined');
    await graph('POST', `${PROFILES}/${id}/resume`);
    expect((await status(id)).status).toBe('quarantined');
    await graph('POST', `${PROFILES}/${id}/reset`);
    expect((await status(id)).status).toBe('extracting');
  });

  it('the provisioning demo profile becomes provisioned when its time comes, and actions wait for it', async () => {
    const id = demoProfileIds.contosoProvisioningPowerSchool;
    expect(await state(id)).toBe('provisioning');
    const pause = await graph('POST', `${PROFILES}/${id}/pause`);
    expect(pause.status).toBe(400);
    expect(pause.body.error.message).toMatch(
      /is in state 'provisioning': pause needs it to be 'provisioned'/,
    );
    await advance(3600);
    expect(await state(id)).toBe('provisioned');
    expect((await graph('POST', `${PROFILES}/${id}/pause`)).status).toBe(200);
  });
});

describe('Prefer: include-unknown-enum-members', () => {
  const id = demoProfileIds.contosoHealthyCsv;

  it('without it, extracting and validating are sent as unknownFutureValue', async () => {
    await graph('POST', `${PROFILES}/${id}/reset`);
    const plain = await graph('GET', `${PROFILES}/${id}/profileStatus`);
    expect(plain.body.status).toBe('unknownFutureValue');
    expect(plain.headers.get('preference-applied')).toBeNull();
    await advance(60);
    expect((await graph('GET', `${PROFILES}/${id}/profileStatus`)).body.status).toBe('unknownFutureValue');
  });

  it('with it, the real value is sent and Preference-Applied says so', async () => {
    await graph('POST', `${PROFILES}/${id}/reset`);
    const preferred = await graph('GET', `${PROFILES}/${id}/profileStatus`, {
      headers: { prefer: 'return=minimal, include-unknown-enum-members' },
    });
    expect(preferred.body.status).toBe('extracting');
    expect(preferred.headers.get('preference-applied')).toBe('include-unknown-enum-members');
    await advance(60);
    expect((await status(id)).status).toBe('validating');
  });

  it('members before the sentinel are sent as they are either way', async () => {
    const answer = await graph('GET', `${PROFILES}/${demoProfileIds.contosoPausedCsv}/profileStatus`);
    expect(answer.body.status).toBe('paused');
  });
});
