/**
 * Issue 15 §1, §2, §4 through the backend against the emulated Graph: errors grouped, filtered,
 * searched and paged from one walk of Graph's pages; the CSV export (streamed, RFC 4180,
 * formula-safe, one-time links, a clear last line when Graph fails part way); bulk actions through
 * $batch with per-profile outcomes and history. With the hostile cases of every new endpoint.
 */
import { beforeEach, describe, expect, inject, it } from 'vitest';
import {
  bulkActionResultSchema,
  exportLinkSchema,
  historyPageSchema,
  problemSchema,
  syncErrorGroupsSchema,
  syncErrorsPageSchema,
} from '../../contracts/api';
import { demoProfileIds } from '../../emulator/graph/demo-data';
import { parseCsv, unneutralised } from '../../server/csv';
import { createEmulatorClient, type RequestLogEntry } from '../support/emulator-client';
import { csvRowOf, CSV_COLUMNS, graphSyncErrors } from '../support/graph-sync-errors';
import { jsonRequest } from '../support/json-request';

const urls = inject('urls');
const emulator = createEmulatorClient({ entraUrl: urls.entra, graphUrl: urls.graph });
const profileId = demoProfileIds.contosoHealthyCsv;

function call(token: string, path: string, init: Parameters<typeof jsonRequest>[2] = {}) {
  return jsonRequest(`${urls.app}${path}`, token, init);
}

const graphErrors = async (persona: string, id: string) =>
  graphSyncErrors(urls.graph, await emulator.graphToken(persona), id);

const graphCalls = (entries: RequestLogEntry[]) => entries.filter((e) => e.service === 'graph');

let admin: string;
beforeEach(async () => {
  await emulator.reset();
  admin = await emulator.ssoToken('admin@contoso');
});

