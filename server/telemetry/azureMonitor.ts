/**
 * Telemetry to Application Insights: Microsoft's Azure Monitor OpenTelemetry exporters (the ones
 * the @azure/monitor-opentelemetry distro wraps) on our SDK set-up, without the distro's bundled
 * OTLP, gRPC, Prometheus and Zipkin exporters (docs/decisions/025-telemetry-azure-monitor.md).
 */
import {
  AzureMonitorLogExporter,
  AzureMonitorMetricExporter,
  AzureMonitorTraceExporter,
} from '@azure/monitor-opentelemetry-exporter';
import { installTelemetry, type InstalledTelemetry } from './sdk';

export function startAzureMonitor(connectionString: string): InstalledTelemetry {
  // Offline storage would write unsent telemetry to disk; App Service's disk is shared and slow.
  const options = { connectionString, disableOfflineStorage: true };
  return installTelemetry({
    spans: new AzureMonitorTraceExporter(options),
    metrics: new AzureMonitorMetricExporter(options),
    logs: new AzureMonitorLogExporter(options),
  });
}
