/**
 * Structured logs (pino, one JSON object a line, so user input cannot forge log lines). Tokens and
 * secrets are redacted by path as a second line of defence: code never passes them on purpose.
 */
import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

const REDACTED_PATHS = [
  'authorization',
  'headers.authorization',
  'req.headers.authorization',
  '*.authorization',
  'assertion',
  '*.assertion',
  'oboAssertion',
  '*.oboAssertion',
  'token',
  '*.token',
  'accessToken',
  '*.accessToken',
  'clientSecret',
  '*.clientSecret',
  'SECRET_AAD_APP_CLIENT_SECRET',
  'SECRET_AAD_APP_CLIENT_CERTIFICATE',
  'privateKey',
  '*.privateKey',
  'clientCertificate',
  '*.clientCertificate',
];

/**
 * `copyTo` receives every line too, as written (redacted): telemetry forwards them as log records
 * (server/telemetry/sdk.ts).
 */
export function createLogger(
  level: string,
  destination?: DestinationStream,
  copyTo?: { write(line: string): void },
): Logger {
  const stream =
    copyTo && level !== 'silent'
      ? pino.multistream([
          { level: level as pino.Level, stream: destination ?? pino.destination(1) },
          { level: level as pino.Level, stream: copyTo },
        ])
      : destination;
  return pino(
    {
      level,
      base: { service: 'sds-profiles' },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    stream,
  );
}
