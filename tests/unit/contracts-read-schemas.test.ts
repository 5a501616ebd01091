/**
 * Read leniently, write strictly (issue 11 §2): the lenient read schemas of contracts/graph.ts
 * keep the members of their write twins, and unknown nested members survive a strict write check.
 */
import type {
  EducationFileSynchronizationVerificationMessage,
  EducationSynchronizationCustomization,
  EducationSynchronizationCustomizations,
  EducationSynchronizationError,
  EducationSynchronizationLicenseAssignment,
  EducationSynchronizationProfile,
  EducationSynchronizationProfileStatus,
} from '@microsoft/microsoft-graph-types-beta';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { checkProfileUpdate, profileUpdateSchema } from '../../contracts/api';
import {
  odataTypes,
  parseGraphProfile,
  parseKeepingUnknownMembers,
  readWriteTwins,
  type Customization,
  type Customizations,
  type GraphProfileStatus,
  type GraphSyncError,
  type LicenseAssignment,
  type ProfileWrite,
  type VerificationMessage,
} from '../../contracts/graph';

describe('read schemas', () => {
  it.each(Object.entries(readWriteTwins))(
    '%s reads the same members its write twin writes',
    (_name, twins) => {
      const [read, write] = twins;
      expect(Object.keys(read.shape).sort()).toEqual(Object.keys(write.shape).sort());
    },
  );

  it('read what Graph may send: a new nested member, a non-GUID SKU, an empty name, an unknown role', () => {
    const profile = parseGraphProfile({
      id: 'p1',
      displayName: '',
      state: 'archived',
      dataProvider: {
        '@odata.type': 'microsoft.graph.educationcsvdataprovider',
        customizations: { student: { optionalPropertiesToSync: [''], syncPhotos: true } },
      },
      identitySynchronizationConfiguration: {
        '@odata.type': 'microsoft.graph.educationIdentityCreationConfiguration',
        userDomains: [{ appliesTo: 'guardian', name: '' }],
      },
      licensesToAssign: [{ appliesTo: 'student', skuIds: ['STANDARDWOFFPACK_STUDENT'] }],
    });
    expect(profile).toMatchObject({
      displayName: '',
      state: 'unknownFutureValue',
      dataProvider: {
        '@odata.type': odataTypes.csvDataProvider,
        customizations: { student: { syncPhotos: true } },
      },
      identitySynchronizationConfiguration: { userDomains: [{ appliesTo: 'unknownFutureValue', name: '' }] },
      licensesToAssign: [{ skuIds: ['STANDARDWOFFPACK_STUDENT'] }],
    });
  });

  it('still refuse what no client can read: no id, or a data provider of an unknown kind', () => {
    expect(() =>
      parseGraphProfile({ displayName: 'x', dataProvider: { '@odata.type': odataTypes.csvDataProvider } }),
    ).toThrow();
    expect(() =>
      parseGraphProfile({
        id: 'p',
        displayName: 'x',
        dataProvider: { '@odata.type': '#microsoft.graph.educationExcelDataProvider' },
      }),
    ).toThrow();
  });
});

describe('writing what was read', () => {
  const update = {
    displayName: 'Fall roster',
    dataProvider: {
      '@odata.type': odataTypes.csvDataProvider,
      customizations: { student: { optionalPropertiesToSync: ['State ID'], syncPhotos: { at: 'night' } } },
    },
    identitySynchronizationConfiguration: {
      '@odata.type': odataTypes.identityCreationConfiguration,
      userDomains: [{ appliesTo: 'student', name: 'contoso.edu', isPrimary: true }],
    },
  };

  it('keeps unknown nested members in place and names them', () => {
    const result = parseKeepingUnknownMembers(profileUpdateSchema, update);
    expect(result.success).toBe(true);
    expect(result.success && result.data).toEqual(update);
    expect(result.unknownMembers).toEqual([
      { path: ['dataProvider', 'customizations', 'student'], key: 'syncPhotos' },
      { path: ['identitySynchronizationConfiguration', 'userDomains', 0], key: 'isPrimary' },
    ]);
  });

  it('still applies every write rule, and refuses an unknown member at the top level', () => {
    const broken = {
      ...update,
      licensesToAssign: [{ appliesTo: 'student', skuIds: ['nope'] }],
      nickname: 'x',
    };
    const result = parseKeepingUnknownMembers(profileUpdateSchema, broken);
    expect(result.success).toBe(false);
    expect(!result.success && result.error.issues.map((i) => i.path.join('.'))).toEqual(
      expect.arrayContaining(['', 'licensesToAssign.0.skuIds.0']),
    );
  });

  it('checkProfileUpdate ignores read-only members and applies the write rules', () => {
    const echoed = {
      ...update,
      '@odata.context':
        'https://graph.microsoft.com/beta/$metadata#education/synchronizationProfiles/$entity',
      id: 'p1',
      state: 'provisioned',
      errors: [],
      profileStatus: null,
    };
    expect(checkProfileUpdate(echoed)).toEqual({
      ok: true,
      update,
      unknownMembers: [
        { path: ['dataProvider', 'customizations', 'student'], key: 'syncPhotos' },
        { path: ['identitySynchronizationConfiguration', 'userDomains', 0], key: 'isPrimary' },
      ],
    });
    expect(checkProfileUpdate({ ...echoed, displayName: ' ' })).toEqual({
      ok: false,
      fields: [{ path: 'displayName', message: 'must not be empty' }],
    });
  });
});

/** Members of our model that the generated type does not declare (`@odata.type` is control information). */
type Undeclared<Ours, Generated> = Exclude<keyof Ours, keyof Generated | '@odata.type'>;

describe('our model against the generated Graph beta types (checked by tsc)', () => {
  it('declares no member the generated types lack', () => {
    expectTypeOf<Undeclared<ProfileWrite, EducationSynchronizationProfile>>().toEqualTypeOf<never>();
    expectTypeOf<Undeclared<Customization, EducationSynchronizationCustomization>>().toEqualTypeOf<never>();
    expectTypeOf<Undeclared<Customizations, EducationSynchronizationCustomizations>>().toEqualTypeOf<never>();
    expectTypeOf<
      Undeclared<LicenseAssignment, EducationSynchronizationLicenseAssignment>
    >().toEqualTypeOf<never>();
    expectTypeOf<
      Undeclared<GraphProfileStatus, EducationSynchronizationProfileStatus>
    >().toEqualTypeOf<never>();
    expectTypeOf<Undeclared<GraphSyncError, EducationSynchronizationError>>().toEqualTypeOf<never>();
    expectTypeOf<
      Undeclared<VerificationMessage, EducationFileSynchronizationVerificationMessage>
    >().toEqualTypeOf<never>();
    // The check can fail: a member the generated type lacks is named.
    expectTypeOf<Undeclared<{ colour: string }, EducationSynchronizationProfile>>().toEqualTypeOf<'colour'>();
  });
});
