/**
 * scripts/package.ts as a user meets it: where values come from, and the messages when one is
 * missing. Each test packages a copy of appPackage/ with its own env files in a temporary folder.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoApp } from '../../emulator/directory';
import {
  buildAppPackage,
  LOCAL_DEV_DEFAULTS,
  PackageError,
  parseArgs,
  parseEnvFile,
} from '../../scripts/package';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

const COMPLETE_ENV = [
  'APP_NAME_SUFFIX=',
  'TEAMS_APP_ID=0b9c0d2e-6f1a-4c3b-9d8e-7a6b5c4d3e2f',
  'AAD_APP_CLIENT_ID=3e1f2a4b-5c6d-4e7f-8a9b-0c1d2e3f4a5b',
  'TAB_DOMAIN=tab.contoso.edu',
  'TAB_ENDPOINT=https://tab.contoso.edu',
].join('\n');

let root: string;
beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'sds-package-script-'));
  cpSync(path.join(ROOT, 'appPackage'), path.join(root, 'appPackage'), {
    recursive: true,
    filter: (source) => !source.includes(`${path.sep}build`),
  });
  mkdirSync(path.join(root, 'env'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const writeEnv = (name: string, text: string) => writeFileSync(path.join(root, 'env', name), `${text}\n`);
const build = (env: string, processEnv: NodeJS.ProcessEnv = {}) => buildAppPackage({ env, root, processEnv });

async function failure(promise: Promise<unknown>): Promise<PackageError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PackageError);
  return error as PackageError;
}

describe('a placeholder with no value', () => {
  it('fails the package, naming the placeholder and the file to set it in', async () => {
    writeEnv('.env.staging', COMPLETE_ENV.replace('TAB_DOMAIN=tab.contoso.edu', 'TAB_DOMAIN='));
    const error = await failure(build('staging'));
    expect(error.message).toContain(
      'appPackage/manifest.json uses a placeholder with no value for environment "staging"',
    );
    expect(error.message).toContain('TAB_DOMAIN is empty in env/.env.staging: set it in env/.env.staging');
    expect(error.message).toContain('teamsapp provision --env staging');
    expect(existsSync(path.join(root, 'appPackage', 'build', 'appPackage.staging.zip'))).toBe(false);
  });

  it('names every missing placeholder at once, including ones no file mentions', async () => {
    writeEnv('.env.staging', 'APP_NAME_SUFFIX=\nTAB_ENDPOINT=https://tab.contoso.edu');
    const { message } = await failure(build('staging'));
    for (const name of ['TEAMS_APP_ID', 'TAB_DOMAIN', 'AAD_APP_CLIENT_ID']) {
      expect(message).toContain(`${name} is not set anywhere: set it in env/.env.staging`);
    }
    expect(message).not.toContain('TAB_ENDPOINT');
  });

  it('sends secrets to the .user file', async () => {
    const manifest = readFileSync(path.join(root, 'appPackage', 'manifest.json'), 'utf8');
    writeFileSync(
      path.join(root, 'appPackage', 'manifest.json'),
      manifest.replace('"version": "0.1.0"', '"version": "${{SECRET_VERSION}}"'),
    );
    writeEnv('.env.staging', COMPLETE_ENV);
    const { message } = await failure(build('staging'));
    expect(message).toContain('SECRET_VERSION is not set anywhere: set it in env/.env.staging.user');
  });

  it('is also caught when the process environment sets it empty', async () => {
    writeEnv('.env.staging', COMPLETE_ENV);
    const { message } = await failure(build('staging', { TEAMS_APP_ID: '' }));
    expect(message).toContain('TEAMS_APP_ID is empty in the process environment');
  });
});

describe('where values come from', () => {
  it('takes the env file, then the .user file, then the process environment', async () => {
    writeEnv('.env.staging', COMPLETE_ENV);
    writeEnv('.env.staging.user', 'TAB_DOMAIN=user.contoso.edu\nTAB_ENDPOINT=https://user.contoso.edu');
    const fromUser = await build('staging');
    expect(fromUser.manifest.validDomains).toEqual(['user.contoso.edu']);
    expect(fromUser.manifest.id).toBe('0b9c0d2e-6f1a-4c3b-9d8e-7a6b5c4d3e2f');
    const fromProcess = await build('staging', {
      TAB_DOMAIN: 'process.contoso.edu',
      TAB_ENDPOINT: 'https://process.contoso.edu',
    });
    expect(fromProcess.manifest.validDomains).toEqual(['process.contoso.edu']);
    expect((fromProcess.manifest.developer as { privacyUrl: string }).privacyUrl).toBe(
      'https://process.contoso.edu/privacy',
    );
  });

  it('checks that every tab page is on a valid domain', async () => {
    writeEnv('.env.staging', COMPLETE_ENV);
    const { message } = await failure(build('staging', { TAB_ENDPOINT: 'https://elsewhere.contoso.edu' }));
    expect(message).toContain(
      'dashboard contentUrl https://elsewhere.contoso.edu/tab?theme={theme}&locale={locale} is not on a domain listed in validDomains',
    );
  });

  it('uses the emulator registration for local only while the ids are empty', async () => {
    writeEnv(
      '.env.local',
      COMPLETE_ENV.replace(/TEAMS_APP_ID=.*/, 'TEAMS_APP_ID=').replace(
        /AAD_APP_CLIENT_ID=.*/,
        'AAD_APP_CLIENT_ID=',
      ),
    );
    const fresh = await build('local');
    expect(fresh.manifest.id).toBe(LOCAL_DEV_DEFAULTS.TEAMS_APP_ID);
    expect((fresh.manifest.webApplicationInfo as { id: string }).id).toBe(demoApp.clientId);
    expect(fresh.notices).toHaveLength(1);

    writeEnv('.env.local', COMPLETE_ENV);
    const provisioned = await build('local');
    expect(provisioned.manifest.id).toBe('0b9c0d2e-6f1a-4c3b-9d8e-7a6b5c4d3e2f');
    expect(provisioned.notices).toEqual([]);
  });

  it('gives other environments no fallback', async () => {
    writeEnv('.env.staging', COMPLETE_ENV.replace(/TEAMS_APP_ID=.*/, 'TEAMS_APP_ID='));
    expect((await failure(build('staging'))).message).toContain('TEAMS_APP_ID is empty in env/.env.staging');
  });

  it('escapes values for JSON', async () => {
    writeEnv('.env.staging', `${COMPLETE_ENV}\nAPP_NAME_SUFFIX=' "beta" \\ test'`);
    const result = await build('staging');
    expect((result.manifest.name as { short: string }).short).toBe('SDS Profiles "beta" \\ test');
  });
});

