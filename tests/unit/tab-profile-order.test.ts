import { describe, expect, it } from 'vitest';
import type { ProfileSummary } from '../../contracts/api';
import type { ProfileState, SyncStatus } from '../../contracts/graph';
import {
  attentionOf,
  countByAttention,
  filterProfiles,
  noFilter,
  sortProfiles,
} from '../../src/dashboard/profileOrder';

function summary(
  displayName: string,
  status: SyncStatus | null,
  state: ProfileState = 'provisioned',
  extra: Partial<ProfileSummary> = {},
): ProfileSummary {
  return {
    id: `id-${displayName}`,
    displayName,
    provider: 'csv',
    state,
    status:
      status === null
        ? null
        : {
            id: `id-${displayName}`,
            status,
            statusMessage: '',
            errorCount: 0,
            lastSynchronizationDateTime: null,
            lastActivityDateTime: null,
          },
    ...extra,
  };
}

describe('attentionOf', () => {
  it.each([
    ['error', 'provisioned', 'problem'],
    ['validationError', 'provisioned', 'problem'],
    ['quarantined', 'provisioned', 'problem'],
    ['success', 'provisioningFailed', 'problem'],
    ['success', 'deletionFailed', 'problem'],
    ['paused', 'provisioned', 'active'],
    ['inProgress', 'provisioned', 'active'],
    ['extracting', 'provisioned', 'active'],
    ['validating', 'provisioned', 'active'],
    ['unknownFutureValue', 'provisioned', 'active'],
    ['success', 'provisioning', 'active'],
    ['success', 'provisioned', 'healthy'],
  ] as const)('%s while %s is %s', (status, state, expected) => {
    expect(attentionOf(summary('x', status, state))).toBe(expected);
  });

  it('treats a status that could not be read as a problem', () => {
    const unreadable = summary('x', null, 'provisioned', {
      statusProblem: { code: 'graph_unavailable', detail: 'Graph did not answer' },
    });
    expect(attentionOf(unreadable)).toBe('problem');
  });
});

describe('sortProfiles', () => {
  it('puts problems first, then paused or running profiles, then healthy ones, each by name', () => {
    const sorted = sortProfiles([
      summary('Zeta healthy', 'success'),
      summary('alpha healthy', 'success'),
      summary('Paused one', 'paused'),
      summary('Broken', 'error'),
      summary('Another broken', 'quarantined'),
      summary('Provisioning', 'success', 'provisioning'),
    ]);
    expect(sorted.map((p) => p.displayName)).toEqual([
      'Another broken',
      'Broken',
      'Paused one',
      'Provisioning',
      'alpha healthy',
      'Zeta healthy',
    ]);
  });

  it('orders numbers in names naturally and does not change its input', () => {
    const input = [summary('School 10', 'success'), summary('School 9', 'success')];
    expect(sortProfiles(input).map((p) => p.displayName)).toEqual(['School 9', 'School 10']);
    expect(input[0]!.displayName).toBe('School 10');
  });
});

describe('filterProfiles', () => {
  const profiles = [
    summary('Contoso High – PowerSchool', 'error', 'provisioned', { provider: 'powerSchool' }),
    summary('Fabrikam Élémentaire', 'success'),
    summary('Northwind CSV', 'paused'),
  ];

  it('matches every word of the query in the name or provider, ignoring case and accents', () => {
    expect(
      filterProfiles(profiles, { query: 'elementaire', status: 'all' }).map((p) => p.displayName),
    ).toEqual(['Fabrikam Élémentaire']);
    expect(filterProfiles(profiles, { query: 'contoso powerschool', status: 'all' })).toHaveLength(1);
    expect(filterProfiles(profiles, { query: 'contoso csv', status: 'all' })).toHaveLength(0);
  });

  it('filters by attention level', () => {
    expect(filterProfiles(profiles, { query: '', status: 'problem' }).map((p) => p.displayName)).toEqual([
      'Contoso High – PowerSchool',
    ]);
    expect(filterProfiles(profiles, noFilter)).toHaveLength(3);
  });

  it('counts each attention level', () => {
    expect(countByAttention(profiles)).toEqual({ problem: 1, active: 1, healthy: 1 });
  });
});
