import { Field, Input, Switch, Text } from '@fluentui/react-components';
import { entitiesWithOptionalProperties, type SyncEntity } from '../../../contracts/graph';
import {
  customizationOf,
  entityLabels,
  startDateFromInput,
  startDateInputValue,
  withCustomization,
} from '../../../contracts/profileModel';
import { OptionalPropertiesPicker } from '../OptionalPropertiesPicker';
import { useSectionStyles } from './useSectionStyles';
import { fieldState, type SectionProps } from './sectionProps';

export function CustomizationSection({
  entity,
  draft,
  edit,
  errors,
  disabled,
  size,
}: SectionProps & { entity: SyncEntity }) {
  const styles = useSectionStyles();
  const customization = customizationOf(draft, entity);
  const label = entityLabels[entity];
  const path = `dataProvider.customizations.${entity}`;
  const hasOptionalProperties = entitiesWithOptionalProperties.includes(entity);

  return (
    <>
      {hasOptionalProperties ? (
        <OptionalPropertiesPicker
          entity={entity}
          value={customization.optionalPropertiesToSync ?? null}
          onChange={(value) => edit((u) => withCustomization(u, entity, { optionalPropertiesToSync: value }))}
          disabled={disabled}
          size={size}
          errorFor={(index) => errors.get(`${path}.optionalPropertiesToSync.${index}`)}
          listError={errors.get(`${path}.optionalPropertiesToSync`)}
        />
      ) : (
        <Text className={styles.explain}>
          Choosing properties doesn't apply to {label.toLowerCase()}: their files have no optional columns, so
          SDS always syncs the same fields.
        </Text>
      )}
      <Field hint={`Hold ${label.toLowerCase()} back and sync them at a later date.`}>
        <Switch
          label="Defer sync"
          aria-label={`${label}: defer sync`}
          checked={customization.isSyncDeferred ?? false}
          disabled={disabled}
          onChange={(_, data) => edit((u) => withCustomization(u, entity, { isSyncDeferred: data.checked }))}
        />
      </Field>
      <Field hint="Let sync overwrite display names that were changed in Microsoft 365.">
        <Switch
          label="Allow display name updates"
          aria-label={`${label}: allow display name updates`}
          checked={customization.allowDisplayNameUpdate ?? false}
          disabled={disabled}
          onChange={(_, data) =>
            edit((u) => withCustomization(u, entity, { allowDisplayNameUpdate: data.checked }))
          }
        />
      </Field>
      <Field
        label="Sync start date"
        hint={
          entity === 'studentEnrollment'
            ? 'Enrollments start syncing on this date. Leave empty to sync as soon as the profile is set up.'
            : 'Microsoft documents the start date for student enrollments only; it likely has no effect here. Leave empty.'
        }
        {...fieldState(errors.get(`${path}.synchronizationStartDate`))}
      >
        <Input
          size={size}
          type="date"
          aria-label={`${label}: sync start date`}
          value={startDateInputValue(customization.synchronizationStartDate)}
          disabled={disabled}
          onChange={(_, data) =>
            edit((u) =>
              withCustomization(u, entity, {
                synchronizationStartDate: startDateFromInput(
                  data.value,
                  customizationOf(u, entity).synchronizationStartDate,
                ),
              }),
            )
          }
        />
      </Field>
    </>
  );
}
