import { describe, expect, it } from 'vitest';
import { MAX_JSON_BODY_BYTES, type ProfileUpdate } from '../../contracts/api';
import { odataTypes } from '../../contracts/graph';
import {
  countUnder,
  FORM_PATH,
  fromFieldProblems,
  mergeErrors,
  sentence,
  validateUpdate,
} from '../../src/editor/fieldErrors';
import { createTranslator, registerCatalogue } from '../../src/i18n/i18n';
import esEditor from '../../src/i18n/locales/es/editor.json';
import { editorNs } from '../../src/i18n/namespaces/editor';

const valid = (): ProfileUpdate => ({
  displayName: 'Contoso High',
  dataProvider: {
    '@odata.type': odataTypes.csvDataProvider,
    customizations: { student: { optionalPropertiesToSync: ['Middle Name'] } },
  },
  identitySynchronizationConfiguration: {
    '@odata.type': odataTypes.identityCreationConfiguration,
    userDomains: [{ appliesTo: 'student', name: 'contoso.edu' }],
  },
  licensesToAssign: [{ appliesTo: 'teacher', skuIds: ['6fd2c87f-b296-42f0-b197-1e91e994b900'] }],
  expirationDate: null,
});

describe('validateUpdate', () => {
  it('accepts a valid profile', () => {
    expect(validateUpdate(valid()).size).toBe(0);
  });

  it('leaves members it does not know to the server (they travel back untouched), and still checks the rest', () => {
    const withFuture = {
      ...valid(),
      displayName: '',
      dataProvider: {
        '@odata.type': odataTypes.csvDataProvider,
        customizations: { student: { optionalPropertiesToSync: [], syncFromFutureSource: true } },
      },
    } as unknown as ProfileUpdate;
    expect([...validateUpdate(withFuture).keys()]).toEqual(['displayName']);
  });

  it('names each invalid field by the path its input uses, with the server’s own words', () => {
    const update: ProfileUpdate = {
      ...valid(),
      displayName: '  ',
      licensesToAssign: [{ appliesTo: 'teacher', skuIds: ['6fd2c87f-b296-42f0-b197-1e91e994b900', 'nope'] }],
      identitySynchronizationConfiguration: {
        '@odata.type': odataTypes.identityCreationConfiguration,
        userDomains: [{ appliesTo: 'student', name: 'not a domain' }],
      },
      expirationDate: '31/12/2027',
    };
    const errors = validateUpdate(update);
    expect(errors.get('displayName')).toBe('Must not be empty.');
    expect(errors.get('licensesToAssign.0.skuIds.1')).toBe(
      'Must be a GUID such as 6fd2c87f-b296-42f0-b197-1e91e994b900.',
    );
    expect(errors.get('identitySynchronizationConfiguration.userDomains.0.name')).toBe(
      'Must be a domain name such as contoso.edu.',
    );
    expect(errors.get('expirationDate')).toBe('Must be a date in the form YYYY-MM-DD.');
    expect(countUnder(errors, 'licensesToAssign')).toBe(1);
    expect(countUnder(errors, 'identitySynchronizationConfiguration')).toBe(1);
  });

  // Names up to 100 characters of 3-byte UTF-8 stay within the schema but not within 64 KB.
  it('warns before sending a body the server would refuse as too large', () => {
    const huge: ProfileUpdate = {
      ...valid(),
      dataProvider: {
        '@odata.type': odataTypes.csvDataProvider,
        customizations: {
          student: {
            optionalPropertiesToSync: Array.from({ length: 64 }, (_, i) => `${'名'.repeat(99)}${i % 10}`),
          },
          teacher: {
            optionalPropertiesToSync: Array.from({ length: 64 }, (_, i) => `${'前'.repeat(99)}${i % 10}`),
          },
          school: {
            optionalPropertiesToSync: Array.from({ length: 64 }, (_, i) => `${'校'.repeat(99)}${i % 10}`),
          },
          section: {
            optionalPropertiesToSync: Array.from({ length: 64 }, (_, i) => `${'組'.repeat(99)}${i % 10}`),
          },
        },
      },
      identitySynchronizationConfiguration: {
        '@odata.type': odataTypes.identityMatchingConfiguration,
        matchingOptions: Array.from({ length: 16 }, () => ({
          appliesTo: 'student' as const,
          sourcePropertyName: 's'.repeat(128),
          targetPropertyName: 't'.repeat(128),
          targetDomain: null,
        })),
      },
      licensesToAssign: Array.from({ length: 16 }, () => ({
        appliesTo: 'student' as const,
        skuIds: Array.from({ length: 32 }, () => '6fd2c87f-b296-42f0-b197-1e91e994b900'),
      })),
    };
    expect(new TextEncoder().encode(JSON.stringify(huge)).length).toBeGreaterThan(MAX_JSON_BODY_BYTES);
    expect(validateUpdate(huge).get(FORM_PATH)).toMatch(/too large to save/);
  });

  it('says a length limit in the admin’s words and language, with the limit', () => {
    const tooLong = { ...valid(), displayName: 'x'.repeat(300) };
    const tooMany: ProfileUpdate = {
      ...valid(),
      licensesToAssign: Array.from({ length: 17 }, () => ({
        appliesTo: 'teacher' as const,
        skuIds: ['6fd2c87f-b296-42f0-b197-1e91e994b900'],
      })),
    };
    expect(validateUpdate(tooLong).get('displayName')).toBe('Must be at most 256 characters.');
    expect(validateUpdate(tooMany).get('licensesToAssign')).toBe('Must have at most 16 entries.');
    registerCatalogue('es', editorNs.name, esEditor);
    const spanish = createTranslator('es', editorNs);
    expect(validateUpdate(tooLong, spanish).get('displayName')).toBe(
      'Debe tener como máximo 256 caracteres.',
    );
  });
});

describe('server field problems and merging', () => {
  it('reads the server’s 400 fields in the same shape and keeps the first message per path', () => {
    const server = fromFieldProblems([
      { path: 'displayName', message: 'must be unique in the tenant' },
      { path: 'displayName', message: 'second message' },
    ]);
    expect(server.get('displayName')).toBe('Must be unique in the tenant.');
    const merged = mergeErrors(
      server,
      new Map([
        ['displayName', 'Must not be empty.'],
        ['expirationDate', 'x.'],
      ]),
    );
    expect([...merged]).toEqual([
      ['displayName', 'Must be unique in the tenant.'],
      ['expirationDate', 'x.'],
    ]);
  });

  it('turns messages into sentences', () => {
    expect(sentence('must be a GUID')).toBe('Must be a GUID.');
    expect(sentence('Already a sentence.')).toBe('Already a sentence.');
  });
});
