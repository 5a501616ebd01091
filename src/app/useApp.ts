/**
 * The tab's start: read the public configuration (which hosts may frame us), shake hands with
 * Teams, read the context, follow theme changes. Each step can fail in its own way, and each
 * failure has its own screen.
 */
import { app } from '@microsoft/teams-js';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { TabConfig } from '../../contracts/firstLoad';
import { createApiClient, fetchTabConfig } from '../api/apiClient';
import { toApiError, type ApiError } from '../api/apiError';
import type { AppServices } from '../services/appServices';
import { browserStorage, createDraftStore } from '../services/draftStore';
import { meQuery, profilesQuery } from '../services/serverState';
import { connectTeams, getSsoToken, type TeamsConnection } from '../teams/connectTeams';
import { pageKindFor, tabRouteFor, type HostInfo } from '../teams/hostInfo';
import { normalizeThemeName, type ThemeName } from '../teams/themeName';

export type AppState =
  | { phase: 'connecting' }
  | { phase: 'outside'; reason: 'noHost' | 'timeout'; detail: string; hostOrigins: readonly string[] }
  | { phase: 'configFailed'; error: ApiError; host: HostInfo }
  | { phase: 'ready'; services: AppServices };

type ConfigState =
  { phase: 'loading' } | { phase: 'ready'; config: TabConfig } | { phase: 'error'; error: ApiError };

export function useApp(onTheme: (theme: ThemeName) => void): { state: AppState; retryConfig: () => void } {
  const [connection, setConnection] = useState<TeamsConnection | null>(null);
  const [config, setConfig] = useState<ConfigState>({ phase: 'loading' });

  useEffect(() => {
    let cancelled = false;
    void (async () => {
      let origins: string[] = [];
      try {
        const tabConfig = await fetchTabConfig();
        origins = tabConfig.teamsHostOrigins;
        if (!cancelled) setConfig({ phase: 'ready', config: tabConfig });
      } catch (error) {
        // Real Teams hosts need no extra origins, so the handshake is still worth trying.
        if (!cancelled) setConfig({ phase: 'error', error: toApiError(error) });
      }
      const result = await connectTeams(origins);
      if (cancelled) return;
      if (result.kind === 'connected') {
        onTheme(result.host.theme);
        app.registerOnThemeChangeHandler((theme) => onTheme(normalizeThemeName(theme)));
      }
      setConnection(result);
    })();
    return () => {
      cancelled = true;
    };
  }, [onTheme]);

  const retryConfig = useCallback(() => {
    setConfig({ phase: 'loading' });
    fetchTabConfig().then(
      (tabConfig) => setConfig({ phase: 'ready', config: tabConfig }),
      (error: unknown) => setConfig({ phase: 'error', error: toApiError(error) }),
    );
  }, []);

  const host = connection?.kind === 'connected' ? connection.host : null;
  const tabConfig = config.phase === 'ready' ? config.config : null;
  const services = useMemo<AppServices | null>(() => {
    if (!host || !tabConfig) return null;
    return {
      api: createApiClient({ getToken: getSsoToken }),
      config: tabConfig,
      host,
      drafts: createDraftStore(browserStorage()),
      origin: window.location.origin,
    };
  }, [host, tabConfig]);

  // The first page's reads start as soon as the tab can make them, together and with one SSO
  // token (the client shares it), instead of one after the other as each view mounts.
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!services) return;
    const { api, host: connected } = services;
    if (pageKindFor(window.location.pathname, connected.frameContext) === 'config') return;
    void queryClient.prefetchQuery(meQuery(api));
    const route = tabRouteFor(connected);
    if (route.kind === 'pinnedProfile') {
      // The profile's reads come with the profile page's code, which starts loading now too.
      void import('../services/profileState').then(({ profileQuery, statusQuery }) => {
        void queryClient.prefetchQuery(profileQuery(api, route.profileId));
        void queryClient.prefetchQuery(statusQuery(api, route.profileId));
      });
    } else {
      void queryClient.prefetchQuery(profilesQuery(api));
    }
  }, [services, queryClient]);

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
  } else if (host && config.phase === 'error') {
    state = { phase: 'configFailed', error: config.error, host };
  }
  return { state, retryConfig };
}
