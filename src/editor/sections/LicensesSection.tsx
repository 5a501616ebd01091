import { Button, Caption1, Field, Input, Text } from '@fluentui/react-components';
import { Add20Regular } from '@fluentui/react-icons/svg/add';
import { Delete20Regular } from '@fluentui/react-icons/svg/delete';
import { Dismiss20Regular } from '@fluentui/react-icons/svg/dismiss';
import { useId } from 'react';
import type { UserRole } from '../../../contracts/graph';
import { licensesOf, withLicenses, type LicenseAssignment } from '../../../contracts/profileModel';
import { knownSkus, skuName } from '../../../contracts/knownSkus';
import { useSectionStyles } from './useSectionStyles';
import { RoleDropdown } from './RoleDropdown';
import { fieldState, type SectionProps } from './sectionProps';
import { editorNs } from '../../i18n/namespaces/editor';
import { useT } from '../../i18n/react';

function nextRole(used: readonly UserRole[]): UserRole {
  return (['student', 'teacher', 'faculty'] as const).find((r) => !used.includes(r)) ?? 'student';
}

export function LicensesSection({ draft, edit, errors, disabled, size }: SectionProps) {
  const styles = useSectionStyles();
  const t = useT(editorNs);
  const listId = useId();
  const licenses = licensesOf(draft);
  const setLicenses = (next: LicenseAssignment[]) => edit((u) => withLicenses(u, next));
  const updateAt = (index: number, change: (l: LicenseAssignment) => LicenseAssignment) =>
    setLicenses(licenses.map((l, i) => (i === index ? change(l) : l)));

  return (
    <>
      <Text className={styles.explain}>{t('licensesExplain')}</Text>
      <datalist id={listId}>
        {Object.entries(knownSkus).map(([id, name]) => (
          <option key={id} value={id}>
            {name}
          </option>
        ))}
      </datalist>
      {errors.get('licensesToAssign') && <Text role="alert">{errors.get('licensesToAssign')}</Text>}
      {licenses.length === 0 && <Text className={styles.explain}>{t('noLicenses')}</Text>}
      {licenses.map((license, index) => {
        const path = `licensesToAssign.${index}`;
        const number = index + 1;
        const name = t('licenseAssignment', { number });
        return (
          <section key={index} className={styles.license} aria-label={name}>
            <div className={styles.licenseHeader}>
              <RoleDropdown
                ariaLabel={t('licenseRole', { number })}
                value={license.appliesTo}
                disabled={disabled}
                size={size}
                error={errors.get(`${path}.appliesTo`)}
                onChange={(appliesTo) => updateAt(index, (l) => ({ ...l, appliesTo }))}
              />
              <Button
                size={size}
                icon={<Delete20Regular />}
                disabled={disabled}
                aria-label={t('removeLicense', { number })}
                onClick={() => setLicenses(licenses.filter((_, i) => i !== index))}
              >
                {t('remove')}
              </Button>
            </div>
            {errors.get(`${path}.skuIds`) && <Text role="alert">{errors.get(`${path}.skuIds`)}</Text>}
            {license.skuIds.map((skuId, skuIndex) => {
              const message = errors.get(`${path}.skuIds.${skuIndex}`);
              const friendly = skuName(skuId);
              const sku = skuIndex + 1;
              return (
                <div key={skuIndex} className={styles.skuRow}>
                  <Field
                    className={styles.skuField}
                    label={t('sku', { sku })}
                    hint={!message && friendly ? friendly : undefined}
                    {...fieldState(message)}
                  >
                    <Input
                      className={styles.shrinkable}
                      size={size}
                      list={listId}
                      aria-label={t('licenseSku', { number, sku })}
                      placeholder="00000000-0000-0000-0000-000000000000"
                      value={skuId}
                      disabled={disabled}
                      spellCheck={false}
                      onChange={(_, data) =>
                        updateAt(index, (l) => ({
                          ...l,
                          skuIds: l.skuIds.map((s, j) => (j === skuIndex ? data.value.trim() : s)),
                        }))
                      }
                    />
                  </Field>
                  <Button
                    className={styles.removeButton}
                    size={size}
                    icon={<Dismiss20Regular />}
                    disabled={disabled}
                    aria-label={t('removeSku', { number, sku })}
                    onClick={() =>
                      updateAt(index, (l) => ({ ...l, skuIds: l.skuIds.filter((_, j) => j !== skuIndex) }))
                    }
                  />
                </div>
              );
            })}
            {license.skuIds.length === 0 && <Caption1>{t('noSkus')}</Caption1>}
            <div>
              <Button
                size={size}
                appearance="subtle"
                icon={<Add20Regular />}
                disabled={disabled}
                aria-label={t('addSkuTo', { number })}
                onClick={() => updateAt(index, (l) => ({ ...l, skuIds: [...l.skuIds, ''] }))}
              >
                {t('addSku')}
              </Button>
            </div>
          </section>
        );
      })}
      <div>
        <Button
          size={size}
          icon={<Add20Regular />}
          disabled={disabled}
          onClick={() =>
            setLicenses([
              ...licenses,
              { appliesTo: nextRole(licenses.map((l) => l.appliesTo)), skuIds: [''] },
            ])
          }
        >
          {t('addLicense')}
        </Button>
      </div>
    </>
  );
}
