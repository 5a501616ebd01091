import { describe, expect, it } from 'vitest';
import { fieldProblems, profileUpdateSchema } from '../../contracts/api';
import { nameCharacterProblem, odataTypes } from '../../contracts/graph';

describe('nameCharacterProblem', () => {
  it.each([
    ['Northwind Academy'],
    ['École Saint-Exupéry'],
    ['مدرسه\u200cی نو'], // Persian: the zero-width non-joiner is part of the spelling
    ['בית ספר\u200f 2'], // a right-to-left mark inside Hebrew text
    ['Family 👨\u200d👩\u200d👧'], // an emoji ZWJ sequence
    ['中文学校 😀'],
  ])('accepts %j', (name) => {
    expect(nameCharacterProblem(name)).toBeNull();
  });

  it.each([
    ['Bell\u0007', /control characters \(U\+0007 at position 5\)/],
    ['Two\nlines', /control characters \(U\+000A at position 4\)/],
    ['a\u0085b', /control characters \(U\+0085/],
    ['x\u2028y', /control characters \(U\+2028 LINE SEPARATOR/],
    ['\u202etxt.exe', /reorder text \(U\+202E RIGHT-TO-LEFT OVERRIDE at position 1\)/],
    ['a\u2066b\u2069', /reorder text \(U\+2066 LEFT-TO-RIGHT ISOLATE/],
    ['\u200b\u200b', /visible character.*U\+200B ZERO WIDTH SPACE at position 1/],
    ['\u200e \u00ad', /visible character.*U\+200E LEFT-TO-RIGHT MARK/],
    ['half \ud800', /lone surrogate, U\+D800 at position 6/],
    ['\udfff', /lone surrogate/],
  ])('refuses %j, naming the character', (name, message) => {
    expect(nameCharacterProblem(name)).toMatch(message);
  });
});

describe('the write schema’s name fields', () => {
  const update = (patch: Record<string, unknown>) => ({
    displayName: 'Northwind',
    dataProvider: {
      '@odata.type': odataTypes.csvDataProvider,
      customizations: { student: { optionalPropertiesToSync: ['Grade'] } },
    },
    identitySynchronizationConfiguration: {
      '@odata.type': odataTypes.identityMatchingConfiguration,
      matchingOptions: [{ appliesTo: 'student', sourcePropertyName: 'email', targetPropertyName: 'mail' }],
    },
    ...patch,
  });

  it('accepts ordinary names', () => {
    expect(profileUpdateSchema.safeParse(update({})).success).toBe(true);
  });

  it.each([
    ['displayName', update({ displayName: '\u200b' })],
    [
      'dataProvider.customizations.student.optionalPropertiesToSync.0',
      update({
        dataProvider: {
          '@odata.type': odataTypes.csvDataProvider,
          customizations: { student: { optionalPropertiesToSync: ['Gr\u202eade'] } },
        },
      }),
    ],
    [
      'identitySynchronizationConfiguration.matchingOptions.0.sourcePropertyName',
      update({
        identitySynchronizationConfiguration: {
          '@odata.type': odataTypes.identityMatchingConfiguration,
          matchingOptions: [
            { appliesTo: 'student', sourcePropertyName: 'e\u0000mail', targetPropertyName: 'mail' },
          ],
        },
      }),
    ],
  ])('names %s when it carries invisible characters', (path, body) => {
    const parsed = profileUpdateSchema.safeParse(body);
    expect(parsed.success).toBe(false);
    expect(fieldProblems(parsed.error!)).toEqual([{ path, message: expect.stringMatching(/^must /) }]);
  });
});
