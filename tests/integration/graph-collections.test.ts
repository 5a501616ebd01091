/**
 * Lists as real clients meet them: server-side paging (20 per page without $top) with nextLink,
 * $top/$skip/$count/$filter/$orderby, the errors collection's paging, and generated tenants
 * from `POST /_emulator/seed`.
 */
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { tenants } from '../../emulator/directory';
import { demoProfileIds } from '../../emulator/graph/demo-data';
import { createEmulatorClient, EmulatorRequestError } from '../support/emulator-client';

const urls = inject('urls');
const emulator = createEmulatorClient({ entraUrl: urls.entra, graphUrl: urls.graph });
const BETA = `${urls.graph}/beta`;
const PROFILES = '/education/synchronizationProfiles';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers, checked field by field
type Json = any;

let token: string;

async function get(pathOrUrl: string) {
  const response = await fetch(pathOrUrl.startsWith('https:') ? pathOrUrl : `${BETA}${pathOrUrl}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: response.status, body: (await response.json()) as Json };
}

/** Follows @odata.nextLink to the end, as a client must. */
async function all(path: string): Promise<{ pages: Json[]; items: Json[] }> {
  const pages: Json[] = [];
  let next: string | undefined = path;
  while (next) {
    const answer = await get(next);
    expect(answer.status).toBe(200);
    pages.push(answer.body);
    next = answer.body['@odata.nextLink'];
  }
  return { pages, items: pages.flatMap((p) => p.value) };
}

beforeEach(async () => {
  await emulator.reset();
  token = await emulator.graphToken('admin@contoso');
});

describe('paging', () => {
  it('serves at most 20 profiles per page without $top; nextLink leads through all of them', async () => {
    await emulator.seed(50);
    const { pages, items } = await all(PROFILES);
    expect(pages.map((p) => p.value.length)).toEqual([20, 20, 10]);
    expect(pages[0]['@odata.nextLink']).toBe(`${BETA}${PROFILES}?$skip=20`);
    expect(new Set(items.map((p) => p.id)).size).toBe(50);
  });

  it('uses $top as the page size and keeps the other options in nextLink', async () => {
    await emulator.seed(50);
    const { pages, items } = await all(`${PROFILES}?$top=15&$count=true&$select=id,displayName`);
    expect(pages.map((p) => p.value.length)).toEqual([15, 15, 15, 5]);
    expect(pages[1]['@odata.nextLink']).toBe(
      `${BETA}${PROFILES}?$top=15&$count=true&$select=id,displayName&$skip=30`,
    );
    expect(pages.every((p) => p['@odata.count'] === 50)).toBe(true);
    expect(Object.keys(items[0]).sort()).toEqual(['displayName', 'id']);
  });

  it('$skip past the end gives an empty page and no nextLink', async () => {
    const answer = await get(`${PROFILES}?$skip=100`);
    expect(answer.body.value).toEqual([]);
    expect(answer.body['@odata.nextLink']).toBeUndefined();
  });
});

describe('$filter, $orderby, $count', () => {
  it('filters on state', async () => {
    const answer = await get(`${PROFILES}?$filter=state eq 'provisioning'`);
    expect(answer.body.value.map((p: Json) => p.id)).toEqual([demoProfileIds.contosoProvisioningPowerSchool]);
  });

  it('filters on displayName, ignoring letter case, and combines clauses with and', async () => {
    const name = 'northwind high school district – fall 2026 roster';
    const one = await get(`${PROFILES}?$filter=${encodeURIComponent(`displayName eq '${name}'`)}`);
    expect(one.body.value.map((p: Json) => p.id)).toEqual([demoProfileIds.contosoHealthyCsv]);
    const none = await get(
      `${PROFILES}?$filter=${encodeURIComponent(`displayName eq '${name}' and state eq 'provisioning'`)}`,
    );
    expect(none.body.value).toEqual([]);
  });

  it('orders by displayName, ascending or descending', async () => {
    const names = (await get(`${PROFILES}?$orderby=displayName`)).body.value.map((p: Json) => p.displayName);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' })));
    expect(names[0]).toBe('Adventure Works Academy – Summer school CSV');
    const reversed = (await get(`${PROFILES}?$orderby=displayName desc`)).body.value.map(
      (p: Json) => p.displayName,
    );
    expect(reversed).toEqual([...names].reverse());
  });

  it('counts the filtered collection with $count=true', async () => {
    const answer = await get(`${PROFILES}?$count=true&$filter=state eq 'provisioned'&$top=2`);
    expect(answer.body['@odata.count']).toBe(9);
    expect(answer.body.value).toHaveLength(2);
    expect((await get(PROFILES)).body['@odata.count']).toBeUndefined();
  });
});

describe('query options without $ (beta: "the $ prefix is optional")', () => {
  it('answers top, skip, count, filter, orderby and select as their $ forms', async () => {
    const plain = await get(
      `${PROFILES}?count=true&filter=state eq 'provisioned'&orderby=displayName&top=3&select=displayName`,
    );
    const prefixed = await get(
      `${PROFILES}?$count=true&$filter=state eq 'provisioned'&$orderby=displayName&$top=3&$select=displayName`,
    );
    expect(plain.status).toBe(200);
    expect(plain.body.value).toEqual(prefixed.body.value);
    expect(plain.body['@odata.count']).toBe(prefixed.body['@odata.count']);
    expect(plain.body.value).toHaveLength(3);
    const next = await get(plain.body['@odata.nextLink']);
    expect(next.body.value[0].displayName).not.toBe(plain.body.value[0].displayName);
  });
});

describe('the errors collection', () => {
  const errors = `${PROFILES}/${demoProfileIds.contosoErrorOneRoster}/errors`;

  it('pages with $top and $skip and always carries @odata.count', async () => {
    const first = await get(`${errors}?$top=5`);
    expect(first.body['@odata.count']).toBe(14);
    expect(first.body.value).toHaveLength(5);
    expect(first.body['@odata.nextLink']).toBe(`${BETA}${errors}?$top=5&$skip=5`);
    const last = await get(`${errors}?$top=5&$skip=10`);
    expect(last.body.value).toHaveLength(4);
    expect(last.body['@odata.nextLink']).toBeUndefined();
    const { items } = await all(`${errors}?$top=5`);
    expect(new Set(items.map((e) => e.id)).size).toBe(14);
  });

  it('filters on entryType and orders by recordedDateTime', async () => {
    const teachers = await get(`${errors}?$filter=entryType eq 'teacher'`);
    expect(teachers.body.value.length).toBeGreaterThanOrEqual(2);
    expect(teachers.body.value.every((e: Json) => e.entryType === 'Teacher')).toBe(true);
    expect(teachers.body['@odata.count']).toBe(teachers.body.value.length);
    const newest = await get(`${errors}?$orderby=recordedDateTime desc&$top=3`);
    const times = newest.body.value.map((e: Json) => Date.parse(e.recordedDateTime));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });
});

describe('POST /_emulator/seed', () => {
  it.each([6, 50, 200])('replaces the tenant’s profiles with %i generated ones', async (count) => {
    expect(await emulator.seed(count)).toEqual({ tenantId: tenants.contoso.id, profileCount: count });
    const answer = await get(`${PROFILES}?$count=true&$top=1`);
    expect(answer.body['@odata.count']).toBe(count);
  });

  it('mixes providers and statuses, with ids that are the same every time', async () => {
    await emulator.seed(30);
    const { items } = await all(PROFILES);
    const kinds = new Set(items.map((p) => p.dataProvider['@odata.type']));
    expect(kinds.size).toBe(3);
    const statuses = new Set<string>();
    for (const p of items.slice(0, 10)) {
      statuses.add((await get(`${PROFILES}/${p.id}/profileStatus`)).body.status);
    }
    expect(statuses.size).toBeGreaterThanOrEqual(5);
    await emulator.seed(30);
    expect((await all(PROFILES)).items.map((p) => p.id)).toEqual(items.map((p) => p.id));
  });

  it('seeds another tenant without touching this one, and reset brings the demo data back', async () => {
    await emulator.seed(3, tenants.fabrikam.id);
    expect((await get(PROFILES)).body.value).toHaveLength(10);
    await emulator.seed(0);
    expect((await get(PROFILES)).body.value).toHaveLength(0);
    await emulator.reset();
    token = await emulator.graphToken('admin@contoso');
    expect((await get(PROFILES)).body.value).toHaveLength(10);
  });

  it('refuses a bad request, naming the field', async () => {
    await expect(emulator.seed(-1)).rejects.toThrow(EmulatorRequestError);
    await expect(emulator.seed(-1)).rejects.toThrow(/profileCount/);
    await expect(emulator.seed(5, 'not-a-tenant')).rejects.toThrow(
      /tenantId: must be one of the demo tenants/,
    );
  });
});
