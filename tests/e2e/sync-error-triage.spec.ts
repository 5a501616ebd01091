import type { SyncError } from '../../contracts/api';
import { demoProfileIds } from '../../emulator/graph/demo-data';
import { parseCsv, unneutralised } from '../../server/csv';
import { csvRowOf, CSV_COLUMNS, graphSyncErrors } from '../support/graph-sync-errors';
import { Dashboard } from './pages/dashboard';
import { SyncErrorTriage } from './pages/sync-error-triage';
import { demoProfileNames } from './support/demo';
import { test, expect } from './support/fixtures';

const thousands = (n: number) => n.toLocaleString('en-US');

test('thousands of errors: grouped most frequent first, guidance per code, filtered, searched, scrolled to the end', async ({
  teamsHost,
  urls,
  emulator,
}) => {
  const given = await emulator.giveSyncErrors(demoProfileIds.contosoHealthyCsv, {
    count: 6000,
    seed: 'e2e',
    mix: [
      { entryType: 'Student', errorCode: 'UnmatchedEntry', weight: 50 },
      { entryType: 'Student', errorCode: 'AzureActiveDirectoryInvalidUserUsageLocation', weight: 30 },
      { entryType: 'Section', errorCode: 'ReferencedRecordNotFound', weight: 15 },
      {
        entryType: 'Teacher',
        errorCode: 'BrandNewCode',
        errorMessage: 'Something SDS added later.',
        weight: 5,
      },
    ],
  });
  await teamsHost.open({ persona: 'admin@contoso', tab: 'personal' });
  await new Dashboard(teamsHost.tab).openProfile(demoProfileNames.northwind);
  const triage = new SyncErrorTriage(teamsHost.tab);

  await expect(triage.section.getByText(`${thousands(6000)} errors in 4 groups`)).toBeVisible();
  const buttons = triage.groups.getByRole('button');
  await expect(buttons).toHaveCount(5);
  await expect(buttons.nth(0)).toContainText(`All errors${thousands(6000)} errors`);
  // Most frequent first, each with its count.
  for (const [i, g] of given.groups.entries()) {
    await expect(buttons.nth(i + 1)).toContainText(`${g.errorCode}${thousands(g.count)} errors`);
  }

  const unmatched = given.groups.find((g) => g.errorCode === 'UnmatchedEntry')!;
  await triage.group(/No matching account in Microsoft Entra ID/).click();
  await expect(triage.group(/No matching account/)).toHaveAttribute('aria-pressed', 'true');
  await expect(
    triage.guidance.getByRole('heading', { name: 'No matching account in Microsoft Entra ID' }),
  ).toBeVisible();
  await expect(triage.guidance).toContainText('What it means');
  await expect(triage.guidance).toContainText(
    'Check the profile\u2019s identity matching'.replace('\u2019', "'"),
  );
  await expect(
    triage.guidance.getByRole('link', { name: /Microsoft's guide to SDS errors/ }),
  ).toHaveAttribute('href', 'https://learn.microsoft.com/schooldatasync/sds-errors-and-remediation');
  await expect(triage.matching).toHaveText(`${thousands(unmatched.count)} matching errors`);
  const list = triage.list('Student · UnmatchedEntry');
  await expect(list.getByRole('listitem').first()).toContainText('UnmatchedEntry');
  // Virtualized: a screenful of rows in the page, not thousands.
  expect(await list.getByRole('listitem').count()).toBeLessThan(40);
  await expect(list.getByRole('listitem').first()).toHaveAttribute('aria-setsize', String(unmatched.count));

  // Scrolled to the end: the last row loads (its page is fetched around it, not every page before it).
  // The list's height grows as rows are measured: keep pressing End, as a keyboard user would,
  // until the last row is on screen with its content.
  const last = list.locator(`[aria-posinset="${unmatched.count}"]`);
  await expect
    .poll(async () => {
      await list.press('End');
      return (await last.count()) === 1
        ? ((await last.textContent({ timeout: 1000 }).catch(() => '')) ?? '')
        : '';
    })
    .toContain('UnmatchedEntry');

  // An unknown code still shows, with the generic next step.
  await triage.group(/An error SDS Profiles has no guide for/).click();
  await expect(triage.guidance).toContainText('export the errors and give the error ID to Microsoft support');

  // Search by identifier, across all groups.
  await triage.group(/All errors/).click();
  const token = await emulator.graphToken('admin@contoso');
  const graph = await fetch(
    `${urls.graph}/beta/education/synchronizationProfiles/${demoProfileIds.contosoHealthyCsv}/errors?$top=5&$skip=4321`,
    { headers: { authorization: `Bearer ${token}` } },
  );
  const someone = ((await graph.json()) as { value: SyncError[] }).value[0]!;
  await triage.search.fill(someone.reportableIdentifier!);
  await expect(triage.matching).toHaveText('1 matching error');
  await expect(triage.rows()).toHaveCount(1);
  await expect(triage.rows().first()).toContainText(someone.joiningValue!);
  await triage.search.fill('nobody-at-all');
  await expect(triage.section.getByText('No errors match “nobody-at-all”.')).toBeVisible();
});

test('Export errors (CSV) downloads every error through the host, equal to Graph’s once parsed back', async ({
  teamsHost,
  urls,
  emulator,
}) => {
  await emulator.giveSyncErrors(demoProfileIds.contosoHealthyCsv, {
    count: 1500,
    seed: 'csv-e2e',
    mix: [
      { entryType: 'Student', errorCode: 'UnmatchedEntry', reportableIdentifier: '=1+1', weight: 1 },
      { entryType: 'Teacher', errorCode: 'None', errorMessage: 'Comma, "quote"\r\nand café', weight: 1 },
      { entryType: 'Section', errorCode: 'UnSpecified', weight: 2 },
    ],
  });
  await teamsHost.open({ persona: 'admin@contoso', tab: 'personal' });
  await new Dashboard(teamsHost.tab).openProfile(demoProfileNames.northwind);
  const triage = new SyncErrorTriage(teamsHost.tab);

  // What the browser Teams opened receives: the route passes the server's answer through unchanged.
  const context = teamsHost.page.context();
  let answer: { headers: Record<string, string>; body: Buffer } | undefined;
  await context.route('**/api/profiles/*/errors.csv?ticket=*', async (route) => {
    const response = await route.fetch();
    answer = { headers: response.headers(), body: await response.body() };
    await route.fulfill({ response });
  });
  const popup = context.waitForEvent('page');
  await triage.exportButton.click();
  await popup;
  await expect(triage.section.getByText(/The file opens in your browser/)).toBeVisible();
  await expect.poll(() => answer !== undefined).toBe(true);
  expect(answer!.headers['content-disposition']).toMatch(
    /^attachment; filename="Sync errors - Northwind High School District _ Fall 2026 roster - \d{4}-\d{2}-\d{2}\.csv"; filename\*=UTF-8''Sync%20errors%20-%20Northwind%20High%20School%20District%20%E2%80%93%20Fall/,
  );
  const bytes = answer!.body;
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const [header, ...rows] = parseCsv(bytes.subarray(3).toString('utf8'));
  expect(header).toEqual(CSV_COLUMNS);

  const all = await graphSyncErrors(
    urls.graph,
    await emulator.graphToken('admin@contoso'),
    demoProfileIds.contosoHealthyCsv,
  );
  expect(rows.map((r) => r.map(unneutralised))).toEqual(all.map(csvRowOf));
  expect(rows.some((r) => r[3] === "'=1+1")).toBe(true);
});
