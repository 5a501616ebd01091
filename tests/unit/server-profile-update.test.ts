import { describe, expect, it } from 'vitest';
import type { Profile } from '../../contracts/api';
import { odataTypes, parseGraphProfile, type GraphProfile } from '../../contracts/graph';
import { ifMatchSatisfied, ifNoneMatchHits, profileEtag, strongEtag } from '../../server/etag';
import { HttpError } from '../../server/errors';
import { createKeyedLock } from '../../server/keyedLock';
import { LockBusy } from '../../server/sharedState/types';
import { toProfile } from '../../server/profileViews';
import { mergeUpdate } from '../../server/routes/updateProfile';

const powerSchool: GraphProfile = parseGraphProfile({
  id: '86904b1e-c7d0-4ead-b13a-98f11fc400ee',
  displayName: 'District PowerSchool',
  state: 'provisioned',
  dataProvider: {
    '@odata.type': 'microsoft.graph.educationPowerSchoolDataProvider',
    connectionUrl: 'https://ps.contoso.edu',
    clientId: 'ps-client',
    clientSecret: 'ps-secret',
    schoolsIds: ['1', '2'],
    schoolYear: '2026',
    customizations: { student: { optionalPropertiesToSync: ['State ID'] } },
  },
  identitySynchronizationConfiguration: {
    '@odata.type': 'microsoft.graph.educationIdentityCreationConfiguration',
    userDomains: [{ appliesTo: 'student', name: 'contoso.edu' }],
  },
  licensesToAssign: [],
});

function editable(profile: Profile) {
  const { id: _id, state: _state, ...rest } = profile;
  return rest;
}

describe('profile views', () => {
  it('never hands a secret to the tab', () => {
    expect(JSON.stringify(toProfile(powerSchool))).not.toContain('ps-secret');
  });
});

describe('profile ETags', () => {
  it('depend on editable content only, not on key order or state', () => {
    const profile = toProfile(powerSchool);
    const reordered = JSON.parse(
      JSON.stringify({ state: 'provisioning', ...editable(profile), id: profile.id }),
    ) as Profile;
    expect(profileEtag(reordered)).toBe(profileEtag(profile));
    expect(profileEtag({ ...profile, displayName: 'Renamed' })).not.toBe(profileEtag(profile));
    expect(profileEtag(profile)).toMatch(/^"[A-Za-z0-9_-]{32}"$/);
  });

  it('compare strongly for If-Match and weakly for If-None-Match', () => {
    const tag = strongEtag({ a: 1 });
    expect(ifMatchSatisfied(tag, tag)).toBe(true);
    expect(ifMatchSatisfied(`"other", ${tag}`, tag)).toBe(true);
    expect(ifMatchSatisfied(`W/${tag}`, tag)).toBe(false);
    expect(ifNoneMatchHits(`W/${tag}`, tag)).toBe(true);
    expect(ifNoneMatchHits('"other"', tag)).toBe(false);
    expect(ifNoneMatchHits(undefined, tag)).toBe(false);
  });
});

describe('merging an update into the current profile', () => {
  const update = {
    ...editable(toProfile(powerSchool)),
    displayName: 'Renamed',
    dataProvider: {
      '@odata.type': odataTypes.powerSchoolDataProvider,
      connectionUrl: 'https://attacker.example',
      clientId: 'changed',
      customizations: { teacher: { optionalPropertiesToSync: ['Title'] } },
    },
  } as Parameters<typeof mergeUpdate>[1];

  it('takes the edits and customizations but keeps the connection details', () => {
    const merged = mergeUpdate(powerSchool, update);
    expect(merged.displayName).toBe('Renamed');
    expect(merged.dataProvider).toMatchObject({
      connectionUrl: 'https://ps.contoso.edu',
      clientId: 'ps-client',
      schoolsIds: ['1', '2'],
      customizations: { teacher: { optionalPropertiesToSync: ['Title'] } },
    });
  });

  it('refuses to change the provider type, naming dataProvider.@odata.type', () => {
    const csv = { ...update, dataProvider: { '@odata.type': odataTypes.csvDataProvider } } as Parameters<
      typeof mergeUpdate
    >[1];
    const error = (() => {
      try {
        mergeUpdate(powerSchool, csv);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).extras.fields).toEqual([
      { path: 'dataProvider.@odata.type', message: expect.stringMatching(/PowerSchool/i) },
    ]);
  });
});

describe('keyed lock', () => {
  it('runs tasks for one key one after another, other keys alongside', async () => {
    const lock = createKeyedLock();
    const order: string[] = [];
    let releaseFirst!: () => void;
    const first = lock('a', async () => {
      order.push('a1 start');
      await new Promise<void>((resolve) => (releaseFirst = resolve));
      order.push('a1 end');
    });
    const second = lock('a', async () => {
      order.push('a2');
    });
    const other = lock('b', async () => {
      order.push('b');
    });
    await other;
    expect(order).toEqual(['a1 start', 'b']);
    releaseFirst();
    await Promise.all([first, second]);
    expect(order).toEqual(['a1 start', 'b', 'a1 end', 'a2']);
  });

  it('gives up with LockBusy after waitMs, and the queue behind it keeps its order', async () => {
    const lock = createKeyedLock();
    let releaseFirst!: () => void;
    const order: string[] = [];
    const first = lock('a', () => new Promise<void>((resolve) => (releaseFirst = resolve)));
    const impatient = lock('a', async () => order.push('impatient'), 20);
    const patient = lock('a', async () => order.push('patient'));
    await expect(impatient).rejects.toBeInstanceOf(LockBusy);
    expect(order).toEqual([]);
    releaseFirst();
    await Promise.all([first, patient]);
    expect(order).toEqual(['patient']);
  });

  it('keeps going after a task fails', async () => {
    const lock = createKeyedLock();
    await expect(lock('a', async () => Promise.reject(new Error('no')))).rejects.toThrow('no');
    await expect(lock('a', async () => 'next')).resolves.toBe('next');
  });
});