describe('an invalid result', () => {
  it('is refused with the schema problem, not zipped', async () => {
    writeEnv(
      '.env.staging',
      COMPLETE_ENV.replace('TEAMS_APP_ID=0b9c0d2e-6f1a-4c3b-9d8e-7a6b5c4d3e2f', 'TEAMS_APP_ID=not-a-guid'),
    );
    const { message } = await failure(build('staging'));
    expect(message).toContain('The filled manifest for environment "staging" is not valid');
    expect(message).toContain('/id must match pattern');
    expect(existsSync(path.join(root, 'appPackage', 'build', 'appPackage.staging.zip'))).toBe(false);
  });

  it('is refused when the SSO resource is not on the tab domain', async () => {
    writeEnv('.env.staging', COMPLETE_ENV);
    const manifest = readFileSync(path.join(root, 'appPackage', 'manifest.json'), 'utf8');
    writeFileSync(
      path.join(root, 'appPackage', 'manifest.json'),
      manifest.replace('"resource": "api://${{TAB_DOMAIN}}/', '"resource": "api://elsewhere.contoso.edu/'),
    );
    expect((await failure(build('staging'))).message).toContain('webApplicationInfo.resource');
  });

  it('is refused when an icon has the wrong size', async () => {
    writeEnv('.env.staging', COMPLETE_ENV);
    cpSync(path.join(root, 'appPackage', 'outline.png'), path.join(root, 'appPackage', 'color.png'));
    expect((await failure(build('staging'))).message).toContain(
      'icons.color: color.png is 32x32, Teams needs 192x192',
    );
  });
});

describe('the environment name and files', () => {
  it('names the missing env file and the environments there are', async () => {
    writeEnv('.env.local', COMPLETE_ENV);
    const { message } = await failure(build('prod'));
    expect(message).toBe(
      'There is no environment "prod": env/.env.prod does not exist. Environments here: local.',
    );
  });

  it('points at the malformed line of an env file', () => {
    expect(() => parseEnvFile('# comment\nA=1\nnot a setting\n', 'env/.env.x')).toThrow(
      'env/.env.x:3: expected KEY=VALUE, got "not a setting"',
    );
  });

  it('reads quotes, comments and export like dotenv', () => {
    const values = parseEnvFile(
      ['export A=1', 'B=" (local)"', "C='#not a comment'", 'D=value # comment', 'E='].join('\n'),
      'f',
    );
    expect(Object.fromEntries(values)).toEqual({
      A: '1',
      B: ' (local)',
      C: '#not a comment',
      D: 'value',
      E: '',
    });
  });

  it('explains the command line', () => {
    expect(() => parseArgs([])).toThrow(
      'Say which environment to package. Usage: npm run package -- --env <local|dev>',
    );
    expect(() => parseArgs(['--env'])).toThrow('--env needs a value');
    expect(() => parseArgs(['local'])).toThrow('Unknown argument "local"');
    expect(parseArgs(['--env=dev'])).toEqual({ env: 'dev' });
  });
});

describe('npm run package (the real command, as a new user runs it)', () => {
  const run = (args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'scripts/package.ts', ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
    });

  it('packages the local environment from the committed files', () => {
    const result = run(['--env', 'local']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(
      'Packaged SDS Profiles for environment "local" (manifest schema v1.30: valid)',
    );
    expect(result.stdout).toContain(path.join('appPackage', 'build', 'appPackage.local.zip'));
    expect(existsSync(path.join(ROOT, 'appPackage', 'build', 'appPackage.local.zip'))).toBe(true);
  });

  it('exits 1 with the message on a bad command line', () => {
    const result = run(['--env', 'no-such-env']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('npm run package failed: There is no environment "no-such-env"');
  });
});
