/**
 * The tab's start, begun as the script loads rather than after React's first render: read the
 * public configuration (which hosts may frame us), shake hands with Teams, and as soon as both
 * answered, send the first page's reads — who is signed in and the profile list (or the pinned
 * profile) — together, with one SSO token. React renders the shell meanwhile and picks the
 * outcomes up in useApp.
 */
import type { QueryClient } from '@tanstack/react-query';
import type { TabConfig } from '../../contracts/firstLoad';
import { createApiClient, fetchTabConfig, type ApiClient } from '../api/apiClient';
import { toApiError, type ApiError } from '../api/apiError';
import { meQuery, profilesQuery } from '../services/serverState';
import { connectTeams, getSsoToken, type TeamsConnection } from '../teams/connectTeams';
import { pageKindFor, tabRouteFor, type HostInfo } from '../teams/hostInfo';

export type ConfigOutcome = { ok: true; config: TabConfig } | { ok: false; error: ApiError };

export type TabStart = {
  api: ApiClient;
  config: Promise<ConfigOutcome>;
  connection: Promise<TeamsConnection>;
};

export function readConfig(): Promise<ConfigOutcome> {
  return fetchTabConfig().then(
    (config): ConfigOutcome => ({ ok: true, config }),
    (error: unknown): ConfigOutcome => ({ ok: false, error: toApiError(error) }),
  );
}

export function beginTabStart(queryClient: QueryClient): TabStart {
  const api = createApiClient({ getToken: getSsoToken });
  const config = readConfig();
  // Real Teams hosts need no extra origins, so the handshake is worth trying without them too.
  const connection = config.then((outcome) =>
    connectTeams(outcome.ok ? outcome.config.teamsHostOrigins : []),
  );
  // Every call from here on carries the Teams session id, the first page's reads included.
  void connection.then((connected) => {
    if (connected.kind === 'connected') api.setTeamsSessionId(connected.host.sessionId);
  });
  void Promise.all([config, connection]).then(([outcome, connected]) => {
    if (outcome.ok && connected.kind === 'connected') prefetchFirstPage(queryClient, api, connected.host);
  });
  return { api, config, connection };
}

/** The reads of the page the tab opens on, started together (the API client shares one token). */
function prefetchFirstPage(queryClient: QueryClient, api: ApiClient, host: HostInfo): void {
  if (pageKindFor(window.location.pathname, host.frameContext) === 'config') return;
  void queryClient.prefetchQuery(meQuery(api));
  const route = tabRouteFor(host);
  if (route.kind !== 'dashboard') {
    // The profile's reads come with the profile page's code, which starts loading now too.
    void import('../services/profileState').then(({ profileQuery, statusQuery }) => {
      void queryClient.prefetchQuery(profileQuery(api, route.profileId));
      void queryClient.prefetchQuery(statusQuery(api, route.profileId));
    });
  } else {
    void queryClient.prefetchQuery(profilesQuery(api));
  }
}
