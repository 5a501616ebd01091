/**
 * The Teams app package as `npm run package` builds it: the filled manifest is valid against the
 * official schema (offline), points at the pages the app serves, and the zip holds exactly the
 * manifest and the two icons.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appIdUri, demoApp } from '../../emulator/directory';
import {
  buildAppPackage,
  fillPlaceholders,
  loadEnvironment,
  validateAgainstSchema,
  type PackageResult,
} from '../../scripts/package';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

/** What `teamsapp provision --env dev` would have written, for packaging the dev environment. */
const PROVISIONED_DEV = {
  TEAMS_APP_ID: '0b9c0d2e-6f1a-4c3b-9d8e-7a6b5c4d3e2f',
  AAD_APP_CLIENT_ID: '3e1f2a4b-5c6d-4e7f-8a9b-0c1d2e3f4a5b',
  TAB_DOMAIN: 'sds-profiles-abc123.azurewebsites.net',
  TAB_ENDPOINT: 'https://sds-profiles-abc123.azurewebsites.net',
};

let outDir: string;
let local: PackageResult;

beforeAll(async () => {
  outDir = mkdtempSync(path.join(os.tmpdir(), 'sds-package-'));
  local = await buildAppPackage({ env: 'local', outDir, processEnv: {} });
});
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('the local package (npm run package -- --env local, from a clean checkout)', () => {
  it('validates against the official Teams schema, offline', () => {
    const written = JSON.parse(readFileSync(local.manifestPath, 'utf8')) as Record<string, unknown>;
    expect(validateAgainstSchema(written)).toEqual([]);
    expect(path.basename(local.manifestPath)).toBe('manifest.local.json');
    expect(path.basename(local.zipPath)).toBe('appPackage.local.zip');
  });

  it('uses the newest manifest schema that @microsoft/app-manifest ships', () => {
    const pkg = createRequire(import.meta.url).resolve('@microsoft/app-manifest/package.json');
    const versions = readdirSync(path.join(path.dirname(pkg), 'build', 'json-schemas', 'teams'))
      .filter((name) => /^v\d+\.\d+$/.test(name))
      .map((name) => name.slice(1))
      .sort((a, b) => {
        const [aMajor, aMinor] = a.split('.').map(Number) as [number, number];
        const [bMajor, bMinor] = b.split('.').map(Number) as [number, number];
        return aMajor - bMajor || aMinor - bMinor;
      });
    expect(local.manifest.manifestVersion).toBe(versions.at(-1));
  });

  it('zips exactly manifest.json and the two icons, with the filled manifest', async () => {
    const zip = await JSZip.loadAsync(readFileSync(local.zipPath));
    const names = Object.keys(zip.files).sort();
    expect(names).toEqual(['color.png', 'manifest.json', 'outline.png']);
    expect(await zip.file('manifest.json')!.async('string')).toBe(readFileSync(local.manifestPath, 'utf8'));
    for (const icon of ['color.png', 'outline.png']) {
      const zipped = await zip.file(icon)!.async('nodebuffer');
      expect(zipped.equals(readFileSync(path.join(ROOT, 'appPackage', icon))), icon).toBe(true);
    }
  });

  it('asks for SSO with the App ID URI that aad.manifest.json registers', () => {
    const env = loadEnvironment('local', { processEnv: {} });
    // Ids provision would write; the rest from env/.env.local.
    const values = (name: string) =>
      ({ AAD_APP_CLIENT_ID: demoApp.clientId })[name] ||
      env.lookup(name)?.value ||
      '00000000-0000-4000-8000-000000000000';
    const aad = JSON.parse(fillPlaceholders(read('aad.manifest.json'), values, { file: 'aad', env })) as {
      identifierUris: string[];
    };
    const sso = local.manifest.webApplicationInfo as { id: string; resource: string };
    expect(aad.identifierUris).toEqual([sso.resource]);
    expect(sso).toEqual({ id: demoApp.clientId, resource: appIdUri('localhost:53000') });
  });

  it("lists the tab's domain and serves every page from it", () => {
    const m = local.manifest as {
      validDomains: string[];
      developer: Record<string, string>;
      staticTabs: Record<string, unknown>[];
      configurableTabs: Record<string, unknown>[];
    };
    expect(m.validDomains).toEqual(['localhost:53000']);
    expect(m.developer.privacyUrl).toBe('https://localhost:53000/privacy');
    expect(m.developer.termsOfUseUrl).toBe('https://localhost:53000/terms');
    expect(m.configurableTabs).toEqual([
      {
        id: 'profiles',
        configurationUrl: 'https://localhost:53000/config?theme={theme}&locale={locale}',
        canUpdateConfiguration: true,
        scopes: ['team', 'groupChat'],
        context: ['channelTab', 'privateChatTab'],
      },
    ]);
    expect(m.staticTabs).toEqual([
      expect.objectContaining({
        entityId: 'dashboard',
        // Teams fills {theme} in, so the tab starts in the right theme without a flash.
        contentUrl: 'https://localhost:53000/tab?theme={theme}&locale={locale}',
        // Mobile falls back to websiteUrl, so the personal tab must have one.
        websiteUrl: 'https://localhost:53000/tab',
        scopes: ['personal'],
      }),
    ]);
  });

  it('describes the product, including the Graph API retirement', () => {
    const { short, full } = local.manifest.description as { short: string; full: string };
    expect(short).toMatch(/School Data Sync/);
    expect(short).toMatch(/status at a glance/);
    expect(short).toMatch(/safe editing/);
    expect(full).toMatch(/retired on 31 December 2024/);
    expect(full).toMatch(/request id/);
  });

  it('falls back to the emulator registration only while env/.env.local has no ids', () => {
    expect(local.manifest.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(local.notices.join(' ')).toMatch(
      /TEAMS_APP_ID and AAD_APP_CLIENT_ID are empty in env\/.env.local/,
    );
  });
});

describe('the dev package, once provisioned', () => {
  it('validates, with the App Service domain everywhere', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sds-package-dev-'));
    try {
      const dev = await buildAppPackage({ env: 'dev', outDir: dir, processEnv: PROVISIONED_DEV });
      expect(dev.notices).toEqual([]);
      expect(dev.manifest.id).toBe(PROVISIONED_DEV.TEAMS_APP_ID);
      expect(dev.manifest.validDomains).toEqual([PROVISIONED_DEV.TAB_DOMAIN]);
      expect((dev.manifest.name as { short: string }).short).toBe('SDS Profiles');
      expect((dev.manifest.webApplicationInfo as { resource: string }).resource).toBe(
        `api://${PROVISIONED_DEV.TAB_DOMAIN}/${PROVISIONED_DEV.AAD_APP_CLIENT_ID}`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the schema check', () => {
  it('reports what breaks the schema', () => {
    const broken = structuredClone(local.manifest) as Record<string, unknown> & {
      configurableTabs: { scopes: string[] }[];
    };
    broken.configurableTabs[0]!.scopes = ['personal'];
    broken.accentColor = 'blue';
    const problems = validateAgainstSchema(broken).join('\n');
    expect(problems).toMatch(/\/configurableTabs\/0\/scopes\/0/);
    expect(problems).toMatch(/\/accentColor/);
  });

  it('insists that $schema matches manifestVersion', () => {
    const mismatched = { ...local.manifest, manifestVersion: '1.24' };
    expect(validateAgainstSchema(mismatched).join('\n')).toMatch(/\/\$schema must be .*v1\.24/);
  });
});
