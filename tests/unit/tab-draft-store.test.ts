import { describe, expect, it } from 'vitest';
import type { ProfileUpdate } from '../../contracts/api';
import { odataTypes } from '../../contracts/graph';
import { createDraftStore, draftKey, type StorageLike } from '../../src/services/draftStore';

const TENANT = 'c0a70de5-0000-4000-8000-000000000001';
const OTHER_TENANT = 'fab01ca7-0000-4000-8000-000000000002';

const update = (displayName: string): ProfileUpdate => ({
  displayName,
  dataProvider: { '@odata.type': odataTypes.csvDataProvider },
  identitySynchronizationConfiguration: {
    '@odata.type': odataTypes.identityCreationConfiguration,
    userDomains: [],
  },
});

function memoryStorage(): StorageLike & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
  };
}

describe('draft store', () => {
  it('keeps a draft per tenant and profile, with the version it was made on', () => {
    const storage = memoryStorage();
    const store = createDraftStore(storage);
    const saved = store.save(
      { tenantId: TENANT, profileId: 'p1', baseEtag: '"v1"', base: update('Old'), draft: update('New') },
      new Date('2026-09-02T12:00:00Z'),
    );
    expect(saved).toBe(true);
    expect(store.load(TENANT, 'p1')).toEqual({
      version: 1,
      tenantId: TENANT,
      profileId: 'p1',
      baseEtag: '"v1"',
      base: update('Old'),
      draft: update('New'),
      savedAt: '2026-09-02T12:00:00.000Z',
    });
    expect(store.load(OTHER_TENANT, 'p1')).toBeNull();
    expect(store.load(TENANT, 'p2')).toBeNull();
  });

  it('keeps drafts that do not validate yet (that is what drafts are for)', () => {
    const store = createDraftStore(memoryStorage());
    const invalid = {
      ...update(''),
      licensesToAssign: [{ appliesTo: 'teacher' as const, skuIds: ['not-a-guid'] }],
    };
    store.save({ tenantId: TENANT, profileId: 'p1', baseEtag: '"v1"', base: update('x'), draft: invalid });
    expect(store.load(TENANT, 'p1')?.draft).toEqual(invalid);
  });

  it('removes a draft', () => {
    const storage = memoryStorage();
    const store = createDraftStore(storage);
    store.save({
      tenantId: TENANT,
      profileId: 'p1',
      baseEtag: '"v1"',
      base: update('a'),
      draft: update('b'),
    });
    store.remove(TENANT, 'p1');
    expect(store.load(TENANT, 'p1')).toBeNull();
    expect(storage.items.size).toBe(0);
  });

  it('ignores entries it did not write or cannot read', () => {
    const storage = memoryStorage();
    const store = createDraftStore(storage);
    storage.setItem(draftKey(TENANT, 'p1'), 'not json');
    expect(store.load(TENANT, 'p1')).toBeNull();
    storage.setItem(draftKey(TENANT, 'p1'), JSON.stringify({ version: 2 }));
    expect(store.load(TENANT, 'p1')).toBeNull();
    storage.setItem(
      draftKey(TENANT, 'p1'),
      JSON.stringify({
        version: 1,
        tenantId: OTHER_TENANT,
        profileId: 'p1',
        baseEtag: '"v"',
        savedAt: 'x',
        base: update('a'),
        draft: update('b'),
      }),
    );
    expect(store.load(TENANT, 'p1')).toBeNull();
  });

  it('degrades to "not kept" when storage is missing or full', () => {
    const none = createDraftStore(null);
    expect(
      none.save({
        tenantId: TENANT,
        profileId: 'p1',
        baseEtag: '"v"',
        base: update('a'),
        draft: update('b'),
      }),
    ).toBe(false);
    expect(none.load(TENANT, 'p1')).toBeNull();
    const full = createDraftStore({
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => {
        throw new Error('SecurityError');
      },
    });
    expect(
      full.save({
        tenantId: TENANT,
        profileId: 'p1',
        baseEtag: '"v"',
        base: update('a'),
        draft: update('b'),
      }),
    ).toBe(false);
    expect(full.load(TENANT, 'p1')).toBeNull();
    expect(() => full.remove(TENANT, 'p1')).not.toThrow();
  });

  it('escapes ids in the key', () => {
    expect(draftKey('t/1', 'p.2')).toBe('sds-profiles.draft.t%2F1.p.2');
  });
});