describe('triage', () => {
  it('groups 3,000 errors by entry type and code, most frequent first, from one walk of Graph', async () => {
    const given = await emulator.giveSyncErrors(profileId, { count: 3000, seed: 'triage' });
    const since = await emulator.lastSeq();
    const answer = await call(admin, `/api/profiles/${profileId}/errors/groups`);
    expect(answer.status).toBe(200);
    const groups = syncErrorGroupsSchema.parse(answer.body);
    expect(groups.totalCount).toBe(3000);
    expect(groups.groups.map(({ entryType, errorCode, count }) => ({ entryType, errorCode, count }))).toEqual(
      given.groups,
    );
    const counts = groups.groups.map((g) => g.count);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));

    const pages = graphCalls(await emulator.requests(since)).filter((e) => e.path.includes('/errors'));
    // ⌈3000 / 999⌉ = 4 pages of $top=999, the rest through @odata.nextLink.
    expect(pages).toHaveLength(4);
    expect(pages[0]!.path).toMatch(/\$top=999/);

    // Reading again reuses the index: the status is read, the errors are not.
    const again = await emulator.lastSeq();
    const page = await call(admin, `/api/profiles/${profileId}/errors?top=50&skip=100`);
    expect(page.status).toBe(200);
    expect(syncErrorsPageSchema.parse(page.body)).toMatchObject({ totalCount: 3000, skip: 100, top: 50 });
    const later = graphCalls(await emulator.requests(again));
    expect(later.some((e) => e.path.includes('/errors'))).toBe(false);
    expect(later.some((e) => e.path.includes('/profileStatus'))).toBe(true);
  });

  it('filters by group and searches by identifier, newest first', async () => {
    await emulator.giveSyncErrors(profileId, { count: 2000, seed: 'filter' });
    const all = await graphErrors('admin@contoso', profileId);
    const group = { entryType: 'Student', errorCode: 'UnmatchedEntry' };
    const inGroup = all.filter((e) => e.entryType === group.entryType && e.errorCode === group.errorCode);
    const answer = await call(
      admin,
      `/api/profiles/${profileId}/errors?entryType=Student&errorCode=UnmatchedEntry&top=200`,
    );
    const page = syncErrorsPageSchema.parse(answer.body);
    expect(page.totalCount).toBe(inGroup.length);
    expect(page.errors.every((e) => e.errorCode === 'UnmatchedEntry')).toBe(true);
    const times = page.errors.map((e) => e.recordedDateTime!);
    expect(times).toEqual([...times].sort().reverse());

    const someone = inGroup[7]!.reportableIdentifier!;
    const found = syncErrorsPageSchema.parse(
      (
        await call(
          admin,
          `/api/profiles/${profileId}/errors?search=${encodeURIComponent(someone.toUpperCase())}`,
        )
      ).body,
    );
    expect(found.errors.map((e) => e.id)).toContain(inGroup[7]!.id);
    expect(
      found.errors.every(
        (e) => e.reportableIdentifier!.includes(someone) || e.joiningValue!.includes(someone),
      ),
    ).toBe(true);

    const nobody = syncErrorsPageSchema.parse(
      (
        await call(
          admin,
          `/api/profiles/${profileId}/errors?search=${encodeURIComponent('zz-nobody-%\u00e9')}`,
        )
      ).body,
    );
    expect(nobody).toMatchObject({ totalCount: 0, errors: [] });
  });

  it('sees new errors once the status changes (a reset empties the list)', async () => {
    await emulator.giveSyncErrors(profileId, { count: 300 });
    expect(
      syncErrorGroupsSchema.parse((await call(admin, `/api/profiles/${profileId}/errors/groups`)).body)
        .totalCount,
    ).toBe(300);
    expect((await call(admin, `/api/profiles/${profileId}/reset`, { method: 'POST' })).status).toBe(200);
    expect(
      syncErrorGroupsSchema.parse((await call(admin, `/api/profiles/${profileId}/errors/groups`)).body)
        .totalCount,
    ).toBe(0);
  });

  it.each([
    ['skip=-1', 'skip'],
    ['top=0', 'top'],
    ['top=100000', 'top'],
    ['skip=1e400', 'skip'],
    ['search=a&search=b', 'search'],
    [`search=${'x'.repeat(201)}`, 'search'],
    ['entryType=Student&entryType=Teacher', 'entryType'],
  ])('refuses %s with a problem naming %s', async (query, field) => {
    const answer = await call(admin, `/api/profiles/${profileId}/errors?${query}`);
    expect(answer.status).toBe(400);
    const problem = problemSchema.parse(answer.body);
    expect(problem.code).toBe('validation_failed');
    expect(problem.fields?.map((f) => f.path)).toContain(field);
  });

  it("answers another tenant's profile as not found, even once that tenant's index is built", async () => {
    const other = demoProfileIds.fabrikamHealthyCsv;
    await emulator.giveSyncErrors(other, { count: 50 });
    for (const path of ['errors/groups', 'errors?top=5', 'errors.csv']) {
      const answer = await call(admin, `/api/profiles/${other}/${path}`);
      expect(answer.status).toBe(404);
      expect(problemSchema.parse(answer.body).code).toBe('not_found');
    }
    expect((await call(admin, `/api/profiles/${other}/errors/export`, { method: 'POST' })).status).toBe(404);
    const notGuid = await call(admin, `/api/profiles/${encodeURIComponent('../x%00')}/errors/groups`);
    expect(notGuid.status).toBe(400);
  });
});

