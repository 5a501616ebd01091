/**
 * The backend's configuration: one zod schema over the Teams Toolkit's variable names, checked
 * once at boot. A real tenant and the local emulator differ only in these values.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { z } from 'zod';
import { guidSchema } from '../contracts/graph';
import { PROJECT_ROOT } from './paths';
import { parseCertificateCredential, type ClientCredential } from './auth/clientCredential';

const DEFAULT_AUTHORITY_HOST = 'https://login.microsoftonline.com';
const DEFAULT_GRAPH_BASE_URL = 'https://graph.microsoft.com';
/** The embedded database's folder when DATA_DIR is unset: git-ignored, beside the app. */
export const DEFAULT_DATA_DIR = path.join(PROJECT_ROOT, '.local', 'data');

/** An https origin without a trailing slash; MSAL refuses http authorities (dependencies.md §2). */
const httpsOrigin = (example: string) =>
  z
    .url({ protocol: /^https$/, error: `must be an https URL such as ${example}` })
    .transform((value) => value.replace(/\/+$/, ''));

function commaList<Output>(item: z.ZodType<Output, string>, example: string) {
  return z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part !== ''),
    )
    .pipe(z.array(item, { error: `must be a comma-separated list such as ${example}` }));
}

const origin = z.string().regex(/^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/i, {
  error:
    'each entry must be an origin such as https://localhost:53102 (scheme, host, optional port, no path)',
});

const positiveInt = z.coerce.number().int().positive();

/** Milliseconds between `min` and ten minutes. */
const millis = (min: number) =>
  z.coerce
    .number({ error: 'must be a whole number of milliseconds' })
    .int({ error: 'must be a whole number of milliseconds' })
    .min(min, { error: `must be at least ${min} ms` })
    .max(600_000, { error: 'must be at most 600000 ms (ten minutes)' });

/**
 * `redis://` or `rediss://` (TLS, as Azure Cache for Redis wants on port 6380) with a host and at
 * most a database number. Messages never repeat the value: it carries the access key.
 */
const redisUrl = z.string().superRefine((value, ctx) => {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'redis:' && url.protocol !== 'rediss:') || url.hostname === '') {
    ctx.addIssue({
      code: 'custom',
      message:
        'must be a Redis URL such as rediss://:<access key>@sds-profiles.redis.cache.windows.net:6380 (or redis://localhost:6379 without TLS)',
    });
  } else if (!/^\/?\d{0,2}$/.test(url.pathname)) {
    ctx.addIssue({ code: 'custom', message: 'may end in a database number (/0 … /15) and nothing else' });
  }
});

/**
 * `postgres://` or `postgresql://` with a host and a database. Messages never repeat the value:
 * it carries the password.
 */
