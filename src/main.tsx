/**
 * The tab's entry (index.html serves /tab and /config). The theme comes from the `?theme=` URL
 * placeholder before anything else, so a dark Teams never flashes a white tab while teams-js
 * connects.
 */
import { FluentProvider } from '@fluentui/react-components';
import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode, useCallback, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { beginTabStart } from './app/tabStart';
import { createQueryClient } from './services/serverState';
import { useGlobalStyles } from './app/useGlobalStyles';
import { fluentTheme } from './teams/fluentTheme';
import { themeFromSearch, type ThemeName } from './teams/themeName';

function applyColorScheme(theme: ThemeName) {
  // The page behind the provider (overscroll, scrollbars) follows the theme too.
  document.documentElement.style.colorScheme = theme === 'default' ? 'light' : 'dark';
}

const queryClient = createQueryClient();
// Configuration, the Teams handshake and the first reads start now, while React renders the shell.
const start = beginTabStart(queryClient);
const initialTheme = themeFromSearch(window.location.search) ?? 'default';
applyColorScheme(initialTheme);

function Root() {
  useGlobalStyles();
  const [theme, setTheme] = useState<ThemeName>(initialTheme);
  const onTheme = useCallback((next: ThemeName) => {
    applyColorScheme(next);
    setTheme(next);
  }, []);
  return (
    // No className here: FluentProvider copies it onto portal mount nodes (tooltips, dialogs), and a
    // page background there would cover the whole tab.
    <FluentProvider theme={fluentTheme(theme)}>
      <App start={start} onTheme={onTheme} />
    </FluentProvider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <Root />
    </QueryClientProvider>
  </StrictMode>,
);
