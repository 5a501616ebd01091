/** A profile as the backend sends it to the tab, shaped like Graph's documented example. */
import type { Me, Profile, ProfileDetail, ProfileUpdate } from '../../contracts/api';
import type { HostInfo } from '../../src/teams/hostInfo';
import { odataTypes, UNSET_START_DATE } from '../../contracts/graph';

export const PROFILE_ID = '86904b1e-c7d0-4ead-b13a-98f11fc400ee';
export const E3 = '6fd2c87f-b296-42f0-b197-1e91e994b900';
export const A5 = '46c119d4-0379-4a9d-85e4-97c66d3f909e';

const unset = {
  synchronizationStartDate: UNSET_START_DATE,
  isSyncDeferred: false,
  allowDisplayNameUpdate: false,
};

export function sampleProfile(): Profile {
  return {
    id: PROFILE_ID,
    state: 'provisioned',
    displayName: 'Test Profile',
    dataProvider: {
      '@odata.type': odataTypes.csvDataProvider,
      customizations: {
        school: { optionalPropertiesToSync: ['State ID'], ...unset },
        section: { optionalPropertiesToSync: [], ...unset },
        student: { optionalPropertiesToSync: ['Email'], ...unset },
        teacher: { optionalPropertiesToSync: [], ...unset },
        studentEnrollment: { optionalPropertiesToSync: [], ...unset },
        teacherRoster: { optionalPropertiesToSync: [], ...unset },
      },
    },
    identitySynchronizationConfiguration: {
      '@odata.type': odataTypes.identityCreationConfiguration,
      userDomains: [
        { appliesTo: 'student', name: 'testschool.edu' },
        { appliesTo: 'teacher', name: 'testschool.edu' },
      ],
    },
    licensesToAssign: [
      { appliesTo: 'teacher', skuIds: [E3] },
      { appliesTo: 'student', skuIds: [E3] },
    ],
    handleSpecialCharacterConstraint: false,
    expirationDate: null,
  };
}

/** The editable part of a profile as read (leniently: it may break write rules). */
// A key-remapping mapped type, not Omit: Omit of a type with an index signature (the lenient
// read keeps unknown members) would lose every named member.
export type ProfileBody = { [K in keyof Profile as K extends 'id' | 'state' ? never : K]: Profile[K] };

/** The profile with an update applied, as the server stores it. */
export function applied(profile: Profile, update: ProfileUpdate | ProfileBody): Profile {
  return { ...profile, ...update, id: profile.id, state: 'provisioning' };
}

export function detail(profile: Profile, etag: string): ProfileDetail {
  return { profile, etag };
}

export const renamed = <T extends ProfileUpdate | ProfileBody>(u: T, displayName: string): T => ({
  ...u,
  displayName,
});
export const studentLicense = <T extends ProfileUpdate | ProfileBody>(u: T, sku: string): T => {
  const licenses: ProfileBody['licensesToAssign'] = u.licensesToAssign;
  return {
    ...u,
    licensesToAssign: (licenses ?? []).map((l) => (l.appliesTo === 'student' ? { ...l, skuIds: [sku] } : l)),
  };
};

/** Who `GET /api/me` says is signed in: an admin who may read and change profiles. */
export function sampleMe(): Me {
  return {
    displayName: 'Megan Bowen',
    userPrincipalName: 'admin@contoso.edu',
    objectId: 'o',
    tenantId: 't',
    canRead: true,
    canWrite: true,
  };
}

/** The Teams context of a personal tab on the web client, as hostInfo reads it. */
export function sampleHost(overrides: Partial<HostInfo> = {}): HostInfo {
  return {
    theme: 'default',
    locale: 'en-US',
    clientType: 'web',
    density: 'comfortable',
    frameContext: 'content',
    pageId: null,
    subPageId: null,
    appId: null,
    channelId: null,
    channelName: null,
    teamGroupId: null,
    teamName: null,
    tenantId: 't',
    userPrincipalName: 'admin@contoso.edu',
    sessionId: null,
    ...overrides,
  };
}
