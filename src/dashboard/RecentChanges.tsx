/**
 * Recent changes across the tenant (GET /api/history), newest first, filterable by person and by
 * profile. Loaded after the dashboard's cards, as its own chunk.
 */
import { Dropdown, Field, Option, makeStyles, tokens } from '@fluentui/react-components';
import { useInfiniteQuery, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { useState } from 'react';
import type { HistoryPage, ProfileSummary } from '../../contracts/api';
import { getHistory } from '../api/history';
import { HistoryPages } from '../components/HistoryPages';
import { PanelSection } from '../components/PanelSection';
import { useAppServices, useControlSize } from '../services/appServices';
import { queryKeys } from '../services/serverState';
import { dashboardNs } from '../i18n/namespaces/dashboard';
import { useT } from '../i18n/react';
import { commonNs } from '../i18n/namespaces/common';

const useStyles = makeStyles({
  filters: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM },
  filter: { minWidth: '200px', maxWidth: '100%' },
});

const ANYONE = '';

export default function RecentChanges({ profiles }: { profiles: readonly ProfileSummary[] }) {
  const styles = useStyles();
  const size = useControlSize();
  const t = useT(dashboardNs);
  const tc = useT(commonNs);
  const { api } = useAppServices();
  const [person, setPerson] = useState(ANYONE);
  const [profile, setProfile] = useState(ANYONE);
  const client = useQueryClient();
  const filters = { person: person || undefined, profile: profile || undefined };
  const history = useInfiniteQuery({
    queryKey: queryKeys.history(filters),
    queryFn: ({ pageParam, signal }) =>
      getHistory(api, { ...filters, profileId: filters.profile, cursor: pageParam }, 'tenant', signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  // People seen in the history read so far (under any filter), so the filter offers names rather
  // than object ids: read from the cache, which re-renders this view whenever a page arrives.
  const people = peopleIn(
    client.getQueriesData<InfiniteData<HistoryPage>>({ queryKey: queryKeys.tenantHistory }),
  );
  const profileName = (id: string) => profiles.find((p) => p.id === id)?.displayName ?? t('recentAnyProfile');

  return (
    <PanelSection title={t('recentTitle')} busy={history.isFetching} busyLabel={t('recentLoading')}>
      <div className={styles.filters}>
        <Field label={t('recentPerson')} size={size}>
          <Dropdown
            clearButton={{ 'aria-label': tc('clearSelection') }}
            className={styles.filter}
            size={size}
            value={person ? (people.get(person) ?? person) : t('recentAnyone')}
            selectedOptions={[person]}
            onOptionSelect={(_e, data) => setPerson(data.optionValue ?? ANYONE)}
          >
            <Option value={ANYONE}>{t('recentAnyone')}</Option>
            {[...people].map(([id, name]) => (
              <Option key={id} value={id}>
                {name}
              </Option>
            ))}
          </Dropdown>
        </Field>
        <Field label={t('recentProfile')} size={size}>
          <Dropdown
            clearButton={{ 'aria-label': tc('clearSelection') }}
            className={styles.filter}
            size={size}
            value={profile ? profileName(profile) : t('recentAnyProfile')}
            selectedOptions={[profile]}
            onOptionSelect={(_e, data) => setProfile(data.optionValue ?? ANYONE)}
          >
            <Option value={ANYONE}>{t('recentAnyProfile')}</Option>
            {profiles.map((p) => (
              <Option key={p.id} value={p.id}>
                {p.displayName}
              </Option>
            ))}
          </Dropdown>
        </Field>
      </div>
      <HistoryPages
        history={history}
        errorTitle={t('recentLoadFailed')}
        emptyText={person || profile ? t('recentEmptyFiltered') : t('recentEmptyYet')}
        onRestore={null}
        withProfile
      />
    </PanelSection>
  );
}

function peopleIn(cached: readonly [unknown, InfiniteData<HistoryPage> | undefined][]): Map<string, string> {
  const people = new Map<string, string>();
  for (const [, data] of cached) {
    for (const page of data?.pages ?? []) {
      for (const entry of page.entries) people.set(entry.actor.objectId, entry.actor.displayName);
    }
  }
  return people;
}
