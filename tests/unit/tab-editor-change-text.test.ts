import { describe, expect, it } from 'vitest';
import type { ProfileUpdate } from '../../contracts/api';
import { odataTypes } from '../../contracts/graph';
import { diffProfiles } from '../../contracts/profileChanges';
import { withCustomization, withUserDomains } from '../../contracts/profileModel';
import { changeText, settingsText } from '../../src/components/changeText';
import { fromFieldProblems, validateUpdate } from '../../src/editor/fieldErrors';
import { createTranslator, registerCatalogue } from '../../src/i18n/i18n';
import es from '../../src/i18n/locales/es/editor.json';
import fr from '../../src/i18n/locales/fr/editor.json';
import { editorNs } from '../../src/i18n/namespaces/editor';

registerCatalogue('es', 'editor', es);
registerCatalogue('fr', 'editor', fr);
const english = createTranslator('en-US', editorNs);
const spanish = createTranslator('es-ES', editorNs);
const french = createTranslator('fr-FR', editorNs);

const base: ProfileUpdate = {
  displayName: 'Contoso High',
  dataProvider: { '@odata.type': odataTypes.csvDataProvider, customizations: {} },
  identitySynchronizationConfiguration: {
    '@odata.type': odataTypes.identityCreationConfiguration,
    userDomains: [{ appliesTo: 'student', name: 'contoso.edu' }],
  },
  licensesToAssign: [],
  expirationDate: null,
};

describe('changeText', () => {
  const edited = withUserDomains(
    withCustomization({ ...base, displayName: 'Contoso Secondary' }, 'student', { isSyncDeferred: true }),
    [
      { appliesTo: 'student', name: 'contoso.edu' },
      { appliesTo: 'teacher', name: 'staff.contoso.edu' },
    ],
  );
  const changes = diffProfiles(base, edited);

  it('says in English exactly what the server keeps in history', () => {
    expect(changes.map((c) => changeText(english, c))).toEqual(changes.map((c) => c.text));
  });

  it('words each change in Spanish and French, values as data', () => {
    expect(changes.map((c) => changeText(spanish, c))).toEqual([
      'General · nombre: “Contoso High” → “Contoso Secondary”',
      'Estudiante · aplazar la sincronización: Desactivado → Activado',
      'Identidad · dominios: se agregó staff.contoso.edu (profesor)',
    ]);
    expect(changes.map((c) => changeText(french, c))).toEqual([
      'Général · nom : « Contoso High » → « Contoso Secondary »',
      'Élève · différer la synchronisation : Désactivé → Activé',
      'Identité · domaines : ajout de staff.contoso.edu (enseignant)',
    ]);
    expect(settingsText(spanish, changes.slice(0, 2))).toBe(
      'General · nombre; Estudiante · aplazar la sincronización',
    );
  });
});

describe('field messages', () => {
  it('the schema’s fixed words in the admin’s language, from the tab’s check and from the server', () => {
    const errors = validateUpdate({ ...base, displayName: ' ', expirationDate: '31/12/2027' }, spanish);
    expect(errors.get('displayName')).toBe('No puede estar vacío.');
    expect(errors.get('expirationDate')).toBe('Debe ser una fecha con el formato AAAA-MM-DD.');
    const server = fromFieldProblems(
      [
        {
          path: 'licensesToAssign.0.skuIds.0',
          message: 'must be a GUID such as 6fd2c87f-b296-42f0-b197-1e91e994b900',
        },
      ],
      french,
    );
    expect(server.get('licensesToAssign.0.skuIds.0')).toBe(
      'Doit être un GUID, par exemple 6fd2c87f-b296-42f0-b197-1e91e994b900.',
    );
  });
});
