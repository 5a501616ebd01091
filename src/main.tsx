/**
 * The tab's entry (index.html serves /tab and /config), kept to teams-js and a few lines so that
 * the Teams handshake leaves as early as possible: it asks for the configuration (preloaded by
 * index.html) and, with the host origins it names, sends `app.initialize` (api/configAnswer.ts);
 * once teams-js allows, it asks for the first SSO token, beside the request for the tab context.
 * Meanwhile the rest of the start loads (app/tabStart.ts: the configuration's schema, the SSO
 * token and the first reads; index.html preloads its files), and after the handshake the React
 * shell's files download (app/TabShell.tsx, listed in index.html by vite.config.ts). The shell
 * evaluates once the first reads are on the network, so that React and Fluent do not hold up
 * Teams' answers on the tab's main thread (or after SHELL_WAIT_LIMIT_MS, should the host be slow
 * to answer), and first renders once the reads are answered (or ANSWER_WAIT_LIMIT_MS later), so
 * that its first render is the page rather than its loading state. The theme comes from the
 * `?theme=` URL placeholder before anything else, so a dark Teams never flashes a white tab while
 * teams-js connects.
 */
import { requestTabConfig, teamsHostOriginsIn } from './api/configAnswer';
import { preloadListedModules, SHELL_FILES_ELEMENT_ID } from './lib/preloadFiles';
import { mark, startMarks } from './lib/startMarks';
import { connectTeams, getSsoToken } from './teams/connectTeams';
import { loadFluentTheme } from './teams/fluentTheme';
import { themeFromSearch, type ThemeName } from './teams/themeName';

/** A host that takes longer than this over its token does not keep the tab from rendering. */
const SHELL_WAIT_LIMIT_MS = 2_000;
/**
 * Once the shell has evaluated, how long its first render waits for the first reads' answers
 * before it shows the loading state: long enough for an answer already on its way, too short
 * for an admin to notice a blank tab.
 */
const ANSWER_WAIT_LIMIT_MS = 150;

function applyColorScheme(theme: ThemeName) {
  // The page behind the provider (overscroll, scrollbars) follows the theme too.
  document.documentElement.style.colorScheme = theme === 'default' ? 'light' : 'dark';
}

mark(startMarks.entry);
const initialTheme = themeFromSearch(window.location.search) ?? 'default';
applyColorScheme(initialTheme);
const firstTheme = loadFluentTheme(initialTheme);

const configAnswer = requestTabConfig();
// Real Teams hosts need no extra origins, so the handshake is worth trying without them too.
const handshake = teamsHostOriginsIn(configAnswer);
// The first SSO token is asked for as soon as teams-js allows, beside the request for the tab
// context and while the start's code evaluates; the API client's first call sends it.
let firstToken: Promise<string> | null = null;
const connection = handshake.then((origins) =>
  connectTeams(origins, {
    onInitialized: () => {
      firstToken = getSsoToken();
      // Refused, it is the first call's error to report, not an unhandled rejection here.
      firstToken.catch(() => undefined);
    },
  }),
);
void connection.then(() => mark(startMarks.connected));
// The shell's files download once the handshake has left.
void handshake.then(() => setTimeout(() => preloadListedModules(SHELL_FILES_ELEMENT_ID), 0));

void import('./app/tabStart').then(({ beginTabStart }) => {
  const { start, queryClient } = beginTabStart({
    configAnswer,
    connection,
    takeFirstToken: () => {
      const token = firstToken;
      firstToken = null;
      return token;
    },
  });
  const waited = new Promise((resolve) => setTimeout(resolve, SHELL_WAIT_LIMIT_MS));
  void Promise.race([start.firstReadsSent, waited])
    .then(() => Promise.all([import('./app/TabShell'), firstTheme]))
    .then(([shell, theme]) => {
      mark(startMarks.shell);
      // An answer due any moment is worth its short wait: one render of the page instead of its
      // loading state first (a render and a layout of their own on the main thread).
      const due = new Promise((resolve) => setTimeout(resolve, ANSWER_WAIT_LIMIT_MS));
      return Promise.race([start.firstReadsAnswered, due]).then(() => [shell, theme] as const);
    })
    .then(([{ mountTabShell }, theme]) => {
      mountTabShell(document.getElementById('root')!, {
        start,
        queryClient,
        initialTheme: { name: initialTheme, theme },
        applyColorScheme,
      });
    });
});
