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
import { appNs } from '../i18n/namespaces/app';
import { LocaleProvider, useT } from '../i18n/react';
import { useAppStyles } from './useAppStyles';

// Only the channel tab's settings dialog needs the configuration page.
const ConfigPage = lazy(() => import('../config/ConfigPage'));
// Only a tab opened outside Teams explains where to open it.
const OutsideTeams = lazy(() => import('../components/OutsideTeams'));

export type AppProps = { start: TabStart; onTheme: (theme: ThemeName) => void };

/** Connects to Teams, then shows the configuration page or the tab. */
export function App({ start, onTheme }: AppProps) {
  const { state, retryConfig, locale } = useApp(start, onTheme);
  useEffect(() => {
    // Screen readers pronounce the page in the admin's language.
    document.documentElement.lang = locale;
  }, [locale]);
  return (
    <LocaleProvider value={locale}>
      <AppPage state={state} retryConfig={retryConfig} />
    </LocaleProvider>
  );
}

function AppPage({ state, retryConfig }: Omit<ReturnType<typeof useApp>, 'locale'>) {
  const styles = useAppStyles();
  const t = useT(appNs);

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
      {state.phase === 'connecting' && <LoadingState label={t('connecting')} />}
      {state.phase === 'configFailed' && (
        <ProblemBar error={state.error} onRetry={retryConfig} title={t('startFailed')} />
      )}
      {state.phase === 'ready' && (
        <AppServicesContext.Provider value={state.services}>
          <LeaveGuardProvider>
            {pageKindFor(window.location.pathname, state.services.host.frameContext) === 'config' ? (
              <Suspense fallback={<LoadingState label={t('loadingSettings')} />}>
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
