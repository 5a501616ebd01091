/**
 * The tab's entry (index.html serves /tab and /config). Two things start at once: the tab's start
 * (configuration, the Teams handshake, the SSO token and the first reads; app/tabStart.ts), and
 * the download of the React shell that shows them (app/TabShell.tsx, preloaded by index.html).
 * The shell evaluates once the first reads are on the network, so that React and Fluent do not
 * hold up Teams' answers on the tab's main thread (or after SHELL_WAIT_LIMIT_MS, should the host
 * be slow to answer). The theme comes from the `?theme=` URL placeholder before anything else, so
 * a dark Teams never flashes a white tab while teams-js connects.
 */
import { beginTabStart } from './app/tabStart';
import { createQueryClient } from './services/serverState';
import { themeFromSearch, type ThemeName } from './teams/themeName';

function applyColorScheme(theme: ThemeName) {
  // The page behind the provider (overscroll, scrollbars) follows the theme too.
  document.documentElement.style.colorScheme = theme === 'default' ? 'light' : 'dark';
}

const initialTheme = themeFromSearch(window.location.search) ?? 'default';
applyColorScheme(initialTheme);

const queryClient = createQueryClient();
const start = beginTabStart(queryClient);
/** A host that takes longer than this over its token does not keep the tab from rendering. */
const SHELL_WAIT_LIMIT_MS = 2_000;
void Promise.race([start.firstReadsSent, new Promise((resolve) => setTimeout(resolve, SHELL_WAIT_LIMIT_MS))])
  .then(() => import('./app/TabShell'))
  .then(({ mountTabShell }) =>
    mountTabShell(document.getElementById('root')!, { start, queryClient, initialTheme, applyColorScheme }),
  );
