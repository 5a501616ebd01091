import { Body1, Button, Caption1, mergeClasses, Spinner, Text, Title3 } from '@fluentui/react-components';
import { ArrowClockwise20Regular } from '@fluentui/react-icons/svg/arrow-clockwise';
import { DocumentSync32Regular } from '@fluentui/react-icons/svg/document-sync';
import { lazy, Suspense, useEffect, useState } from 'react';
import type { Me } from '../../contracts/api';
import { useAppServices, useControlSize } from '../services/appServices';
import { LazyConsentCard as ConsentCard } from '../consent/LazyConsentCard';
import { EmptyState, LoadingState } from '../components/EmptyState';
import { ProblemBar } from '../components/ProblemBar';
import { ReadOnlyBanner } from '../components/ReadOnlyBanner';
import { RelativeTime } from '../components/RelativeTime';
import { StatusCard } from '../components/StatusCard/StatusCard';
import { usePaintedOnce } from '../lib/usePaintedOnce';
import { reportLoaded } from '../teams/connectTeams';
import { noFilter } from './profileOrder';
import { useDashboard } from './useDashboard';
import { useDashboardStyles } from './useDashboardStyles';
import { dashboardNs } from '../i18n/namespaces/dashboard';
import { rich, useT } from '../i18n/react';

// Search and the status filter appear only above FILTER_THRESHOLD profiles: not on the first card's path.
const DashboardFilters = lazy(() => import('./DashboardFilters'));
const RecentChanges = lazy(() => import('./RecentChanges'));
// Selection and bulk actions (and their words) are a chunk of their own, after the first cards.
// The button that starts a selection is the dashboard's own: arriving a frame later, it wrapped
// the header row on a phone and pushed the cards down.
const BulkSelect = lazy(() => import('./BulkSelect'));
const ProfileHealthLine = lazy(() => import('./ProfileHealthLine'));
// Those extras render from the frame after the first cards: a lazy component starts its chunk
// (and Vite's preloads of the chunk's imports) while it renders, which cost the first cards'
// render about 20 ms of the tab's main thread.
/**
 * The cards of the first paint: two rows of three in a desktop Teams window, more than a phone
 * shows. The rest follow in the next frame, below the fold: a card is a dozen Fluent components,
 * and rendering all of them first made the first render a third longer (150 ms at 4× CPU).
 */
