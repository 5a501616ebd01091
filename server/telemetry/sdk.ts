/**
 * The OpenTelemetry SDK, registered globally with the exporters it is given: Azure Monitor's in
 * production (./azureMonitor.ts), in-memory ones in tests. Only ever loaded when telemetry is
 * configured (server/telemetry/index.ts imports it lazily).
 *
 * - Traces: our own spans (server/middleware/requestContext.ts, server/graph/client.ts), batched.
 *   Context follows async calls through AsyncLocalStorage, so Graph spans are children of their
 *   API request's span.
 * - Metrics: server/telemetry/instruments.ts, exported every `metricIntervalMs`.
 * - Logs: pino's lines (already redacted) forwarded as log records carrying their trace id.
 */
import { context, metrics, trace } from '@opentelemetry/api';
import { logs, SeverityNumber } from '@opentelemetry/api-logs';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider, type LogRecordExporter } from '@opentelemetry/sdk-logs';
import {
  MeterProvider,
  PeriodicExportingMetricReader,
  type PushMetricExporter,
} from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, BatchSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { APP_VERSION } from '../version';
import { resetInstruments } from './instruments';

export type TelemetryExporters = {
  spans: SpanExporter;
  metrics: PushMetricExporter;
  logs: LogRecordExporter;
  /** How often metrics are exported (Azure Monitor: one minute). */
  metricIntervalMs?: number;
};

export type InstalledTelemetry = {
  /** Where pino writes a copy of every line (see createLogger's `extraDestination`). */
  logDestination: { write(line: string): void };
  /** Exports everything pending now. */
  flush(): Promise<void>;
  /** Flushes, then stops exporting and unregisters the SDK. */
  shutdown(): Promise<void>;
};

/** pino's levels as OpenTelemetry severities. */
const PINO_SEVERITY: Record<number, [SeverityNumber, string]> = {
  10: [SeverityNumber.TRACE, 'TRACE'],
  20: [SeverityNumber.DEBUG, 'DEBUG'],
  30: [SeverityNumber.INFO, 'INFO'],
  40: [SeverityNumber.WARN, 'WARN'],
  50: [SeverityNumber.ERROR, 'ERROR'],
  60: [SeverityNumber.FATAL, 'FATAL'],
};
/** pino's own fields, carried by the record itself rather than as attributes. */
const RECORD_FIELDS = new Set([
  'level',
  'time',
  'msg',
  'pid',
  'hostname',
  'trace_id',
  'span_id',
  'trace_flags',
]);

export function installTelemetry(exporters: TelemetryExporters): InstalledTelemetry {
  const resource = resourceFromAttributes({
    'service.name': 'sds-profiles',
    'service.version': APP_VERSION,
    // App Service names the instance; Application Insights shows it as the role instance.
    ...(process.env.WEBSITE_INSTANCE_ID ? { 'service.instance.id': process.env.WEBSITE_INSTANCE_ID } : {}),
  });
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  const tracerProvider = new BasicTracerProvider({
    resource,
    spanProcessors: [new BatchSpanProcessor(exporters.spans)],
  });
  trace.setGlobalTracerProvider(tracerProvider);
  const meterProvider = new MeterProvider({
    resource,
    readers: [
      new PeriodicExportingMetricReader({
        exporter: exporters.metrics,
        exportIntervalMillis: exporters.metricIntervalMs ?? 60_000,
      }),
    ],
  });
  metrics.setGlobalMeterProvider(meterProvider);
  const loggerProvider = new LoggerProvider({
    resource,
    processors: [new BatchLogRecordProcessor(exporters.logs)],
  });
  logs.setGlobalLoggerProvider(loggerProvider);
  resetInstruments();
  const otelLogger = loggerProvider.getLogger('sds-profiles', APP_VERSION);

  const logDestination = {
    write(line: string) {
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line) as Record<string, unknown>;
      } catch {
        return;
      }
      const attributes: Record<string, string | number | boolean> = {};
      for (const [key, value] of Object.entries(entry)) {
        if (RECORD_FIELDS.has(key)) continue;
        if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
          attributes[key] = value;
        } else if (value !== null && value !== undefined) {
          attributes[key] = JSON.stringify(value);
        }
      }
      const traceId = entry.trace_id;
      const spanId = entry.span_id;
      const correlated =
        typeof traceId === 'string' && typeof spanId === 'string'
          ? trace.setSpanContext(context.active(), { traceId, spanId, traceFlags: 1, isRemote: false })
          : undefined;
      const [severityNumber, severityText] = PINO_SEVERITY[
        typeof entry.level === 'number' ? entry.level : 30
      ] ?? [SeverityNumber.INFO, 'INFO'];
      otelLogger.emit({
        severityNumber,
        severityText,
        body: typeof entry.msg === 'string' ? entry.msg : '',
        attributes,
        ...(correlated ? { context: correlated } : {}),
      });
    },
  };

  const flush = async () => {
    await Promise.all([tracerProvider.forceFlush(), meterProvider.forceFlush(), loggerProvider.forceFlush()]);
  };
  return {
    logDestination,
    flush,
    async shutdown() {
      await Promise.allSettled([
        tracerProvider.shutdown(),
        meterProvider.shutdown(),
        loggerProvider.shutdown(),
      ]);
      trace.disable();
      metrics.disable();
      logs.disable();
      context.disable();
      resetInstruments();
    },
  };
}
