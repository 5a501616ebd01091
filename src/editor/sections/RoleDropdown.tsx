import { Dropdown, Field, Option } from '@fluentui/react-components';
import { useId } from 'react';
import { assignableRoles, type UserRole } from '../../../contracts/graph';
import { fieldState } from './sectionProps';
import { useSectionStyles } from './useSectionStyles';
import { editorNs } from '../../i18n/namespaces/editor';
import { useT } from '../../i18n/react';

export type RoleDropdownProps = {
  value: UserRole;
  onChange: (role: UserRole) => void;
  /** Unique accessible name, e.g. "Domain 2: role". */
  ariaLabel: string;
  disabled: boolean;
  size: 'medium' | 'large';
  error?: string;
};

export function RoleDropdown({ value, onChange, ariaLabel, disabled, size, error }: RoleDropdownProps) {
  const roles: readonly UserRole[] = assignableRoles.includes(value as (typeof assignableRoles)[number])
    ? assignableRoles
    : [...assignableRoles, value];
  // Field would name every row's dropdown just "Role": point at a row-specific name instead.
  const nameId = useId();
  const t = useT(editorNs);
  const styles = useSectionStyles();
  const roleLabel = (role: UserRole) => t(`role_${role}`);
  return (
    <Field label={t('role')} {...fieldState(error)}>
      <span id={nameId} hidden>
        {ariaLabel}
      </span>
      <Dropdown
        className={styles.roleDropdown}
        size={size}
        aria-labelledby={nameId}
        clearButton={{ 'aria-label': t('clearSelection') }}
        disabled={disabled}
        value={roleLabel(value)}
        selectedOptions={[value]}
        onOptionSelect={(_, data) => data.optionValue && onChange(data.optionValue as UserRole)}
      >
        {roles.map((role) => (
          <Option key={role} value={role} text={roleLabel(role)}>
            {roleLabel(role)}
          </Option>
        ))}
      </Dropdown>
    </Field>
  );
}
