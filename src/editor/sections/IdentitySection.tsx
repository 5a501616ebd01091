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
  const kind = identityKindOf(draft);
  const domains = userDomainsOf(draft);
  const options = matchingOptionsOf(draft);

  const setDomains = (next: UserDomain[]) => edit((u) => withUserDomains(u, next));
  const setOptions = (next: MatchingOption[]) => edit((u) => withMatchingOptions(u, next));

  return (
    <>
      <Field label="How SDS connects people to accounts">
        <RadioGroup
          value={kind}
          disabled={disabled}
          onChange={(_, data) => onKindChange(data.value as IdentityKind)}
        >
          <Radio value="creation" label="Create new accounts" />
          <Radio value="matching" label="Match existing accounts" />
        </RadioGroup>
      </Field>
      <Text className={styles.explain}>
        {kind === 'creation'
          ? "SDS creates a Microsoft 365 account for each student and teacher, in the domain you choose for their role. Don't use this if your on-premises Active Directory already syncs these users: match them instead."
          : 'SDS updates accounts that already exist and creates none. For each role, a property from your student information system is matched to a property of the Microsoft Entra ID account.'}{' '}
        Switching keeps what you entered for the other method until you save; only the selected method is
        saved.
      </Text>

      {kind === 'creation' && (
        <>
          {errors.get(`${PATH}.userDomains`) && <Text role="alert">{errors.get(`${PATH}.userDomains`)}</Text>}
          {domains.length === 0 && (
            <Text className={styles.explain}>No domains yet: add one for each role SDS should create.</Text>
          )}
          <ul className={styles.rows} aria-label="User domains">
            {domains.map((domain, index) => {
              const path = `${PATH}.userDomains.${index}`;
              return (
                <li key={index} className={mergeClasses(styles.row, styles.rowItem)}>
                  <RoleDropdown
                    ariaLabel={`Domain ${index + 1}: role`}
                    value={domain.appliesTo}
                    disabled={disabled}
                    size={size}
                    error={errors.get(`${path}.appliesTo`)}
                    onChange={(appliesTo) =>
                      setDomains(domains.map((d, i) => (i === index ? { ...d, appliesTo } : d)))
                    }
                  />
                  <Field label="Domain" {...fieldState(errors.get(`${path}.name`))}>
                    <Input
                      size={size}
                      aria-label={`Domain ${index + 1}: domain`}
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
                    aria-label={`Remove domain ${index + 1}`}
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
              Add domain
            </Button>
          </div>
        </>
      )}

      {kind === 'matching' && (
        <>
          {errors.get(`${PATH}.matchingOptions`) && (
            <Text role="alert">{errors.get(`${PATH}.matchingOptions`)}</Text>
          )}
          {options.length === 0 && (
            <Text className={styles.explain}>
              No matching rules yet: add one for each role SDS should match.
            </Text>
          )}
          <ul className={styles.rows} aria-label="Matching rules">
            {options.map((option, index) => {
              const path = `${PATH}.matchingOptions.${index}`;
              const update = (patch: Partial<MatchingOption>) =>
                setOptions(options.map((o, i) => (i === index ? { ...o, ...patch } : o)));
              return (
                <li key={index} className={mergeClasses(styles.matchingRow, styles.rowItem)}>
                  <RoleDropdown
                    ariaLabel={`Matching rule ${index + 1}: role`}
                    value={option.appliesTo}
                    disabled={disabled}
                    size={size}
                    error={errors.get(`${path}.appliesTo`)}
                    onChange={(appliesTo) => update({ appliesTo })}
                  />
                  <Field
                    label="Source property"
                    hint="In your SIS data, e.g. Username"
                    {...fieldState(errors.get(`${path}.sourcePropertyName`))}
                  >
                    <Input
                      size={size}
                      aria-label={`Matching rule ${index + 1}: source property`}
                      value={option.sourcePropertyName}
                      disabled={disabled}
                      onChange={(_, data) => update({ sourcePropertyName: data.value })}
                    />
                  </Field>
                  <Field
                    label="Target property"
                    hint="In Entra ID, e.g. userPrincipalName"
                    {...fieldState(errors.get(`${path}.targetPropertyName`))}
                  >
                    <Input
                      size={size}
                      aria-label={`Matching rule ${index + 1}: target property`}
                      value={option.targetPropertyName}
                      disabled={disabled}
                      onChange={(_, data) => update({ targetPropertyName: data.value })}
                    />
                  </Field>
                  <Field
                    label="Target domain"
                    hint="Optional, added to the source value"
                    {...fieldState(errors.get(`${path}.targetDomain`))}
                  >
                    <Input
                      size={size}
                      aria-label={`Matching rule ${index + 1}: target domain`}
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
                    aria-label={`Remove matching rule ${index + 1}`}
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
              Add matching rule
            </Button>
          </div>
        </>
      )}
    </>
  );
}
