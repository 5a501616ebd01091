/**
 * What every view needs once the tab is connected: the API client, the host facts and the public
 * configuration. Provided once by App; views read it with `useAppServices`.
 */
import { createContext, useContext } from 'react';
import type { TabConfig } from '../../contracts/api';
import type { ApiClient } from '../api/apiClient';
import type { DraftStore } from './draftStore';
import type { HostInfo } from '../teams/hostInfo';

export type AppServices = {
  api: ApiClient;
  config: TabConfig;
  host: HostInfo;
  drafts: DraftStore;
  /** The tab's own origin (auth pages and configured tab URLs are built from it). */
  origin: string;
};

export const AppServicesContext = createContext<AppServices | null>(null);

export function useAppServices(): AppServices {
  const services = useContext(AppServicesContext);
  if (!services) throw new Error('useAppServices must be used inside <AppServicesContext.Provider>.');
  return services;
}

/** Touch density on Teams mobile: bigger controls. */
export function useControlSize(): 'medium' | 'large' {
  const services = useContext(AppServicesContext);
  return services?.host.density === 'touch' ? 'large' : 'medium';
}
