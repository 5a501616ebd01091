import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ProfileUpdate } from '../../contracts/api';
import { knownOptionalProperties, odataTypes, UNSET_START_DATE } from '../../contracts/graph';
import {
  customizationOf,
  licensesOf,
  matchingOptionsOf,
  userDomainsOf,
  withCustomization,
  withLicenses,
  withMatchingOptions,
  withUserDomains,
} from '../../contracts/profileModel';
import { diffProfiles, rebaseProfile } from '../../contracts/profileChanges';

const E3 = '6fd2c87f-b296-42f0-b197-1e91e994b900';
const A1_STUDENTS = '314c4481-f395-4525-be8b-2ec4bb1e9d91';
const A1_FACULTY = '94763226-9b3c-4e75-a931-5c89701abe66';

/** Shaped like Graph's documented example profile (graph-sds-api.md §2.1). */
function baseProfile(): ProfileUpdate {
  const unset = {
    synchronizationStartDate: UNSET_START_DATE,
    isSyncDeferred: false,
    allowDisplayNameUpdate: false,
  };
  return {
    displayName: 'Test Profile',
    dataProvider: {
      '@odata.type': odataTypes.csvDataProvider,
      customizations: {
        school: { optionalPropertiesToSync: ['School NCES_ID', 'State ID'], ...unset },
        section: { optionalPropertiesToSync: [], ...unset },
        student: { optionalPropertiesToSync: ['State ID', 'Email'], ...unset },
        teacher: { optionalPropertiesToSync: ['Teacher Number'], ...unset },
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

const addOptional = (u: ProfileUpdate, entity: 'student' | 'teacher' | 'school', name: string) =>
  withCustomization(u, entity, {
    optionalPropertiesToSync: [...(customizationOf(u, entity).optionalPropertiesToSync ?? []), name],
  });

const setSkus = (u: ProfileUpdate, role: 'teacher' | 'student', skuIds: string[]) =>
  withLicenses(
    u,
    licensesOf(u).map((l) => (l.appliesTo === role ? { ...l, skuIds } : l)),
  );

describe('diffProfiles', () => {
  it('finds nothing between a profile and itself', () => {
    expect(diffProfiles(baseProfile(), baseProfile())).toEqual([]);
  });

  it('describes changes in the admin’s words', () => {
    let next = baseProfile();
    next = addOptional(next, 'student', 'Middle Name');
    next = setSkus(next, 'teacher', []);
    next = {
      ...next,
      displayName: 'Renamed',
      handleSpecialCharacterConstraint: true,
      expirationDate: '2027-06-30',
    };
    expect(diffProfiles(baseProfile(), next).map((c) => c.text)).toEqual([
      'General · name: “Test Profile” → “Renamed”',
      'General · expiration date: not set → 2027-06-30',
      'General · replace special characters: Off → On',
      'Student · optional properties: added Middle Name',
      'Licenses · teacher: removed Office 365 E3 (6fd2…)',
    ]);
  });

  it('treats Graph’s unset start date, null and a missing customization as the same', () => {
    const cleared = withCustomization(baseProfile(), 'studentEnrollment', { synchronizationStartDate: null });
    expect(diffProfiles(baseProfile(), cleared)).toEqual([]);
    const dated = withCustomization(baseProfile(), 'studentEnrollment', {
      synchronizationStartDate: '2026-09-01T00:00:00Z',
    });
    expect(diffProfiles(baseProfile(), dated).map((c) => c.text)).toEqual([
      'Student enrollment · sync start date: not set → 2026-09-01',
    ]);
  });

  it('tells "all properties" (null) apart from an explicit list', () => {
    const all = withCustomization(baseProfile(), 'teacher', { optionalPropertiesToSync: null });
    expect(diffProfiles(baseProfile(), all).map((c) => c.text)).toEqual([
      'Teacher · optional properties: Teacher Number → all properties',
    ]);
  });

  it('compares lists as sets: order and GUID case are not changes', () => {
    const reordered = withLicenses(baseProfile(), [
      { appliesTo: 'student', skuIds: [E3.toUpperCase()] },
      { appliesTo: 'teacher', skuIds: [E3] },
    ]);
    expect(diffProfiles(baseProfile(), reordered)).toEqual([]);
  });

  it('describes a switch of identity method with the new method’s rows', () => {
    const matching = withMatchingOptions(baseProfile(), [
      {
        appliesTo: 'student',
        sourcePropertyName: 'Username',
        targetPropertyName: 'userPrincipalName',
        targetDomain: 'contoso.edu',
      },
    ]);
    expect(diffProfiles(baseProfile(), matching).map((c) => c.text)).toEqual([
      'Identity · method: create new accounts → match existing accounts',
      'Identity · matching rules: added student: Username → userPrincipalName @contoso.edu',
    ]);
  });
});

describe('rebaseProfile', () => {
  it('keeps both admins’ additions to the same list', () => {
    const base = baseProfile();
    const mine = addOptional(base, 'student', 'Middle Name');
    const theirs = addOptional(base, 'student', 'Grade');
    const { rebased, overlaps } = rebaseProfile(base, mine, theirs);
    expect(customizationOf(rebased, 'student').optionalPropertiesToSync).toEqual([
      'State ID',
      'Email',
      'Grade',
      'Middle Name',
    ]);
    expect(overlaps).toEqual([]);
  });

  it('applies my removal to their list and keeps their other changes', () => {
    const base = baseProfile();
    const mine = setSkus(base, 'teacher', []);
    const theirs = { ...setSkus(base, 'student', [E3, A1_STUDENTS]), displayName: 'Their name' };
    const { rebased } = rebaseProfile(base, mine, theirs);
    expect(rebased.displayName).toBe('Their name');
    expect(licensesOf(rebased)).toEqual([{ appliesTo: 'student', skuIds: [E3, A1_STUDENTS] }]);
  });

  it('uses my value where we both changed the same setting, and says so', () => {
    const base = baseProfile();
    const mine = { ...base, displayName: 'Mine' };
    const theirs = { ...base, displayName: 'Theirs', handleSpecialCharacterConstraint: true };
    const { rebased, overlaps } = rebaseProfile(base, mine, theirs);
    expect(rebased.displayName).toBe('Mine');
    expect(rebased.handleSpecialCharacterConstraint).toBe(true);
    expect(overlaps.map((c) => c.key)).toEqual(['displayName']);
  });

  it('takes my whole identity configuration when I switched method', () => {
    const base = baseProfile();
    const mine = withMatchingOptions(base, [
      { appliesTo: 'teacher', sourcePropertyName: 'Email', targetPropertyName: 'mail', targetDomain: null },
    ]);
    const theirs = withUserDomains(base, [
      ...userDomainsOf(base),
      { appliesTo: 'faculty', name: 'staff.testschool.edu' },
    ]);
    const { rebased } = rebaseProfile(base, mine, theirs);
    expect(matchingOptionsOf(rebased)).toHaveLength(1);
    expect(userDomainsOf(rebased)).toEqual([]);
  });

  it('drops my domain edits when they switched method, and reports it', () => {
    const base = baseProfile();
    const mine = withUserDomains(base, [{ appliesTo: 'student', name: 'students.testschool.edu' }]);
    const theirs = withMatchingOptions(base, [
      {
        appliesTo: 'student',
        sourcePropertyName: 'Username',
        targetPropertyName: 'userPrincipalName',
        targetDomain: null,
      },
    ]);
    const { rebased, dropped } = rebaseProfile(base, mine, theirs);
    expect(matchingOptionsOf(rebased)).toHaveLength(1);
    expect(dropped.map((c) => c.key)).toEqual(['identity.userDomains']);
  });

  // Properties: random edits drawn from the same vocabulary the editor offers.
  const studentProps = fc.subarray([...knownOptionalProperties.student]);
  const skus = fc.subarray([E3, A1_STUDENTS, A1_FACULTY]);
  const edit = fc.record({
    name: fc.option(fc.string({ minLength: 1, maxLength: 20 }), { nil: undefined }),
    students: fc.option(studentProps, { nil: undefined }),
    teacherSkus: fc.option(skus, { nil: undefined }),
    special: fc.option(fc.boolean(), { nil: undefined }),
  });
  type Edit = typeof edit extends fc.Arbitrary<infer T> ? T : never;
  const apply = (u: ProfileUpdate, e: Edit) => {
    let next = u;
    if (e.name !== undefined) next = { ...next, displayName: e.name };
    if (e.students !== undefined)
      next = withCustomization(next, 'student', { optionalPropertiesToSync: e.students });
    if (e.teacherSkus !== undefined) next = setSkus(next, 'teacher', e.teacherSkus);
    if (e.special !== undefined) next = { ...next, handleSpecialCharacterConstraint: e.special };
    return next;
  };

  it('replaying my changes on an unchanged base gives exactly my version', () => {
    fc.assert(
      fc.property(edit, (e) => {
        const base = baseProfile();
        const mine = apply(base, e);
        const { rebased, overlaps } = rebaseProfile(base, mine, base);
        expect(diffProfiles(mine, rebased)).toEqual([]);
        expect(overlaps).toEqual([]);
      }),
    );
  });

  it('replaying no changes keeps their version', () => {
    fc.assert(
      fc.property(edit, (e) => {
        const base = baseProfile();
        const theirs = apply(base, e);
        expect(diffProfiles(theirs, rebaseProfile(base, base, theirs).rebased)).toEqual([]);
      }),
    );
  });

  it('after a rebase, every change I made is still there', () => {
    fc.assert(
      fc.property(edit, edit, (myEdit, theirEdit) => {
        const base = baseProfile();
        const mine = apply(base, myEdit);
        const theirs = apply(base, theirEdit);
        const { rebased } = rebaseProfile(base, mine, theirs);
        for (const change of diffProfiles(base, mine)) {
          const now = diffProfiles(base, rebased).find((c) => c.key === change.key);
          if (change.kind === 'set' && now?.kind === 'set') {
            for (const added of change.added) expect(now.added).toContain(added);
            for (const removed of change.removed) expect(now.removed).toContain(removed);
          } else {
            expect(now?.text).toBe(change.text);
          }
        }
      }),
    );
  });
});
