/**
 * The words for a change (contracts/profileChanges.ts describes changes in English for the
 * server's history): the review and conflict dialogs and the change history show them in the
 * admin's language. The change's key says which setting it is; its values are the profile's own data.
 */
import type { ProfileChange } from '../../contracts/profileChanges';
import { syncEntities, type SyncEntity } from '../../contracts/graph';
import { skuLabel } from '../../contracts/knownSkus';
import type { KeyOf, Translate } from '../i18n/i18n';
import type en from '../i18n/locales/en/editor.json';

type EditorT = Translate<typeof en>;

const generalFields = ['displayName', 'expirationDate', 'handleSpecialCharacterConstraint'] as const;
const customizationFields = [
  'optionalPropertiesToSync',
  'isSyncDeferred',
  'allowDisplayNameUpdate',
  'synchronizationStartDate',
] as const;
const identityFields = ['method', 'userDomains', 'matchingOptions'] as const;
const roles = ['student', 'teacher', 'faculty', 'none', 'unknownFutureValue'] as const;

function isOneOf<T extends string>(list: readonly T[], value: string | undefined): value is T {
  return value !== undefined && (list as readonly string[]).includes(value);
}

function roleText(t: EditorT, role: string): string {
  return isOneOf(roles, role) ? t(`fieldRole_${role}`) : role;
}

/** "Student · defer sync", or null for a setting this editor has no words for. */
export function changeSetting(t: EditorT, change: ProfileChange): string | null {
  const [head, second, third] = change.key.split('.');
  let section: string | null = null;
  let label: string | null = null;
  if (isOneOf(generalFields, head) && second === undefined) {
    section = t('changeSection_general');
    label = t(`field_${head}`);
  } else if (head === 'customizations' && isOneOf<SyncEntity>(syncEntities, second)) {
    if (isOneOf(customizationFields, third)) {
      section = t(`changeSection_${second}`);
      label = t(`field_${third}`);
    }
  } else if (head === 'identity' && isOneOf(identityFields, second)) {
    section = t('changeSection_identity');
    label = t(`field_${second}`);
  } else if (head === 'licenses' && second !== undefined) {
    section = t('changeSection_licenses');
    label = roleText(t, second);
  }
  return section && label ? t('setting', { section, label }) : null;
}

/** One item of a list setting (a domain, a matching rule, a SKU, a property name). */
function itemText(t: EditorT, change: ProfileChange, item: string): string {
  try {
    if (change.key === 'identity.userDomains') {
      const [role, name] = JSON.parse(item) as [string, string];
      return t('domainItem', { name, role: roleText(t, role) });
    }
    if (change.key === 'identity.matchingOptions') {
      const [role, source, target, domain] = JSON.parse(item) as [string, string, string, string | null];
      const values = { role: roleText(t, role), source, target };
      return domain ? t('ruleItemDomain', { ...values, domain }) : t('ruleItem', values);
    }
  } catch {
    return item;
  }
  return change.key.startsWith('licenses.') ? skuLabel(item) : item;
}

/** The English words profileChanges.ts writes for values that are not data, and their keys. */
const valueKeys: Partial<Record<string, KeyOf<typeof en>>> = {
  On: 'on',
  Off: 'off',
  'not set': 'valueNotSet',
  'all properties': 'allProperties',
  none: 'noneValue',
  'create new accounts': 'methodCreation',
  'match existing accounts': 'methodMatching',
};

function valueText(t: EditorT, value: string): string {
  const key = Object.hasOwn(valueKeys, value) ? valueKeys[value] : undefined;
  if (key) return t(key);
  const quoted = /^“(.*)”$/s.exec(value);
  return quoted ? t('quoted', { value: quoted[1]! }) : value;
}

/** The whole change in the admin's language ("Student · defer sync: Off → On"). */
export function changeText(t: EditorT, change: ProfileChange): string {
  const setting = changeSetting(t, change);
  if (setting === null) return change.text;
  if (change.kind === 'value') {
    return t('changeValue', {
      setting,
      before: valueText(t, change.before),
      after: valueText(t, change.after),
    });
  }
  const list = (items: string[]) => items.map((item) => itemText(t, change, item)).join(t('listSeparator'));
  const parts = [
    change.added.length > 0 ? t('added', { items: list(change.added) }) : null,
    change.removed.length > 0 ? t('removed', { items: list(change.removed) }) : null,
  ].filter((part) => part !== null);
  return t('changeSet', { setting, parts: parts.join(t('itemSeparator')) });
}

/** Settings named in a sentence ("Student · defer sync; General · name"). */
export function settingsText(t: EditorT, changes: readonly ProfileChange[]): string {
  return changes
    .map((change) => changeSetting(t, change) ?? `${change.section} · ${change.label}`)
    .join(t('itemSeparator'));
}
