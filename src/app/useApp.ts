/**
 * The tab's start as React sees it (begun in ./tabStart): the configuration, the Teams
 * connection and theme changes. Each step can fail in its own way, and each failure has its own
 * screen.
 */
import { app } from '@microsoft/teams-js';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ApiError } from '../api/apiError';
import { isLanguageLoaded, languageOf, loadLanguage, localeFromSearch } from '../i18n/i18n';
import type { AppServices } from '../services/appServices';
import { browserStorage, createDraftStore } from '../services/draftStore';
import type { TeamsConnection } from '../teams/connectTeams';
import type { HostInfo } from '../teams/hostInfo';
import { normalizeThemeName, type ThemeName } from '../teams/themeName';
import { readConfig, type ConfigOutcome, type TabStart } from './tabStart';

export type AppState =
  | { phase: 'connecting' }
  | { phase: 'outside'; reason: 'noHost' | 'timeout'; detail: string; hostOrigins: readonly string[] }
  | { phase: 'configFailed'; error: ApiError; host: HostInfo }
  | { phase: 'ready'; services: AppServices };

/** Null while the configuration is on its way. */
type ConfigState = ConfigOutcome | null;

export function useApp(
  start: TabStart,
  onTheme: (theme: ThemeName) => void,
): { state: AppState; retryConfig: () => void; locale: string } {
  // What has settled by the shell's first render (most often everything: the shell evaluates
  // once the first reads are on the network) is its starting state; the effect below follows the
  // rest. A connected host counts once its language is in, as in the effect.
  const [connection, setConnection] = useState<TeamsConnection | null>(() => {
    const known = start.settled.connection;
    return known?.kind === 'connected' && !isLanguageLoaded(languageOf(known.host.locale)) ? null : known;
  });
  // Teams fills `?locale=` in the tab's URL (its catalogues began loading in ./tabStart): the
  // language until Teams has told.
  const [urlLocale] = useState(() => localeFromSearch(window.location.search));
  const [config, setConfig] = useState<ConfigState>(() => start.settled.config);

  useEffect(() => {
    let cancelled = false;
    void start.config.then((outcome) => {
      if (!cancelled) setConfig(outcome);
    });
    void start.connection.then((result) => {
      if (cancelled) return;
      if (result.kind !== 'connected') {
        setConnection(result);
        return;
      }
      onTheme(result.host.theme);
      app.registerOnThemeChangeHandler((theme) => onTheme(normalizeThemeName(theme)));
      // The tab shows its first words in the admin's language, not English then a switch.
      void loadLanguage(languageOf(result.host.locale)).then(() => {
        if (!cancelled) setConnection(result);
      });
    });
    return () => {
      cancelled = true;
    };
  }, [start, onTheme]);

  const retryConfig = useCallback(() => {
    setConfig(null);
    void readConfig().then(setConfig);
  }, []);

  const host = connection?.kind === 'connected' ? connection.host : null;
  const tabConfig = config?.ok ? config.config : null;
  const services = useMemo<AppServices | null>(() => {
    if (!host || !tabConfig) return null;
    return {
      api: start.api,
      config: tabConfig,
      host,
      drafts: createDraftStore(browserStorage()),
      origin: window.location.origin,
    };
  }, [start.api, host, tabConfig]);

  let state: AppState = { phase: 'connecting' };
  if (connection?.kind === 'outside') {
    state = {
      phase: 'outside',
      reason: connection.reason,
      detail: connection.detail,
      hostOrigins: tabConfig?.teamsHostOrigins ?? [],
    };
  } else if (services) {
    state = { phase: 'ready', services };
  } else if (host && config && !config.ok) {
    state = { phase: 'configFailed', error: config.error, host };
  }
  const locale = host?.locale ?? urlLocale ?? 'en-US';
  return { state, retryConfig, locale };
}
