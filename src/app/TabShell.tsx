/**
 * The tab's React shell: Fluent's provider with the Teams theme, the query cache, and the app. The
 * entry (main.tsx) loads it in parallel with the tab's start, so React and Fluent download and
 * evaluate while the Teams handshake, the SSO token and the first reads are on their way.
 */
import { FluentProvider, type Theme } from '@fluentui/react-components';
import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { StrictMode, useCallback, useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { loadFluentTheme } from '../teams/fluentTheme';
import type { ThemeName } from '../teams/themeName';
import { App } from './App';
import type { TabStart } from './tabStart';
import { useGlobalStyles } from './useGlobalStyles';

export type ShellOptions = {
  start: TabStart;
  queryClient: QueryClient;
  /** The theme the tab opens with, already loaded (the entry loads it beside the shell). */
  initialTheme: { name: ThemeName; theme: Theme };
  applyColorScheme: (theme: ThemeName) => void;
};

function Root({ start, initialTheme, applyColorScheme }: Omit<ShellOptions, 'queryClient'>) {
  useGlobalStyles();
  const [theme, setTheme] = useState<Theme>(initialTheme.theme);
  const latest = useRef<ThemeName>(initialTheme.name);
  const onTheme = useCallback(
    (next: ThemeName) => {
      latest.current = next;
      // The page and the components change together, once the theme's file is there. Should it
      // fail to load, the tab keeps its current theme (the next change tries again).
      void loadFluentTheme(next).then(
        (loaded) => {
          if (latest.current !== next) return; // a later change won
          applyColorScheme(next);
          setTheme(loaded);
        },
        () => undefined,
      );
    },
    [applyColorScheme],
  );
  return (
    // No className here: FluentProvider copies it onto portal mount nodes (tooltips, dialogs), and a
    // page background there would cover the whole tab.
    <FluentProvider theme={theme}>
      <App start={start} onTheme={onTheme} />
    </FluentProvider>
  );
}

export function mountTabShell(element: HTMLElement, { queryClient, ...options }: ShellOptions): void {
  createRoot(element).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <Root {...options} />
      </QueryClientProvider>
    </StrictMode>,
  );
}
