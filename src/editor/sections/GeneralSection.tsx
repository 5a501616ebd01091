import { Field, Input, Switch } from '@fluentui/react-components';
import { EXPIRATION_MAX_MONTHS } from '../../../contracts/graph';
import { expirationInputValue } from '../../../contracts/profileModel';
import { fieldState, type SectionProps } from './sectionProps';
import { editorNs } from '../../i18n/namespaces/editor';
import { useT } from '../../i18n/react';

export function GeneralSection({ draft, edit, errors, disabled, size }: SectionProps) {
  const t = useT(editorNs);
  return (
    <>
      <Field label={t('profileName')} required {...fieldState(errors.get('displayName'))}>
        <Input
          size={size}
          value={draft.displayName}
          disabled={disabled}
          maxLength={256}
          onChange={(_, data) => edit((u) => ({ ...u, displayName: data.value }))}
        />
      </Field>
      <Field
        label={t('expirationDate')}
        hint={t('expirationHint', { months: EXPIRATION_MAX_MONTHS })}
        {...fieldState(errors.get('expirationDate'))}
      >
        <Input
          size={size}
          type="date"
          value={expirationInputValue(draft.expirationDate)}
          disabled={disabled}
          onChange={(_, data) => edit((u) => ({ ...u, expirationDate: data.value || null }))}
        />
      </Field>
      <Field hint={t('specialCharactersHint')}>
        <Switch
          label={t('specialCharacters')}
          checked={draft.handleSpecialCharacterConstraint ?? false}
          disabled={disabled}
          onChange={(_, data) => edit((u) => ({ ...u, handleSpecialCharacterConstraint: data.checked }))}
        />
      </Field>
    </>
  );
}