const FIRST_PAINT_CARDS = 6;

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
  const t = useT(dashboardNs);
  const [selecting, setSelecting] = useState(false);
  // Readers never see a selection: nothing they could do with it.
  const canSelect = me.canWrite && state.phase === 'ready' && dashboard.total > 0;
  const firstPainted = usePaintedOnce(state.phase === 'ready');
  // The filter bar's room, kept while its code loads (the cards below stay where they are).
  const filtersPending = (
    <div
      className={mergeClasses(
        styles.filters,
        size === 'large' ? styles.filtersPendingLarge : styles.filtersPending,
      )}
    />
  );

  useEffect(() => {
    if (state.phase !== 'loading') reportLoaded();
  }, [state.phase]);

  const summaryText =
    state.phase === 'ready' && dashboard.total > 0
      ? [
          counts.problem > 0 ? t('summaryProblem', { count: counts.problem }) : null,
          counts.active > 0 ? t('summaryActive', { count: counts.active }) : null,
          counts.healthy > 0 ? t('summaryHealthy', { count: counts.healthy }) : null,
        ]
          .filter(Boolean)
          .join(t('summarySeparator'))
      : null;

  return (
    <main className={styles.root} aria-labelledby="dashboard-title">
      <header className={styles.header}>
        <div className={styles.titleBlock}>
          <Title3 as="h1" id="dashboard-title" className={styles.title}>
            {t('title')}
          </Title3>
          {summaryText && <Caption1 className={styles.summary}>{summaryText}</Caption1>}
        </div>
        {state.phase === 'ready' && (
          <div className={styles.refresh}>
            <Text size={200}>
              {dashboard.refreshing
                ? t('updating')
                : rich(t, 'updated', { when: <RelativeTime value={state.updatedAt} locale={host.locale} /> })}
            </Text>
            {canSelect && !selecting && (
              <Button size={size} onClick={() => setSelecting(true)}>
                {t('selectProfiles')}
              </Button>
            )}
            <Button
              size={size}
              icon={dashboard.refreshing ? <Spinner size="tiny" /> : <ArrowClockwise20Regular />}
              onClick={dashboard.refresh}
              disabled={dashboard.refreshing}
            >
              {t('refresh')}
            </Button>
          </div>
        )}
      </header>

      <ReadOnlyBanner me={me} />

      {state.phase === 'loading' && <LoadingState label={t('loading')} />}

      {state.phase === 'error' &&
        (state.error.code === 'consent_required' ? (
          <ConsentCard consentUrl={state.error.problem?.consentUrl} onGranted={dashboard.refresh} />
        ) : (
          <ProblemBar error={state.error} onRetry={dashboard.refresh} title={t('loadFailed')} />
        ))}

      {state.phase === 'ready' && state.refreshError && (
        <ProblemBar error={state.refreshError} onRetry={dashboard.refresh} title={t('refreshFailed')} />
      )}

      {state.phase === 'ready' && dashboard.total === 0 && (
        <EmptyState
          icon={<DocumentSync32Regular />}
          title={t('emptyTitle')}
          actions={
            <Button size={size} onClick={dashboard.refresh}>
              {t('checkAgain')}
            </Button>
          }
        >
          {t('emptyBody')}
        </EmptyState>
      )}

      {state.phase === 'ready' &&
        dashboard.showFilters &&
        (firstPainted ? (
          <Suspense fallback={filtersPending}>
            <DashboardFilters filter={dashboard.filter} onFilter={dashboard.setFilter} counts={counts} />
          </Suspense>
        ) : (
          filtersPending
        ))}

      {state.phase === 'ready' && dashboard.showFilters && (
        <Text size={200} role="status" aria-live="polite">
          {t('showing', { shown: dashboard.shown.length, count: dashboard.total })}
        </Text>
      )}

      {state.phase === 'ready' && dashboard.total > 0 && dashboard.shown.length === 0 && (
        <EmptyState
          title={t('noMatchTitle')}
          headingLevel="h2"
          actions={
            <Button size={size} onClick={() => dashboard.setFilter(noFilter)}>
              {t('clearFilters')}
            </Button>
          }
        >
          <Body1>{t('noMatchBody')}</Body1>
        </EmptyState>
      )}

      {state.phase === 'ready' && dashboard.shown.length > 0 && canSelect && selecting && (
        <Suspense fallback={null}>
          <BulkSelect
            shown={dashboard.shown}
            renderCard={(summary) => <StatusCard summary={summary} locale={host.locale} headingLevel="h2" />}
            onDone={() => setSelecting(false)}
          />
        </Suspense>
      )}

      {state.phase === 'ready' && dashboard.shown.length > 0 && !(canSelect && selecting) && (
        <ul className={styles.grid} aria-label={t('profilesList')}>
          {(firstPainted ? dashboard.shown : dashboard.shown.slice(0, FIRST_PAINT_CARDS)).map((summary) => (
            <li key={summary.id} className={styles.item}>
              <StatusCard
                summary={summary}
                locale={host.locale}
                headingLevel="h2"
                onOpen={() => onOpenProfile(summary.id)}
                footer={
                  firstPainted && (
                    <Suspense fallback={null}>
                      <ProfileHealthLine profileId={summary.id} locale={host.locale} />
                    </Suspense>
                  )
                }
              />
            </li>
          ))}
        </ul>
      )}

      {state.phase === 'ready' && firstPainted && dashboard.total > 0 && me.canRead && (
        <Suspense fallback={null}>
          <RecentChanges profiles={state.profiles} />
        </Suspense>
      )}
    </main>
  );
}
