import { Button, Field, Input, mergeClasses, Radio, RadioGroup, Text } from '@fluentui/react-components';
import { Add20Regular } from '@fluentui/react-icons/svg/add';
import { Delete20Regular } from '@fluentui/react-icons/svg/delete';
import type { UserRole } from '../../../contracts/graph';
import {
  identityKindOf,
  matchingOptionsOf,
  userDomainsOf,
  withMatchingOptions,
  withUserDomains,
  type IdentityKind,
  type MatchingOption,
  type UserDomain,
} from '../../../contracts/profileModel';
import { useSectionStyles } from './useSectionStyles';
import { RoleDropdown } from './RoleDropdown';
import { fieldState, type SectionProps } from './sectionProps';
import { editorNs } from '../../i18n/namespaces/editor';
import { useT } from '../../i18n/react';

const PATH = 'identitySynchronizationConfiguration';

/** The next role without a row, so "Add" suggests something useful. */
function nextRole(used: readonly UserRole[]): UserRole {
  return (['student', 'teacher', 'faculty'] as const).find((r) => !used.includes(r)) ?? 'student';
}

export function IdentitySection({
  draft,
  edit,
  errors,
  disabled,
  size,
  onKindChange,
}: SectionProps & { onKindChange: (kind: IdentityKind) => void }) {
  const styles = useSectionStyles();
  const t = useT(editorNs);
  const kind = identityKindOf(draft);
  const domains = userDomainsOf(draft);
  const options = matchingOptionsOf(draft);

  const setDomains = (next: UserDomain[]) => edit((u) => withUserDomains(u, next));
  const setOptions = (next: MatchingOption[]) => edit((u) => withMatchingOptions(u, next));

  return (
    <>
      <Field label={t('identityMethod')}>
        <RadioGroup
          value={kind}
          disabled={disabled}
          onChange={(_, data) => onKindChange(data.value as IdentityKind)}
        >
          <Radio value="creation" label={t('createAccounts')} />
          <Radio value="matching" label={t('matchAccounts')} />
        </RadioGroup>
      </Field>
      <Text className={styles.explain}>
        {kind === 'creation' ? t('creationExplain') : t('matchingExplain')} {t('switchingKeeps')}
      </Text>

      {kind === 'creation' && (
        <>
          {errors.get(`${PATH}.userDomains`) && <Text role="alert">{errors.get(`${PATH}.userDomains`)}</Text>}
          {domains.length === 0 && <Text className={styles.explain}>{t('noDomains')}</Text>}
          <ul className={styles.rows} aria-label={t('userDomains')}>
            {domains.map((domain, index) => {
              const path = `${PATH}.userDomains.${index}`;
              const number = index + 1;
              return (
                <li key={index} className={mergeClasses(styles.row, styles.rowItem)}>
                  <RoleDropdown
                    ariaLabel={t('domainRole', { number })}
                    value={domain.appliesTo}
                    disabled={disabled}
                    size={size}
                    error={errors.get(`${path}.appliesTo`)}
                    onChange={(appliesTo) =>
                      setDomains(domains.map((d, i) => (i === index ? { ...d, appliesTo } : d)))
                    }
                  />
                  <Field label={t('domain')} {...fieldState(errors.get(`${path}.name`))}>
                    <Input
                      size={size}
                      aria-label={t('domainName', { number })}
                      placeholder="contoso.edu"
                      value={domain.name}
                      disabled={disabled}
                      onChange={(_, data) =>
                        setDomains(domains.map((d, i) => (i === index ? { ...d, name: data.value } : d)))
                      }
                    />
                  </Field>
                  <Button
                    className={styles.removeButton}
                    size={size}
                    icon={<Delete20Regular />}
                    aria-label={t('removeDomain', { number })}
                    disabled={disabled}
                    onClick={() => setDomains(domains.filter((_, i) => i !== index))}
                  />
                </li>
              );
            })}
          </ul>
          <div>
            <Button
              size={size}
              icon={<Add20Regular />}
              disabled={disabled}
              onClick={() =>
                setDomains([...domains, { appliesTo: nextRole(domains.map((d) => d.appliesTo)), name: '' }])
              }
            >
              {t('addDomain')}
            </Button>
          </div>
        </>
      )}

      {kind === 'matching' && (
        <>
          {errors.get(`${PATH}.matchingOptions`) && (
            <Text role="alert">{errors.get(`${PATH}.matchingOptions`)}</Text>
          )}
          {options.length === 0 && <Text className={styles.explain}>{t('noMatchingRules')}</Text>}
          <ul className={styles.rows} aria-label={t('matchingRules')}>
            {options.map((option, index) => {
              const path = `${PATH}.matchingOptions.${index}`;
              const number = index + 1;
              const update = (patch: Partial<MatchingOption>) =>
                setOptions(options.map((o, i) => (i === index ? { ...o, ...patch } : o)));
              return (
                <li key={index} className={mergeClasses(styles.matchingRow, styles.rowItem)}>
                  <RoleDropdown
                    ariaLabel={t('ruleRole', { number })}
                    value={option.appliesTo}
                    disabled={disabled}
                    size={size}
                    error={errors.get(`${path}.appliesTo`)}
                    onChange={(appliesTo) => update({ appliesTo })}
                  />
                  <Field
                    label={t('sourceProperty')}
                    hint={t('sourcePropertyHint')}
                    {...fieldState(errors.get(`${path}.sourcePropertyName`))}
                  >
                    <Input
                      size={size}
                      aria-label={t('ruleSource', { number })}
                      value={option.sourcePropertyName}
                      disabled={disabled}
                      onChange={(_, data) => update({ sourcePropertyName: data.value })}
                    />
                  </Field>
                  <Field
                    label={t('targetProperty')}
                    hint={t('targetPropertyHint')}
                    {...fieldState(errors.get(`${path}.targetPropertyName`))}
                  >
                    <Input
                      size={size}
                      aria-label={t('ruleTarget', { number })}
                      value={option.targetPropertyName}
                      disabled={disabled}
                      onChange={(_, data) => update({ targetPropertyName: data.value })}
                    />
                  </Field>
                  <Field
                    label={t('targetDomain')}
                    hint={t('targetDomainHint')}
                    {...fieldState(errors.get(`${path}.targetDomain`))}
                  >
                    <Input
                      size={size}
                      aria-label={t('ruleDomain', { number })}
                      placeholder="contoso.edu"
                      value={option.targetDomain ?? ''}
                      disabled={disabled}
                      onChange={(_, data) => update({ targetDomain: data.value || null })}
                    />
                  </Field>
                  <Button
                    className={styles.removeButton}
                    size={size}
                    icon={<Delete20Regular />}
                    aria-label={t('removeRule', { number })}
                    disabled={disabled}
                    onClick={() => setOptions(options.filter((_, i) => i !== index))}
                  />
                </li>
              );
            })}
          </ul>
          <div>
            <Button
              size={size}
              icon={<Add20Regular />}
              disabled={disabled}
              onClick={() =>
                setOptions([
                  ...options,
                  {
                    appliesTo: nextRole(options.map((o) => o.appliesTo)),
                    sourcePropertyName: '',
                    targetPropertyName: '',
                    targetDomain: null,
                  },
                ])
              }
            >
              {t('addRule')}
            </Button>
          </div>
        </>
      )}
    </>
  );
}
