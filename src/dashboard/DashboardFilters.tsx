import { Field, SearchBox, Select } from '@fluentui/react-components';
import type { Attention, ProfileFilter, StatusFilter } from './profileOrder';
import { useControlSize } from '../services/appServices';
import { useDashboardStyles } from './useDashboardStyles';
import { dashboardNs } from '../i18n/namespaces/dashboard';
import { useT } from '../i18n/react';

const statusFilters: readonly StatusFilter[] = ['all', 'problem', 'active', 'healthy'];

export type DashboardFiltersProps = {
  filter: ProfileFilter;
  onFilter: (filter: ProfileFilter) => void;
  counts: Record<Attention, number>;
};

/** Search and the status filter (loaded only when there are enough profiles to need them). */
export default function DashboardFilters({ filter, onFilter, counts }: DashboardFiltersProps) {
  const styles = useDashboardStyles();
  const size = useControlSize();
  const t = useT(dashboardNs);
  return (
    <div className={styles.filters} role="search">
      <Field label={t('searchLabel')} className={styles.search}>
        <SearchBox
          size={size}
          placeholder={t('searchPlaceholder')}
          dismiss={{ 'aria-label': t('clearSearch') }}
          value={filter.query}
          onChange={(_, data) => onFilter({ ...filter, query: data.value })}
        />
      </Field>
      <Field label={t('statusFilterLabel')} className={styles.statusFilter}>
        <Select
          size={size}
          value={filter.status}
          onChange={(_, data) => onFilter({ ...filter, status: data.value as StatusFilter })}
        >
          {statusFilters.map((key) => (
            <option key={key} value={key}>
              {key === 'all'
                ? t('filter_all')
                : t('filterWithCount', { label: t(`filter_${key}`), count: counts[key] })}
            </option>
          ))}
        </Select>
      </Field>
    </div>
  );
}
