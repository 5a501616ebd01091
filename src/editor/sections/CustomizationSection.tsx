import { Field, Input, Switch, Text } from '@fluentui/react-components';
import { entitiesWithOptionalProperties, type SyncEntity } from '../../../contracts/graph';
import {
  customizationOf,
  startDateFromInput,
  startDateInputValue,
  withCustomization,
} from '../../../contracts/profileModel';
import { OptionalPropertiesPicker } from '../OptionalPropertiesPicker';
import { useSectionStyles } from './useSectionStyles';
import { fieldState, type SectionProps } from './sectionProps';
import { editorNs } from '../../i18n/namespaces/editor';
import { useT } from '../../i18n/react';

export function CustomizationSection({
  entity,
  draft,
  edit,
  errors,
  disabled,
  size,
}: SectionProps & { entity: SyncEntity }) {
  const styles = useSectionStyles();
  const t = useT(editorNs);
  const customization = customizationOf(draft, entity);
  const named = { entity: t(`section_${entity}`), ofEntities: t(`of_${entity}`) };
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
        <Text className={styles.explain}>{t('noOptionalColumns', named)}</Text>
      )}
      <Field hint={t('deferHint', named)}>
        <Switch
          label={t('deferSync')}
          aria-label={t('deferSyncFor', named)}
          checked={customization.isSyncDeferred ?? false}
          disabled={disabled}
          onChange={(_, data) => edit((u) => withCustomization(u, entity, { isSyncDeferred: data.checked }))}
        />
      </Field>
      <Field hint={t('displayNameHint')}>
        <Switch
          label={t('displayNameUpdates')}
          aria-label={t('displayNameUpdatesFor', named)}
          checked={customization.allowDisplayNameUpdate ?? false}
          disabled={disabled}
          onChange={(_, data) =>
            edit((u) => withCustomization(u, entity, { allowDisplayNameUpdate: data.checked }))
          }
        />
      </Field>
      <Field
        label={t('startDate')}
        hint={entity === 'studentEnrollment' ? t('startDateHintEnrollments') : t('startDateHintOther')}
        {...fieldState(errors.get(`${path}.synchronizationStartDate`))}
      >
        <Input
          size={size}
          type="date"
          aria-label={t('startDateFor', named)}
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
