/**
 * The tab's start, begun by the entry (main.tsx) as soon as the page loads rather than after
 * React's first render. The entry has already asked for the public configuration and sent Teams
 * the handshake (teams-js alone is evaluated before that); this module, loaded meanwhile, reads
 * the configuration against its schema, and as soon as both answered sends the first page's
 * reads — who is signed in and the profile list (or the pinned profile) — together, with the one
 * SSO token the entry asked for as soon as the handshake allowed. The React shell waits for
 * `firstReadsSent` before it evaluates (main.tsx): evaluating React, Fluent and the app takes the
 * tab's main thread for a while (four times as long on a slow machine), and a Teams answer
 * arriving meanwhile waits for it. Evaluated while the reads are on the network, it costs the first card nothing. useApp picks
 * the outcomes up.
 *
 * Each step leaves a performance mark (lib/startMarks.ts) for the browser's performance tools
 * and the bench's breakdown of a load.
 */
import type { QueryClient } from '@tanstack/react-query';
import type { TabConfig } from '../../contracts/firstLoad';
import type { FetchLike } from '../api/apiClient';
import type { ConfigAnswer } from '../api/configAnswer';
import { createApiClient, fetchTabConfig, type ApiClient } from '../api/apiClient';
import { toApiError, type ApiError } from '../api/apiError';
import { languageOf, loadLanguage, localeFromSearch } from '../i18n/i18n';
import { mark, startMarks } from '../lib/startMarks';
import { createQueryClient, meQuery, profilesQuery } from '../services/serverState';
import { getSsoToken, type TeamsConnection } from '../teams/connectTeams';
import { pageKindFor, tabRouteFor, type HostInfo } from '../teams/hostInfo';

export type ConfigOutcome = { ok: true; config: TabConfig } | { ok: false; error: ApiError };

export type TabStart = {
  api: ApiClient;
  config: Promise<ConfigOutcome>;
  connection: Promise<TeamsConnection>;
  /**
   * Settles once the first page's reads are on the network, or once it is clear that none will
   * be sent now (outside Teams, configuration page or failure, no token): the shell may then
   * take the main thread.
   */
  firstReadsSent: Promise<void>;
  /**
   * Settles once the first page's reads have been answered (or failed), or at once when none were
   * sent: the shell's first render may then show the page itself rather than its loading state.
   */
  firstReadsAnswered: Promise<void>;
  /**
   * The configuration and the connection once they have settled (null before): the shell's first
   * render starts from them, instead of "Connecting" and a second render a task later.
   */
  settled: { config: ConfigOutcome | null; connection: TeamsConnection | null };
};

/** Reads the configuration: from `doFetch` (the entry's request), or asks again (a retry). */
export function readConfig(doFetch?: FetchLike): Promise<ConfigOutcome> {
  return fetchTabConfig(doFetch).then(
    (config): ConfigOutcome => ({ ok: true, config }),
    (error: unknown): ConfigOutcome => ({ ok: false, error: toApiError(error) }),
  );
}

export function beginTabStart(early: {
  configAnswer: Promise<ConfigAnswer>;
  connection: Promise<TeamsConnection>;
  /** The SSO token the entry asked for once the handshake allowed it (once; null: none). */
  takeFirstToken?: () => Promise<string> | null;
  /** The network for the API's calls (tests answer them; the browser's fetch by default). */
  fetch?: FetchLike;
}): { start: TabStart; queryClient: QueryClient } {
  const queryClient = createQueryClient();
  // Teams fills `?locale=` in the tab's URL: the admin's catalogues load while the handshake runs
  // (useApp waits for the language Teams names, most often this one, before the first words show).
  const urlLocale = localeFromSearch(window.location.search);
  if (urlLocale) void loadLanguage(languageOf(urlLocale));
  let firstToken: Promise<unknown> | null = null;
  const api = createApiClient({
    fetch: early.fetch,
    getToken: (request) => {
      // The first call takes the entry's token, unless it asks for a fresh one or for claims.
      const entryToken = early.takeFirstToken?.() ?? null;
      const token = entryToken && !request.fresh && !request.claims ? entryToken : getSsoToken(request);
      firstToken ??= token;
      return token;
    },
  });
  const settled: TabStart['settled'] = { config: null, connection: null };
  const config = readConfig(() => early.configAnswer.then((answer) => answer.response));
  void config.then((outcome) => {
    settled.config = outcome;
    mark(startMarks.config);
  });
  const connection = early.connection;
  void connection.then((connected) => (settled.connection = connected));
  // Every call from here on carries the Teams session id, the first page's reads included.
  void connection.then((connected) => {
    if (connected.kind === 'connected') api.setTeamsSessionId(connected.host.sessionId);
  });
  let answered: Promise<unknown> = Promise.resolve();
  const firstReadsSent = Promise.all([config, connection]).then(async ([outcome, connected]) => {
    if (!outcome.ok || connected.kind !== 'connected') return;
    ({ answered } = await prefetchFirstPage(queryClient, api, connected.host));
    if (!firstToken) return;
    // The reads send themselves as soon as the token is there (their continuations were queued
    // first); a task later they are on the network.
    await firstToken.then(
      () => mark(startMarks.token),
      () => undefined,
    );
    await new Promise((resolve) => setTimeout(resolve, 0));
    mark(startMarks.readsSent);
  });
  // A failure here (the profile page's code did not load) is the shell's to show, not a reason to wait.
  const sent = firstReadsSent.catch(() => undefined);
  // (prefetchQuery never rejects: a failed read is in the cache as the query's error.)
  const firstReadsAnswered = sent.then(() => answered).then(() => undefined);
  return {
    start: { api, config, connection, firstReadsSent: sent, firstReadsAnswered, settled },
    queryClient,
  };
}

/**
 * The reads of the page the tab opens on, started together (the API client shares one token);
 * resolves once they are started, with a promise of their answers (in an object: a promise
 * resolved with a promise would wait for it).
 */
async function prefetchFirstPage(
  queryClient: QueryClient,
  api: ApiClient,
  host: HostInfo,
): Promise<{ answered: Promise<unknown> }> {
  if (pageKindFor(window.location.pathname, host.frameContext) === 'config') {
    return { answered: Promise.resolve() };
  }
  const me = queryClient.prefetchQuery(meQuery(api));
  const route = tabRouteFor(host);
  if (route.kind !== 'dashboard') {
    // The profile's reads come with the profile page's code, which starts loading now too.
    const { profileQuery, statusQuery } = await import('../services/profileState');
    return {
      answered: Promise.all([
        me,
        queryClient.prefetchQuery(profileQuery(api, route.profileId)),
        queryClient.prefetchQuery(statusQuery(api, route.profileId)),
      ]),
    };
  }
  return { answered: Promise.all([me, queryClient.prefetchQuery(profilesQuery(api))]) };
}
