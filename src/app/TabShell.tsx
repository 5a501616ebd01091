/**
 * The tab's React shell: Fluent's provider with the Teams theme, the query cache, and the app. The
 * entry (main.tsx) loads it in parallel with the tab's start, so React and Fluent download and
 * evaluate while the Teams handshake, the SSO token and the first reads are on their way.
 */
import { FluentProvider } from '@fluentui/react-components';
import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { StrictMode, useCallback, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { fluentTheme } from '../teams/fluentTheme';
import type { ThemeName } from '../teams/themeName';
import { App } from './App';
import type { TabStart } from './tabStart';
import { useGlobalStyles } from './useGlobalStyles';

export type ShellOptions = {
  start: TabStart;
  queryClient: QueryClient;
  initialTheme: ThemeName;
  applyColorScheme: (theme: ThemeName) => void;
};

function Root({ start, initialTheme, applyColorScheme }: Omit<ShellOptions, 'queryClient'>) {
  useGlobalStyles();
  const [theme, setTheme] = useState<ThemeName>(initialTheme);
  const onTheme = useCallback(
    (next: ThemeName) => {
      applyColorScheme(next);
      setTheme(next);
    },
    [applyColorScheme],
  );
  return (
    // No className here: FluentProvider copies it onto portal mount nodes (tooltips, dialogs), and a
    // page background there would cover the whole tab.
    <FluentProvider theme={fluentTheme(theme)}>
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
