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
];

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'sds-profiles' },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
