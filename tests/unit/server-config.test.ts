import { createHash, X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, readLocalConfigs } from '../../server/config';
import { makeAppCertificate } from '../support/appCertificate';

const CLIENT_ID = '5d50f10e-0000-4000-8000-00000000a991';
const TENANT_ID = 'c0a70de5-0000-4000-8000-000000000001';

const minimal = {
  AAD_APP_CLIENT_ID: CLIENT_ID,
  AAD_APP_TENANT_ID: TENANT_ID,
  SECRET_AAD_APP_CLIENT_SECRET: 'secret',
  TAB_ENDPOINT: 'https://localhost:53000',
  TAB_DOMAIN: 'localhost:53000',
};

function problemsOf(env: Record<string, string | undefined>, local: Record<string, string> = {}): string[] {
  try {
    loadConfig(env, local);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('the configuration was accepted');
}

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('server configuration', () => {
  it('fills the documented defaults for a real tenant', () => {
    const config = loadConfig(minimal);
    expect(config).toMatchObject({
      clientId: CLIENT_ID,
      tenantId: TENANT_ID,
      authorityHost: 'https://login.microsoftonline.com',
      graphBaseUrl: 'https://graph.microsoft.com',
      appIdUri: `api://localhost:53000/${CLIENT_ID}`,
      port: 53000,
      tls: null,
      allowedTenantIds: [TENANT_ID],
      teamsHostOrigins: [],
      rateLimitPerMinute: 300,
      logLevel: 'info',
      oboConsentRetryMs: [1000, 2000, 4000],
      redisUrl: null,
      saveLock: { leaseMs: 30_000, waitMs: 10_000 },
    });
  });

  it('shares state through Redis when REDIS_URL names one, with or without TLS', () => {
    const azure = 'rediss://:c2VjcmV0IGtleQ==@sds-profiles.redis.cache.windows.net:6380';
    expect(loadConfig({ ...minimal, REDIS_URL: azure }).redisUrl).toBe(azure);
    expect(loadConfig({ ...minimal, REDIS_URL: 'redis://localhost:6379/2' }).redisUrl).toBe(
      'redis://localhost:6379/2',
    );
    expect(
      loadConfig({ ...minimal, SAVE_LOCK_LEASE_MS: '45000', SAVE_LOCK_WAIT_MS: '5000' }).saveLock,
    ).toEqual({ leaseMs: 45_000, waitMs: 5000 });
  });

  it('refuses a REDIS_URL that is not one, without echoing its access key', () => {
    for (const value of [
      'https://sds-profiles.redis.cache.windows.net:6380',
      'sds-profiles.redis.cache.windows.net:6380',
      'redis://',
      'rediss://:secret-key@host:6380/cache/x',
    ]) {
      const problems = problemsOf({ ...minimal, REDIS_URL: value });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(
        /^REDIS_URL (must be a Redis URL such as rediss:\/\/|may end in a database number)/,
      );
      expect(problems[0]).not.toContain('secret-key');
    }
  });

  it('keeps the save lock within sensible bounds', () => {
    expect(problemsOf({ ...minimal, SAVE_LOCK_LEASE_MS: '10' })).toEqual([
      'SAVE_LOCK_LEASE_MS must be at least 1000 ms',
    ]);
    expect(problemsOf({ ...minimal, SAVE_LOCK_WAIT_MS: 'soon' })).toEqual([
      'SAVE_LOCK_WAIT_MS must be a whole number of milliseconds',
    ]);
  });

  it('reads the emulator configuration (hosts, lists, trailing slashes)', () => {
    const config = loadConfig({
      ...minimal,
      AAD_APP_OAUTH_AUTHORITY_HOST: 'https://localhost:53100/',
      GRAPH_BASE_URL: 'https://localhost:53101',
      ALLOWED_TENANT_IDS: `${TENANT_ID}, FAB01CA7-0000-4000-8000-000000000002`,
      TEAMS_HOST_ORIGINS: 'https://localhost:53102',
      OBO_CONSENT_RETRY_MS: '10,20',
      TAB_DOMAIN: 'LocalHost:53000',
    });
    expect(config.authorityHost).toBe('https://localhost:53100');
    expect(config.allowedTenantIds).toEqual([TENANT_ID, 'fab01ca7-0000-4000-8000-000000000002']);
    expect(config.teamsHostOrigins).toEqual(['https://localhost:53102']);
    expect(config.oboConsentRetryMs).toEqual([10, 20]);
    expect(config.appIdUri).toBe(`api://localhost:53000/${CLIENT_ID}`);
  });

  it('names every missing variable', () => {
    const problems = problemsOf({ TAB_DOMAIN: 'localhost:53000' });
    for (const name of ['AAD_APP_CLIENT_ID', 'AAD_APP_TENANT_ID', 'TAB_ENDPOINT']) {
      expect(problems).toContain(`${name} is required but not set`);
    }
    expect(problems).toContain(
      'SECRET_AAD_APP_CLIENT_SECRET is required but not set (or set SECRET_AAD_APP_CLIENT_CERTIFICATE to the PEM private key and certificate instead)',
    );
  });

  it.each([
    ['AAD_APP_CLIENT_ID', 'not-a-guid', /GUID/],
    ['AAD_APP_OAUTH_AUTHORITY_HOST', 'http://login.example', /https URL/],
    ['GRAPH_BASE_URL', 'ftp://graph', /https URL/],
    ['TAB_DOMAIN', 'https://localhost:53000', /no scheme/],
    ['PORT', '70000', /port number/],
    ['ALLOWED_TENANT_IDS', `${TENANT_ID},contoso`, /GUID/],
    ['TEAMS_HOST_ORIGINS', 'https://localhost:53102/page', /origin/],
    ['RATE_LIMIT_PER_MINUTE', '0', /./],
    ['LOG_LEVEL', 'loud', /./],
    ['OBO_CONSENT_RETRY_MS', '1s', /milliseconds/],
  ])('names a malformed %s', (name, value, message) => {
    const problems = problemsOf({ ...minimal, [name]: value });
    expect(problems.some((p) => p.startsWith(name) && message.test(p))).toBe(true);
  });

  it('wants both TLS files or neither, and existing ones', () => {
    expect(problemsOf({ ...minimal, SSL_CRT_FILE: '/nowhere/cert.pem' })).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^SSL_KEY_FILE .*set together/),
        expect.stringMatching(/^SSL_CRT_FILE .*does not exist/),
      ]),
    );
  });

  it('takes .localConfigs values only where the environment is silent', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sds-config-'));
    dirs.push(dir);
    writeFileSync(
      path.join(dir, '.localConfigs'),
      [
        '# written by teamsapp.local.yml',
        `AAD_APP_CLIENT_ID=${CLIENT_ID}`,
        'PORT=53999',
        'LOG_LEVEL=debug',
      ].join('\n'),
    );
    const local = readLocalConfigs(dir);
    const { AAD_APP_CLIENT_ID: _omitted, ...env } = minimal;
    const config = loadConfig({ ...env, PORT: '54000' }, local);
    expect(config.clientId).toBe(CLIENT_ID);
    expect(config.port).toBe(54000);
    expect(config.logLevel).toBe('debug');
  });

  it('reads no .localConfigs when there is none', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sds-config-'));
    dirs.push(dir);
    expect(readLocalConfigs(dir)).toEqual({});
  });
});

