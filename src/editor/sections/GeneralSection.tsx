import { Field, Input, Switch } from '@fluentui/react-components';
import { EXPIRATION_MAX_MONTHS } from '../../../contracts/graph';
import { expirationInputValue } from '../../../contracts/profileModel';
import { fieldState, type SectionProps } from './sectionProps';

export function GeneralSection({ draft, edit, errors, disabled, size }: SectionProps) {
  return (
    <>
      <Field label="Profile name" required {...fieldState(errors.get('displayName'))}>
        <Input
          size={size}
          value={draft.displayName}
          disabled={disabled}
          maxLength={256}
          onChange={(_, data) => edit((u) => ({ ...u, displayName: data.value }))}
        />
      </Field>
      <Field
        label="Expiration date"
        hint={`Optional. After this date the profile stops syncing. At most ${EXPIRATION_MAX_MONTHS} months after the profile was created; leave empty for no expiry.`}
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
      <Field hint="SDS replaces characters Microsoft 365 doesn't allow (for example in user names) instead of reporting an error.">
        <Switch
          label="Replace unsupported special characters"
          checked={draft.handleSpecialCharacterConstraint ?? false}
          disabled={disabled}
          onChange={(_, data) => edit((u) => ({ ...u, handleSpecialCharacterConstraint: data.checked }))}
        />
      </Field>
    </>
  );
}
