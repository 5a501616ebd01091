import { Body1, Button, Caption1, Spinner, Text, Title3 } from '@fluentui/react-components';
import { ArrowClockwise20Regular } from '@fluentui/react-icons/svg/arrow-clockwise';
import { DocumentSync32Regular } from '@fluentui/react-icons/svg/document-sync';
import { lazy, Suspense, useEffect } from 'react';
import type { Me } from '../../contracts/api';
import { useAppServices, useControlSize } from '../services/appServices';
import { ConsentCard } from '../consent/ConsentCard';
import { EmptyState, LoadingState } from '../components/EmptyState';
import { ProblemBar } from '../components/ProblemBar';
import { ReadOnlyBanner } from '../components/ReadOnlyBanner';
import { RelativeTime } from '../components/RelativeTime';
import { StatusCard } from '../components/StatusCard/StatusCard';
import { reportLoaded } from '../teams/connectTeams';
import { noFilter } from './profileOrder';
import { useDashboard } from './useDashboard';
import { useDashboardStyles } from './useDashboardStyles';

// Search and the status filter appear only above FILTER_THRESHOLD profiles: not on the first card's path.
const DashboardFilters = lazy(() => import('./DashboardFilters'));
const RecentChanges = lazy(() => import('./RecentChanges'));
const ProfileHealthLine = lazy(() => import('./ProfileHealthLine'));

export type DashboardProps = {
  me: Me;
  onOpenProfile: (profileId: string) => void;
};

/** Every profile's status, problems first, refreshing itself while anything moves. */
export function Dashboard({ me, onOpenProfile }: DashboardProps) {
  const styles = useDashboardStyles();
  const size = useControlSize();
  const { host } = useAppServices();
  const dashboard = useDashboard();
  const { state, counts } = dashboard;

  useEffect(() => {
    if (state.phase !== 'loading') reportLoaded();
  }, [state.phase]);

  const summaryText =
    state.phase === 'ready' && dashboard.total > 0
      ? [
          counts.problem > 0 ? `${counts.problem} need${counts.problem === 1 ? 's' : ''} attention` : null,
          counts.active > 0 ? `${counts.active} paused or in progress` : null,
          counts.healthy > 0 ? `${counts.healthy} healthy` : null,
        ]
          .filter(Boolean)
          .join(' · ')
      : null;

  return (
    <main className={styles.root} aria-labelledby="dashboard-title">
      <header className={styles.header}>
        <div className={styles.titleBlock}>
          <Title3 as="h1" id="dashboard-title" className={styles.title}>
            SDS profiles
          </Title3>
          {summaryText && <Caption1 className={styles.summary}>{summaryText}</Caption1>}
        </div>
        {state.phase === 'ready' && (
          <div className={styles.refresh}>
            <Text size={200}>
              {dashboard.refreshing ? (
                'Updating…'
              ) : (
                <>
                  Updated <RelativeTime value={state.updatedAt} locale={host.locale} />
                </>
              )}
            </Text>
            <Button
              size={size}
              icon={dashboard.refreshing ? <Spinner size="tiny" /> : <ArrowClockwise20Regular />}
              onClick={dashboard.refresh}
              disabled={dashboard.refreshing}
            >
              Refresh
            </Button>
          </div>
        )}
      </header>

      <ReadOnlyBanner me={me} />

      {state.phase === 'loading' && <LoadingState label="Loading profiles…" />}

      {state.phase === 'error' &&
        (state.error.code === 'consent_required' ? (
          <ConsentCard consentUrl={state.error.problem?.consentUrl} onGranted={dashboard.refresh} />
        ) : (
          <ProblemBar error={state.error} onRetry={dashboard.refresh} title="Couldn't load the profiles" />
        ))}

      {state.phase === 'ready' && state.refreshError && (
        <ProblemBar
          error={state.refreshError}
          onRetry={dashboard.refresh}
          title="Couldn't refresh the profiles"
        />
      )}

      {state.phase === 'ready' && dashboard.total === 0 && (
        <EmptyState
          icon={<DocumentSync32Regular />}
          title="No SDS profiles yet"
          actions={
            <Button size={size} onClick={dashboard.refresh}>
              Check again
            </Button>
          }
        >
          This tenant has no School Data Sync profiles. When a profile is created in School Data Sync, its
          status appears here.
        </EmptyState>
      )}

      {state.phase === 'ready' && dashboard.showFilters && (
        <Suspense fallback={<div className={styles.filters} />}>
          <DashboardFilters filter={dashboard.filter} onFilter={dashboard.setFilter} counts={counts} />
        </Suspense>
      )}

      {state.phase === 'ready' && dashboard.showFilters && (
        <Text size={200} role="status" aria-live="polite">
          Showing {dashboard.shown.length} of {dashboard.total} profiles
        </Text>
      )}

      {state.phase === 'ready' && dashboard.total > 0 && dashboard.shown.length === 0 && (
        <EmptyState
          title="No profiles match"
          headingLevel="h2"
          actions={
            <Button size={size} onClick={() => dashboard.setFilter(noFilter)}>
              Clear filters
            </Button>
          }
        >
          <Body1>Try another name, or show all statuses.</Body1>
        </EmptyState>
      )}

      {state.phase === 'ready' && dashboard.shown.length > 0 && (
        <ul className={styles.grid} aria-label="Profiles">
          {dashboard.shown.map((summary) => (
            <li key={summary.id} className={styles.item}>
              <StatusCard
                summary={summary}
                locale={host.locale}
                headingLevel="h2"
                onOpen={() => onOpenProfile(summary.id)}
                footer={
                  <Suspense fallback={null}>
                    <ProfileHealthLine profileId={summary.id} locale={host.locale} />
                  </Suspense>
                }
              />
            </li>
          ))}
        </ul>
      )}

      {state.phase === 'ready' && dashboard.total > 0 && me.canRead && (
        <Suspense fallback={null}>
          <RecentChanges profiles={state.profiles} />
        </Suspense>
      )}
    </main>
  );
}
