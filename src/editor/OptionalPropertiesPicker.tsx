import {
  Field,
  Switch,
  Tag,
  TagPicker,
  TagPickerControl,
  TagPickerGroup,
  TagPickerInput,
  TagPickerList,
  TagPickerOption,
} from '@fluentui/react-components';
import { useState } from 'react';
import { knownOptionalProperties, type SyncEntity } from '../../contracts/graph';
import { editorNs } from '../i18n/namespaces/editor';
import { useT } from '../i18n/react';

export type OptionalPropertiesPickerProps = {
  entity: SyncEntity;
  /** null = every optional property is synced (Graph's meaning of null). */
  value: readonly string[] | null;
  onChange: (value: string[] | null) => void;
  disabled: boolean;
  size: 'medium' | 'large';
  /** Messages by item index, and for the list as a whole (key -1). */
  errorFor: (index: number) => string | undefined;
  listError?: string;
};

/**
 * Which optional columns to sync. The known names are offered, but any name can be typed:
 * Graph documents no closed list (graph-sds-api.md §7).
 */
export function OptionalPropertiesPicker({
  entity,
  value,
  onChange,
  disabled,
  size,
  errorFor,
  listError,
}: OptionalPropertiesPickerProps) {
  const t = useT(editorNs);
  const [query, setQuery] = useState('');
  const all = value === null;
  const selected = value ?? [];
  const known = knownOptionalProperties[entity];
  const trimmed = query.trim();
  const options = known.filter(
    (name) => !selected.includes(name) && name.toLowerCase().includes(trimmed.toLowerCase()),
  );
  const canAddTyped =
    trimmed.length > 0 &&
    !selected.some((s) => s.toLowerCase() === trimmed.toLowerCase()) &&
    !known.some((k) => k.toLowerCase() === trimmed.toLowerCase());
  const itemErrors = selected.map((_, index) => errorFor(index)).filter(Boolean);
  const message = listError ?? itemErrors[0];
  const named = { entity: t(`section_${entity}`), ofEntities: t(`of_${entity}`) };
  const label = t('optionalFor', named);

  return (
    <>
      <Switch
        checked={all}
        disabled={disabled}
        label={t('syncAllOptional')}
        aria-label={t('syncAllOptionalFor', named)}
        onChange={(_, data) => onChange(data.checked ? null : [])}
      />
      {!all && (
        <Field
          label={label}
          hint={t('optionalHint')}
          validationMessage={message}
          validationState={message ? 'error' : 'none'}
        >
          <TagPicker
            size={size}
            disabled={disabled}
            selectedOptions={[...selected]}
            onOptionSelect={(_, data) => {
              if (data.value === '') return;
              onChange(data.selectedOptions.map((option) => option.trim()).filter(Boolean));
              setQuery('');
            }}
          >
            <TagPickerControl>
              <TagPickerGroup aria-label={t('selectedProperties', named)}>
                {selected.map((name) => (
                  <Tag key={name} value={name} shape="rounded">
                    {name}
                  </Tag>
                ))}
              </TagPickerGroup>
              <TagPickerInput
                aria-label={label}
                value={query}
                onChange={(event) => setQuery(event.target.value)}
                placeholder={selected.length === 0 ? t('noneSelected') : undefined}
              />
            </TagPickerControl>
            <TagPickerList>
              {canAddTyped && (
                <TagPickerOption value={trimmed} text={trimmed}>
                  {t('addTyped', { name: trimmed })}
                </TagPickerOption>
              )}
              {options.map((name) => (
                <TagPickerOption key={name} value={name} text={name}>
                  {name}
                </TagPickerOption>
              ))}
              {!canAddTyped && options.length === 0 && (
                <TagPickerOption value="" text="">
                  {trimmed ? t('alreadySelected') : t('allKnownSelected')}
                </TagPickerOption>
              )}
            </TagPickerList>
          </TagPicker>
        </Field>
      )}
    </>
  );
}
