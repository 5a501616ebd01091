import { describe, expect, it } from 'vitest';
import type { Profile } from '../../contracts/api';
import { odataTypes, UNSET_START_DATE } from '../../contracts/graph';
import {
  expirationInputValue,
  identityKindOf,
  isUnsetDate,
  startDateFromInput,
  startDateInputValue,
  toUpdate,
  withMatchingOptions,
} from '../../contracts/profileModel';
import { shortId, skuLabel, skuName } from '../../contracts/knownSkus';

describe('editor model', () => {
  it('edits everything but the id and the state', () => {
    const profile: Profile = {
      id: 'p1',
      state: 'provisioned',
      displayName: 'x',
      dataProvider: { '@odata.type': odataTypes.csvDataProvider },
      identitySynchronizationConfiguration: {
        '@odata.type': odataTypes.identityCreationConfiguration,
        userDomains: [],
      },
    };
    const update = toUpdate(profile);
    expect(update).not.toHaveProperty('id');
    expect(update).not.toHaveProperty('state');
    expect(identityKindOf(update)).toBe('creation');
    expect(identityKindOf(withMatchingOptions(update, []))).toBe('matching');
  });

  it('shows Graph’s unset start date as an empty field and keeps it when cleared', () => {
    expect(isUnsetDate(UNSET_START_DATE)).toBe(true);
    expect(startDateInputValue(UNSET_START_DATE)).toBe('');
    expect(startDateInputValue('2026-09-01T00:00:00Z')).toBe('2026-09-01');
    expect(startDateFromInput('', UNSET_START_DATE)).toBe(UNSET_START_DATE);
    expect(startDateFromInput('', '2026-09-01T00:00:00Z')).toBeNull();
    expect(startDateFromInput('2026-10-01', UNSET_START_DATE)).toBe('2026-10-01T00:00:00Z');
    expect(expirationInputValue(null)).toBe('');
    expect(expirationInputValue('2027-06-30')).toBe('2027-06-30');
  });

  it('names known license SKUs and shortens unknown ones', () => {
    expect(skuName('314C4481-F395-4525-BE8B-2EC4BB1E9D91')).toBe('Office 365 A1 for students');
    expect(skuName('00000000-0000-0000-0000-000000000000')).toBeNull();
    expect(skuLabel('6fd2c87f-b296-42f0-b197-1e91e994b900')).toBe('Office 365 E3 (6fd2…)');
    expect(skuLabel('00000000-0000-0000-0000-000000000000')).toBe('0000…');
    expect(shortId('abc')).toBe('abc');
  });
});
