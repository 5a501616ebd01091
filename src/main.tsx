/**
 * The tab's entry (index.html serves /tab and /config). Two things start at once: the tab's start
 * (configuration, the Teams handshake, the SSO token and the first reads; app/tabStart.ts), and
 * the download of the React shell that shows them (app/TabShell.tsx). The theme comes from the
 * `?theme=` URL placeholder before anything else, so a dark Teams never flashes a white tab while
 * teams-js connects.
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
void import('./app/TabShell').then(({ mountTabShell }) =>
  mountTabShell(document.getElementById('root')!, { start, queryClient, initialTheme, applyColorScheme }),
);