describe('CSV export', () => {
  const hostile = [
    {
      entryType: 'Student',
      errorCode: 'UnmatchedEntry',
      reportableIdentifier: '=HYPERLINK("https://evil.example","x")',
      weight: 1,
    },
    {
      entryType: 'Teacher',
      errorCode: 'Odd,Code',
      errorMessage: 'He said "no",\r\nthen left; café ☕',
      reportableIdentifier: "+1 'quoted",
      weight: 1,
    },
    {
      entryType: 'Section',
      errorCode: 'None',
      reportableIdentifier: '-2+3',
      joiningValue: '@SUM(A1)',
      weight: 1,
    },
    {
      entryType: 'School',
      errorCode: 'MissingRequiredField',
      reportableIdentifier: '\tTab',
      joiningValue: "'already",
      weight: 1,
    },
  ];

  it('streams every error of every Graph page: BOM, header, RFC 4180, formulas neutralised, equal to Graph', async () => {
    await emulator.giveSyncErrors(profileId, { count: 2500, mix: hostile, seed: 'csv' });
    const response = await fetch(`${urls.app}/api/profiles/${profileId}/errors.csv`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    const disposition = response.headers.get('content-disposition')!;
    const today = new Date().toISOString().slice(0, 10);
    expect(disposition).toMatch(
      new RegExp(`^attachment; filename="Sync errors - .+ - ${today}\\.csv"; filename\\*=UTF-8''`),
    );
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).slice(1);
    expect(text.endsWith('\r\n')).toBe(true);
    const [header, ...rows] = parseCsv(text);
    expect(header).toEqual(CSV_COLUMNS);
    // No cell a spreadsheet would run: each starts with the neutralising apostrophe.
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);

    const fromCsv = rows.map((r) => r.map(unneutralised));
    const fromGraph = (await graphErrors('admin@contoso', profileId)).map(csvRowOf);
    expect(fromCsv).toHaveLength(2500);
    expect(fromCsv).toEqual(fromGraph);
  });

  it('gives a one-time link bound to the user and the profile', async () => {
    await emulator.giveSyncErrors(profileId, { count: 10 });
    const created = await call(admin, `/api/profiles/${profileId}/errors/export`, { method: 'POST' });
    expect(created.status).toBe(201);
    const link = exportLinkSchema.parse(created.body);
    expect(link.url).toMatch(new RegExp(`^/api/profiles/${profileId}/errors\\.csv\\?ticket=`));

    // Another profile's URL with this ticket: refused (and the ticket is spent).
    const other = link.url.replace(profileId, demoProfileIds.contosoPausedCsv);
    expect((await fetch(`${urls.app}${other}`)).status).toBe(403);

    const second = exportLinkSchema.parse(
      (await call(admin, `/api/profiles/${profileId}/errors/export`, { method: 'POST' })).body,
    );
    const first = await fetch(`${urls.app}${second.url}`);
    expect(first.status).toBe(200);
    expect(parseCsv((await first.text()).slice(1))).toHaveLength(11);
    const replay = await fetch(`${urls.app}${second.url}`);
    expect(replay.status).toBe(401);
    expect(problemSchema.parse(await replay.json()).detail).toMatch(/expired or was already used/);
  });

  it.each([
    ['garbage', 'ticket=not-a-ticket'],
    ['a forged secret', `ticket=${'A'.repeat(22)}.${'B'.repeat(43)}`],
    ['the ticket twice', 'ticket=a&ticket=b'],
    ['a long ticket', `ticket=${'x'.repeat(4000)}`],
    ['odd encodings', 'ticket=%F0%9F%92%A9%00'],
  ])('refuses %s', async (_name, query) => {
    const answer = await fetch(`${urls.app}/api/profiles/${profileId}/errors.csv?${query}`);
    expect([400, 401]).toContain(answer.status);
    expect(answer.headers.get('content-type')).toMatch(/problem\+json/);
  });

  it('ends the file with a clear last line when Graph fails part way', async () => {
    await emulator.giveSyncErrors(profileId, { count: 2500 });
    await emulator.setFaults({ rate: 1, statuses: [500], pathPattern: 'errors\\?.*\\$skip=1998' });
    const response = await fetch(`${urls.app}/api/profiles/${profileId}/errors.csv`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(response.status).toBe(200);
    const records = parseCsv((await response.text()).slice(1));
    expect(records).toHaveLength(1 + 1998 + 1);
    expect(records.at(-1)![0]).toMatch(/^EXPORT INCOMPLETE: only 1998 of 2500 errors are in this file/);
  });

  it('answers a failure before the first row as a problem, not a file', async () => {
    await emulator.setFaults({ rate: 1, statuses: [500], pathPattern: '/errors' });
    const answer = await call(admin, `/api/profiles/${profileId}/errors.csv`);
    expect(answer.status).toBe(502);
    expect(answer.headers.get('content-type')).toMatch(/problem\+json/);
  });
});

