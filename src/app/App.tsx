import { mergeClasses } from '@fluentui/react-components';
import { lazy, Suspense, useEffect } from 'react';
import { LoadingState } from '../components/EmptyState';
import { ProblemBar } from '../components/ProblemBar';
import { reportLoaded } from '../teams/connectTeams';
import { pageKindFor } from '../teams/hostInfo';
import type { ThemeName } from '../teams/themeName';
import { AppServicesContext } from '../services/appServices';
import { LeaveGuardProvider } from '../services/LeaveGuard';
import { TabPage } from './TabPage';
import type { TabStart } from './tabStart';
import { useApp } from './useApp';
import { useAppStyles } from './useAppStyles';

// Only the channel tab's settings dialog needs the configuration page.
const ConfigPage = lazy(() => import('../config/ConfigPage'));
// Only a tab opened outside Teams explains where to open it.
const OutsideTeams = lazy(() => import('../components/OutsideTeams'));

export type AppProps = { start: TabStart; onTheme: (theme: ThemeName) => void };

/** Connects to Teams, then shows the configuration page or the tab. */
export function App({ start, onTheme }: AppProps) {
  const styles = useAppStyles();
  const { state, retryConfig } = useApp(start, onTheme);

  useEffect(() => {
    if (state.phase === 'configFailed') reportLoaded();
  }, [state.phase]);

  if (state.phase === 'outside') {
    return (
      <div className={styles.page}>
        <Suspense fallback={null}>
          <OutsideTeams reason={state.reason} detail={state.detail} hostOrigins={state.hostOrigins} />
        </Suspense>
      </div>
    );
  }
  const density =
    state.phase === 'ready'
      ? state.services.host.density
      : state.phase === 'configFailed'
        ? state.host.density
        : 'comfortable';
  return (
    <div
      className={mergeClasses(
        styles.page,
        styles.shell,
        density === 'touch' ? styles.touch : styles.adaptive,
      )}
    >
      {state.phase === 'connecting' && <LoadingState label="Connecting to Microsoft Teams…" />}
      {state.phase === 'configFailed' && (
        <ProblemBar error={state.error} onRetry={retryConfig} title="SDS Profiles couldn't start" />
      )}
      {state.phase === 'ready' && (
        <AppServicesContext.Provider value={state.services}>
          <LeaveGuardProvider>
            {pageKindFor(window.location.pathname, state.services.host.frameContext) === 'config' ? (
              <Suspense fallback={<LoadingState label="Loading the tab settings…" />}>
                <ConfigPage />
              </Suspense>
            ) : (
              <TabPage />
            )}
          </LeaveGuardProvider>
        </AppServicesContext.Provider>
      )}
    </div>
  );
}
