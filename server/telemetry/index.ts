/**
 * Telemetry switch: with APPLICATIONINSIGHTS_CONNECTION_STRING the OpenTelemetry SDK and Azure
 * Monitor's exporters are loaded (lazily: a separate chunk of the built server) and registered;
 * without it nothing is loaded and the instruments stay the API's no-ops.
 */
import type { InstalledTelemetry } from './sdk';

export type Telemetry = Pick<InstalledTelemetry, 'shutdown'> & {
  enabled: boolean;
  logDestination?: InstalledTelemetry['logDestination'];
};

export async function startTelemetry(connectionString: string | null): Promise<Telemetry> {
  if (!connectionString) return { enabled: false, shutdown: async () => {} };
  const { startAzureMonitor } = await import('./azureMonitor');
  const installed = startAzureMonitor(connectionString);
  return { enabled: true, logDestination: installed.logDestination, shutdown: installed.shutdown };
}