describe('bulk actions', () => {
  const three = [
    demoProfileIds.contosoHealthyCsv,
    demoProfileIds.contosoProvisioningPowerSchool,
    demoProfileIds.contosoInProgressPowerSchool,
  ];

  it('pauses three through one $batch: two done, one refused with Graph’s reason, all in history', async () => {
    // The stack's history outlives the emulator's reset: earlier suites' records are not this test's.
    const before = new Set(
      historyPageSchema.parse((await call(admin, '/api/history')).body).entries.map((e) => e.id),
    );
    const since = await emulator.lastSeq();
    const answer = await call(admin, '/api/profiles/bulk/pause', {
      method: 'POST',
      json: { profileIds: three },
    });
    expect(answer.status).toBe(200);
    const { results } = bulkActionResultSchema.parse(answer.body);
    expect(results.map((r) => [r.profileId, r.outcome])).toEqual([
      [three[0], 'done'],
      [three[1], 'refused'],
      [three[2], 'done'],
    ]);
    expect(results[1]!.detail).toMatch(/provisioning/);
    const graph = graphCalls(await emulator.requests(since));
    const batches = graph.filter((e) => e.path.startsWith('/beta/$batch'));
    expect(batches.map((b) => b.batch?.map((s) => s.method))).toEqual([
      ['GET', 'GET', 'GET'],
      ['POST', 'POST', 'POST'],
    ]);
    const history = historyPageSchema.parse((await call(admin, '/api/history')).body);
    const pauses = history.entries.filter((e) => e.operation === 'pause' && !before.has(e.id));
    expect(pauses.map((e) => [e.profileId, e.outcome]).sort()).toEqual(
      [
        [three[0], 'succeeded'],
        [three[1], 'failed'],
        [three[2], 'succeeded'],
      ].sort(),
    );
  });

  it('refuses start for a profile that is not CSV, and a profile of another tenant as not found', async () => {
    const answer = await call(admin, '/api/profiles/bulk/start', {
      method: 'POST',
      json: { profileIds: [demoProfileIds.contosoInProgressPowerSchool, demoProfileIds.fabrikamHealthyCsv] },
    });
    const { results } = bulkActionResultSchema.parse(answer.body);
    expect(results.map((r) => [r.outcome, r.code])).toEqual([
      ['refused', 'not_supported'],
      ['refused', 'not_found'],
    ]);
    expect(results[1]!.profileName).toBeNull();
  });

  it('is refused for a reader', async () => {
    const reader = await emulator.ssoToken('reader@contoso');
    const answer = await call(reader, '/api/profiles/bulk/pause', {
      method: 'POST',
      json: { profileIds: [three[0]] },
    });
    expect(answer.status).toBe(200);
    const { results } = bulkActionResultSchema.parse(answer.body);
    expect(results[0]).toMatchObject({ outcome: 'refused', code: 'forbidden' });
  });

  it.each([
    ['no body', undefined],
    ['an empty list', { profileIds: [] }],
    ['a non-GUID', { profileIds: ['../../x'] }],
    ['a duplicate (case aside)', { profileIds: [three[0], three[0]!.toUpperCase()] }],
    [
      '51 profiles',
      {
        profileIds: Array.from(
          { length: 51 },
          (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        ),
      },
    ],
    ['an unknown member', { profileIds: [three[0]], force: true }],
    ['a prototype key', JSON.parse('{"profileIds":["' + three[0] + '"],"__proto__":{"admin":true}}')],
    ['deep nesting', { profileIds: [[[[[[three[0]]]]]]] }],
  ])('refuses %s with a problem', async (_name, json) => {
    const answer = await call(admin, '/api/profiles/bulk/pause', { method: 'POST', json });
    expect(answer.status).toBe(400);
    expect(['validation_failed', 'malformed_json']).toContain(problemSchema.parse(answer.body).code);
  });

  it('has no reset in bulk', async () => {
    const answer = await call(admin, '/api/profiles/bulk/reset', {
      method: 'POST',
      json: { profileIds: [three[0]] },
    });
    expect(answer.status).toBe(400);
  });
});