const databaseUrl = z.string().superRefine((value, ctx) => {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (
    !url ||
    (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') ||
    url.hostname === '' ||
    url.pathname.length < 2
  ) {
    ctx.addIssue({
      code: 'custom',
      message:
        'must be a PostgreSQL URL such as postgres://sds:<password>@sds-profiles.postgres.database.azure.com:5432/sds_profiles?sslmode=require',
    });
  }
});

const envSchema = z
  .object({
    AAD_APP_CLIENT_ID: guidSchema,
    AAD_APP_TENANT_ID: guidSchema,
    AAD_APP_OAUTH_AUTHORITY_HOST: httpsOrigin(DEFAULT_AUTHORITY_HOST).default(DEFAULT_AUTHORITY_HOST),
    /** The app's client secret, or (instead) SECRET_AAD_APP_CLIENT_CERTIFICATE: server/auth/clientCredential.ts. */
    SECRET_AAD_APP_CLIENT_SECRET: z.string().min(1, { error: 'must not be empty' }).optional(),
    SECRET_AAD_APP_CLIENT_CERTIFICATE: z.string().min(1, { error: 'must not be empty' }).optional(),
    TAB_ENDPOINT: httpsOrigin('https://sds-profiles.contoso.edu'),
    TAB_DOMAIN: z
      .string()
      .regex(/^[a-z0-9.-]+(:\d{1,5})?$/i, {
        error: 'must be the host the tab is served from, such as localhost:53000 (no scheme, no path)',
      })
      .transform((value) => value.toLowerCase()),
    PORT: z.coerce
      .number()
      .int()
      .min(1, { error: 'must be a port number between 1 and 65535' })
      .max(65535, { error: 'must be a port number between 1 and 65535' })
      .default(53000),
    SSL_CRT_FILE: z.string().min(1).optional(),
    SSL_KEY_FILE: z.string().min(1).optional(),
    GRAPH_BASE_URL: httpsOrigin(DEFAULT_GRAPH_BASE_URL).default(DEFAULT_GRAPH_BASE_URL),
    ALLOWED_TENANT_IDS: commaList(guidSchema, 'c0a70de5-0000-4000-8000-000000000001,…').optional(),
    TEAMS_HOST_ORIGINS: commaList(origin, 'https://localhost:53102').default([]),
    RATE_LIMIT_PER_MINUTE: positiveInt.default(300),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** Waits before re-trying an on-behalf-of exchange right after a consent (ms, comma list). */
    OBO_CONSENT_RETRY_MS: commaList(
      z
        .string()
        .regex(/^\d{1,5}$/, { error: 'each entry must be a whole number of milliseconds' })
        .transform(Number),
      '1000,2000,4000',
    ).default([1000, 2000, 4000]),
    /** Shared state between instances (save lock, rate limit, token cache); in memory when unset. */
    REDIS_URL: redisUrl.optional(),
    /** How long a save holds the per-profile lock without renewing it: longer than a Graph operation. */
    SAVE_LOCK_LEASE_MS: millis(1000).default(30_000),
    /** Telemetry to Application Insights (server/telemetry); off when unset. */
    APPLICATIONINSIGHTS_CONNECTION_STRING: z
      .string()
      .regex(/(^|;)\s*InstrumentationKey=[0-9a-f-]{36}\s*(;|$)/i, {
        error:
          "must be the Application Insights resource's connection string (InstrumentationKey=…;IngestionEndpoint=…), as the Azure portal shows it",
      })
      .optional(),
    /** How long a save waits for another save of the same profile before answering 503. */
    SAVE_LOCK_WAIT_MS: millis(100).default(10_000),
    /** Change history on a real PostgreSQL (several instances); embedded PGlite under DATA_DIR when unset. */
    DATABASE_URL: databaseUrl.optional(),
    /** Where the embedded database keeps its files (default .local/data beside the app). */
    DATA_DIR: z.string().min(1).optional(),
    /** Change-history records older than this are purged once a day. */
    HISTORY_RETENTION_DAYS: z.coerce
      .number({ error: 'must be a whole number of days' })
      .int({ error: 'must be a whole number of days' })
      .min(1, { error: 'must be at least 1 day' })
      .max(36_500, { error: 'must be at most 36500 days (100 years)' })
      .default(400),
    /**
     * How often the monitor reads every profile's status (app-only), in seconds; 0 turns it off.
     * `npm start` uses 30 so that a trial shows it working.
     */
    MONITOR_INTERVAL_SECONDS: z.coerce
      .number({ error: 'must be a whole number of seconds (0 turns the monitor off)' })
      .int({ error: 'must be a whole number of seconds (0 turns the monitor off)' })
      .min(0, { error: 'must be 0 (off) or more' })
      .max(86_400, { error: 'must be at most 86400 (once a day)' })
      .default(300),
    /** An alert when a profile's error count rises past this many. */
    MONITOR_ERROR_THRESHOLD: positiveInt.default(50),
    /** The Teams app's id (the manifest's `id`): activity-feed alerts deep-link into it. */
    TEAMS_APP_ID: guidSchema.optional(),
  })
  // Checked even while other variables are wrong, so a missing credential shows with them.
  .superRefine(
    (env, ctx) => {
      if (env.SECRET_AAD_APP_CLIENT_SECRET && env.SECRET_AAD_APP_CLIENT_CERTIFICATE) {
        ctx.addIssue({
          code: 'custom',
          path: ['SECRET_AAD_APP_CLIENT_CERTIFICATE'],
          message:
            'and SECRET_AAD_APP_CLIENT_SECRET are both set: set one (remove the secret once the certificate works)',
        });
      } else if (!env.SECRET_AAD_APP_CLIENT_SECRET && !env.SECRET_AAD_APP_CLIENT_CERTIFICATE) {
        ctx.addIssue({
          code: 'custom',
          path: ['SECRET_AAD_APP_CLIENT_SECRET'],
          message:
            'is required but not set (or set SECRET_AAD_APP_CLIENT_CERTIFICATE to the PEM private key and certificate instead)',
        });
      } else if (env.SECRET_AAD_APP_CLIENT_CERTIFICATE) {
        try {
          parseCertificateCredential(env.SECRET_AAD_APP_CLIENT_CERTIFICATE);
        } catch (error) {
          ctx.addIssue({
            code: 'custom',
            path: ['SECRET_AAD_APP_CLIENT_CERTIFICATE'],
            message: (error as Error).message,
          });
        }
      }
    },
    { when: () => true },
  )
  .superRefine((env, ctx) => {
    if (Boolean(env.SSL_CRT_FILE) !== Boolean(env.SSL_KEY_FILE)) {
      ctx.addIssue({
        code: 'custom',
        path: [env.SSL_CRT_FILE ? 'SSL_KEY_FILE' : 'SSL_CRT_FILE'],
        message:
          'SSL_CRT_FILE and SSL_KEY_FILE must be set together (or neither, for plain HTTP behind a proxy)',
      });
    }
    for (const key of ['SSL_CRT_FILE', 'SSL_KEY_FILE'] as const) {
      const file = env[key];
      if (file && !existsSync(file)) {
        ctx.addIssue({ code: 'custom', path: [key], message: `names a file that does not exist: ${file}` });
      }
    }
  });

export type Config = {
  clientId: string;
  tenantId: string;
  /** A client secret or a certificate (server/auth/clientCredential.ts). */
  clientCredential: ClientCredential;
  authorityHost: string;
  tabEndpoint: string;
  tabDomain: string;
  /** `api://{TAB_DOMAIN}/{clientId}`: the audience of v1 SSO tokens. */
  appIdUri: string;
  port: number;
  tls: { certFile: string; keyFile: string } | null;
  graphBaseUrl: string;
  allowedTenantIds: string[];
  teamsHostOrigins: string[];
  rateLimitPerMinute: number;
  logLevel: string;
  oboConsentRetryMs: number[];
  /** Where instances share state; null keeps it in this process (one instance). */
  redisUrl: string | null;
  saveLock: { leaseMs: number; waitMs: number };
  /** Where change history is written: a PostgreSQL server, or PGlite files in a folder. */
  database: { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string };
  historyRetentionDays: number;
  monitor: {
    /** 0: off. */
    intervalSeconds: number;
    errorThreshold: number;
    /** Null: alerts cannot link to the tab, so none are sent (the monitor says so at start). */
    teamsAppId: string | null;
  };
  /** Where telemetry goes; null turns it off. */
  applicationInsightsConnectionString: string | null;
  /** Overall budget for one Graph operation including retries: under Teams' 30 s load limit. */
  graphBudgetMs: number;
  /** Longest a single Graph attempt may take before it counts as a 504. */
  graphAttemptTimeoutMs: number;
  graphMaxRetries: number;
  /** Base delay (s) of Graph retries when Graph sends no Retry-After. */
  graphRetryDelaySeconds: number;
};

export class ConfigError extends Error {
  readonly problems: string[];

  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/**
 * Reads the Toolkit's `.localConfigs` (KEY=VALUE lines) when present. Its values only fill
 * variables the environment leaves unset, so a deployment's settings always win.
 */
export function readLocalConfigs(projectRoot: string): Record<string, string> {
  const file = path.join(projectRoot, '.localConfigs');
  if (!existsSync(file)) return {};
  return parseEnv(readFileSync(file, 'utf8')) as Record<string, string>;
}

/** Validates the environment; throws ConfigError naming every missing or malformed variable. */
export function loadConfig(
  env: Record<string, string | undefined>,
  localConfigs: Record<string, string> = {},
): Config {
  const merged: Record<string, string | undefined> = { ...localConfigs };
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && value !== '') merged[key] = value;
  }
  const parsed = envSchema.safeParse(merged);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = issue.path.map(String).join('.') || '(environment)';
        return merged[name] === undefined && issue.code === 'invalid_type'
          ? `${name} is required but not set`
          : `${name} ${issue.message}`;
      }),
    );
  }
  const e = parsed.data;
  return {
    clientId: e.AAD_APP_CLIENT_ID.toLowerCase(),
    tenantId: e.AAD_APP_TENANT_ID.toLowerCase(),
    clientCredential: e.SECRET_AAD_APP_CLIENT_CERTIFICATE
      ? parseCertificateCredential(e.SECRET_AAD_APP_CLIENT_CERTIFICATE)
      : { kind: 'secret', clientSecret: e.SECRET_AAD_APP_CLIENT_SECRET! },
    authorityHost: e.AAD_APP_OAUTH_AUTHORITY_HOST,
    tabEndpoint: e.TAB_ENDPOINT,
    tabDomain: e.TAB_DOMAIN,
    appIdUri: `api://${e.TAB_DOMAIN}/${e.AAD_APP_CLIENT_ID.toLowerCase()}`,
    port: e.PORT,
    tls: e.SSL_CRT_FILE && e.SSL_KEY_FILE ? { certFile: e.SSL_CRT_FILE, keyFile: e.SSL_KEY_FILE } : null,
    graphBaseUrl: e.GRAPH_BASE_URL,
    allowedTenantIds: (e.ALLOWED_TENANT_IDS ?? [e.AAD_APP_TENANT_ID]).map((id) => id.toLowerCase()),
    teamsHostOrigins: e.TEAMS_HOST_ORIGINS,
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    logLevel: e.LOG_LEVEL,
    oboConsentRetryMs: e.OBO_CONSENT_RETRY_MS,
    redisUrl: e.REDIS_URL ?? null,
    saveLock: { leaseMs: e.SAVE_LOCK_LEASE_MS, waitMs: e.SAVE_LOCK_WAIT_MS },
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL }
      : { kind: 'pglite', dataDir: path.resolve(e.DATA_DIR ?? DEFAULT_DATA_DIR) },
    historyRetentionDays: e.HISTORY_RETENTION_DAYS,
    monitor: {
      intervalSeconds: e.MONITOR_INTERVAL_SECONDS,
      errorThreshold: e.MONITOR_ERROR_THRESHOLD,
      teamsAppId: e.TEAMS_APP_ID?.toLowerCase() ?? null,
    },
    applicationInsightsConnectionString: e.APPLICATIONINSIGHTS_CONNECTION_STRING ?? null,
    graphBudgetMs: 25_000,
    graphAttemptTimeoutMs: 10_000,
    graphMaxRetries: 3,
    graphRetryDelaySeconds: 3,
  };
}
