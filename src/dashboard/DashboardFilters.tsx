import { Field, SearchBox, Select } from '@fluentui/react-components';
import type { Attention, ProfileFilter, StatusFilter } from './profileOrder';
import { useControlSize } from '../services/appServices';
import { useDashboardStyles } from './useDashboardStyles';

const statusFilterLabels: Record<StatusFilter, string> = {
  all: 'All statuses',
  problem: 'Needs attention',
  active: 'Paused or in progress',
  healthy: 'Healthy',
};

export type DashboardFiltersProps = {
  filter: ProfileFilter;
  onFilter: (filter: ProfileFilter) => void;
  counts: Record<Attention, number>;
};

/** Search and the status filter (loaded only when there are enough profiles to need them). */
export default function DashboardFilters({ filter, onFilter, counts }: DashboardFiltersProps) {
  const styles = useDashboardStyles();
  const size = useControlSize();
  return (
    <div className={styles.filters} role="search">
      <Field label="Search profiles" className={styles.search}>
        <SearchBox
          size={size}
          placeholder="Profile name or provider"
          value={filter.query}
          onChange={(_, data) => onFilter({ ...filter, query: data.value })}
        />
      </Field>
      <Field label="Filter by status" className={styles.statusFilter}>
        <Select
          size={size}
          value={filter.status}
          onChange={(_, data) => onFilter({ ...filter, status: data.value as StatusFilter })}
        >
          {(Object.keys(statusFilterLabels) as StatusFilter[]).map((key) => (
            <option key={key} value={key}>
              {key === 'all' ? statusFilterLabels[key] : `${statusFilterLabels[key]} (${counts[key]})`}
            </option>
          ))}
        </Select>
      </Field>
    </div>
  );
}