describe('the client credential: a secret or a certificate', () => {
  const { SECRET_AAD_APP_CLIENT_SECRET: _secret, ...withoutSecret } = minimal;
  const good = makeAppCertificate();

  it('takes a PEM private key and certificate, for msal-node with its SHA-256 thumbprint and x5c', () => {
    const config = loadConfig({ ...withoutSecret, SECRET_AAD_APP_CLIENT_CERTIFICATE: good.credentialPem });
    expect(config.clientCredential).toMatchObject({
      kind: 'certificate',
      thumbprintSha256: createHash('sha256')
        .update(new X509Certificate(good.certificatePem).raw)
        .digest('hex'),
      privateKey: expect.stringContaining('-----BEGIN PRIVATE KEY-----'),
      x5c: good.certificatePem.trim(),
    });
    expect(loadConfig(minimal).clientCredential).toEqual({ kind: 'secret', clientSecret: 'secret' });
  });

  it('takes the PEM with escaped newlines, as a one-line app setting carries it', () => {
    const oneLine = good.credentialPem.replace(/\r?\n/g, '\\n');
    expect(
      loadConfig({ ...withoutSecret, SECRET_AAD_APP_CLIENT_CERTIFICATE: oneLine }).clientCredential.kind,
    ).toBe('certificate');
  });

  it.each([
    [
      'both a secret and a certificate',
      { ...minimal, SECRET_AAD_APP_CLIENT_CERTIFICATE: good.credentialPem },
      /both set: set one/,
    ],
    [
      'a certificate without its key',
      { ...withoutSecret, SECRET_AAD_APP_CLIENT_CERTIFICATE: good.certificatePem },
      /one private key and its certificate \(found 0 private key/,
    ],
    [
      'a key without a certificate',
      { ...withoutSecret, SECRET_AAD_APP_CLIENT_CERTIFICATE: good.privateKeyPem },
      /found 1 private key\(s\) and 0 certificate/,
    ],
    [
      "another certificate's key",
      {
        ...withoutSecret,
        SECRET_AAD_APP_CLIENT_CERTIFICATE: `${makeAppCertificate().privateKeyPem}${good.certificatePem}`,
      },
      /does not belong to its \(first\) certificate/,
    ],
    [
      'an expired certificate',
      {
        ...withoutSecret,
        SECRET_AAD_APP_CLIENT_CERTIFICATE: makeAppCertificate({
          notBefore: new Date(Date.now() - 2 * 86_400_000),
          notAfter: new Date(Date.now() - 86_400_000),
        }).credentialPem,
      },
      /expired on \d{4}-/,
    ],
    [
      'an EC key',
      {
        ...withoutSecret,
        SECRET_AAD_APP_CLIENT_CERTIFICATE: makeAppCertificate({ keyType: 'ec' }).credentialPem,
      },
      /ec key: Entra client assertions need an RSA key/,
    ],
    [
      'an encrypted key',
      {
        ...withoutSecret,
        SECRET_AAD_APP_CLIENT_CERTIFICATE:
          '-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n',
      },
      /encrypted private key: give it unencrypted/,
    ],
  ])('refuses %s, saying what to fix and never repeating the key', (_name, env, message) => {
    const problems = problemsOf(env);
    expect(problems.join('\n')).toMatch(message);
    expect(problems.join('\n')).not.toContain('BEGIN');
  });
});
