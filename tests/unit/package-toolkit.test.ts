/**
 * The Toolkit lifecycle files (teamsapp.yml, teamsapp.local.yml, env/, infra/) checked offline:
 * every action is one the Toolkit knows with the inputs it takes, every `${{VAR}}` has a value by
 * the time an action needs it, and what provision and deploy hand the server is a configuration
 * the server accepts.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Metafile } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config';
import { isIgnored, PRODUCTION_COMMAND, readIgnorePatterns } from '../../scripts/artifact';
import {
  buildServer,
  bundledPackages,
  licenseText,
  packagesImportedBy,
  runtimeAssets,
} from '../../scripts/build-server';
import { parseEnvFile, placeholdersIn } from '../../scripts/package';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

type Action = {
  uses: string;
  name?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
  writeToEnvironmentFile?: Record<string, string>;
};
type ProjectFile = { version: string; environmentFolderPath?: string } & Partial<
  Record<'provision' | 'deploy' | 'publish', Action[]>
>;

/**
 * The inputs of each action we use, from the Toolkit's v1.8 yaml schema
 * (https://aka.ms/teams-toolkit/v1.8/yaml.schema.json); every `with` there is additionalProperties: false.
 */
const ACTIONS: Record<string, { required: string[]; optional?: string[]; outputs?: string[] }> = {
  'aadApp/create': {
    required: ['name', 'generateClientSecret', 'signInAudience'],
    optional: ['serviceManagementReference', 'clientSecretExpireDays', 'clientSecretDescription'],
    outputs: ['clientId', 'objectId', 'clientSecret', 'tenantId', 'authority', 'authorityHost'],
  },
  'aadApp/update': { required: ['manifestPath', 'outputFilePath'] },
  'arm/deploy': {
    required: ['subscriptionId', 'resourceGroupName', 'templates'],
    optional: ['bicepCliVersion'],
  },
  'teamsApp/create': { required: ['name'], outputs: ['teamsAppId'] },
  'teamsApp/validateManifest': { required: ['manifestPath'] },
  'teamsApp/zipAppPackage': { required: ['manifestPath', 'outputZipPath', 'outputFolder'] },
  'teamsApp/validateAppPackage': { required: ['appPackagePath'] },
  'teamsApp/update': { required: ['appPackagePath'] },
  'teamsApp/publishAppPackage': { required: ['appPackagePath'], outputs: ['publishedAppId'] },
  'cli/runNpmCommand': { required: ['args'], optional: ['workingDirectory'] },
  'azureAppService/zipDeploy': {
    required: ['artifactFolder', 'resourceId'],
    optional: ['workingDirectory', 'ignoreFile', 'dryRun', 'outputZipFile'],
  },
  'file/createOrUpdateEnvironmentFile': { required: ['envs', 'target'] },
  'devTool/install': {
    required: [],
    optional: ['devCert', 'func', 'dotnet', 'testTool'],
    outputs: ['sslCertFile', 'sslKeyFile'],
  },
};

/** Variables an action may meet empty: the Toolkit asks for them, or empty is meaningful. */
const MAY_BE_EMPTY = new Set(['APP_NAME_SUFFIX', 'AZURE_SUBSCRIPTION_ID', 'AZURE_RESOURCE_GROUP_NAME']);

const projects = [
  { file: 'teamsapp.local.yml', env: 'local' },
  { file: 'teamsapp.yml', env: 'dev' },
] as const;

const load = (file: string) => parseYaml(read(file)) as ProjectFile;
const actionsOf = (project: ProjectFile) =>
  (['provision', 'deploy', 'publish'] as const).flatMap((stage) =>
    (project[stage] ?? []).map((action, index) => ({ stage, index, action })),
  );

/** The files an action reads and fills placeholders in, besides its own inputs. */
function filesReadBy(action: Action): string[] {
  const w = action.with ?? {};
  switch (action.uses) {
    case 'aadApp/update':
    case 'teamsApp/validateManifest':
    case 'teamsApp/zipAppPackage':
      return [w.manifestPath as string];
    case 'arm/deploy':
      return (w.templates as { parameters?: string }[]).flatMap((t) => (t.parameters ? [t.parameters] : []));
    default:
      return [];
  }
}

function bicepOutputs(action: Action): string[] {
  const templates = (action.with?.templates ?? []) as { path: string }[];
  return templates.flatMap((t) => [...read(t.path).matchAll(/^output\s+([A-Z0-9_]+)\s/gm)].map((m) => m[1]!));
}

function outputsOf(action: Action): string[] {
  const written = Object.values(action.writeToEnvironmentFile ?? {});
  return action.uses === 'arm/deploy' ? [...written, ...bicepOutputs(action)] : written;
}

describe.each(projects)('$file', ({ file, env }) => {
  const project = load(file);

  it('uses the v1.8 project schema that both the Teams Toolkit and the Agents Toolkit read', () => {
    expect(project.version).toBe('v1.8');
    expect(read(file)).toContain(
      '# yaml-language-server: $schema=https://aka.ms/teams-toolkit/v1.8/yaml.schema.json',
    );
    expect(project.environmentFolderPath).toBe('./env');
  });

  it('calls only known actions, each with the inputs it takes', () => {
    for (const { stage, index, action } of actionsOf(project)) {
      const where = `${file} ${stage}[${index}] ${action.uses}`;
      const spec = ACTIONS[action.uses];
      expect(spec, `${where}: unknown action`).toBeDefined();
      expect(
        Object.keys(action).filter(
          (k) => !['uses', 'name', 'with', 'env', 'writeToEnvironmentFile'].includes(k),
        ),
        where,
      ).toEqual([]);
      const inputs = Object.keys(action.with ?? {});
      for (const required of spec!.required) expect(inputs, `${where} needs ${required}`).toContain(required);
      for (const input of inputs) {
        expect([...spec!.required, ...(spec!.optional ?? [])], `${where} takes no ${input}`).toContain(input);
      }
      for (const output of Object.keys(action.writeToEnvironmentFile ?? {})) {
        expect(spec!.outputs ?? [], `${where} writes no ${output}`).toContain(output);
      }
    }
  });

  it('points at files that exist', () => {
    for (const { action } of actionsOf(project)) {
      const w = action.with ?? {};
      const paths = [
        ...filesReadBy(action),
        ...((w.templates ?? []) as { path: string }[]).map((t) => t.path),
        ...(typeof w.ignoreFile === 'string' ? [w.ignoreFile] : []),
      ];
      for (const p of paths) expect(existsSync(path.join(ROOT, p)), `${action.uses}: ${p}`).toBe(true);
    }
  });

  it(`has a value for every \${{VAR}} by the time an action needs it (env/.env.${env})`, () => {
    const envFile = parseEnvFile(read(`env/.env.${env}`), `env/.env.${env}`);
    const known = new Set(['TEAMSFX_ENV']);
    for (const [key, value] of envFile) if (value !== '' || MAY_BE_EMPTY.has(key)) known.add(key);
    const unmet: string[] = [];
    for (const { stage, index, action } of actionsOf(project)) {
      // aadApp/update generates the access_as_user scope id when it is empty.
      if (action.uses === 'aadApp/update') known.add('AAD_APP_ACCESS_AS_USER_PERMISSION_ID');
      const used = [
        JSON.stringify(action.with ?? {}),
        JSON.stringify(action.env ?? {}),
        ...filesReadBy(action).map(read),
      ];
      for (const name of placeholdersIn(used.join('\n'))) {
        if (!known.has(name))
          unmet.push(`${stage}[${index}] ${action.uses} needs ${name} before anything sets it`);
      }
      for (const output of outputsOf(action)) known.add(output);
    }
    expect(unmet).toEqual([]);
  });

  it('writes no secret into the committed env file', () => {
    const envFile = parseEnvFile(read(`env/.env.${env}`), `env/.env.${env}`);
    expect([...envFile.keys()].filter((key) => key.startsWith('SECRET_'))).toEqual([]);
    for (const { action } of actionsOf(project)) {
      for (const [output, variable] of Object.entries(action.writeToEnvironmentFile ?? {})) {
        if (output === 'clientSecret') expect(variable).toMatch(/^SECRET_/);
      }
    }
  });
});

describe('every ${{VAR}} in the yml files and manifests', () => {
  it('is defined for the local environment', () => {
    const project = load('teamsapp.local.yml');
    const defined = new Set([
      'TEAMSFX_ENV',
      ...parseEnvFile(read('env/.env.local'), 'env/.env.local').keys(),
      ...actionsOf(project).flatMap(({ action }) => outputsOf(action)),
    ]);
    const used = ['teamsapp.local.yml', 'appPackage/manifest.json', 'aad.manifest.json'].flatMap((f) =>
      placeholdersIn(read(f)).map((name) => ({ f, name })),
    );
    expect(used.filter(({ name }) => !defined.has(name))).toEqual([]);
  });

  it('is defined for the dev environment, including the ARM parameters', () => {
    const project = load('teamsapp.yml');
    const defined = new Set([
      'TEAMSFX_ENV',
      ...parseEnvFile(read('env/.env.dev'), 'env/.env.dev').keys(),
      ...actionsOf(project).flatMap(({ action }) => outputsOf(action)),
    ]);
    const used = [
      'teamsapp.yml',
      'appPackage/manifest.json',
      'aad.manifest.json',
      'infra/azure.parameters.json',
    ].flatMap((f) => placeholdersIn(read(f)).map((name) => ({ f, name })));
    expect(used.filter(({ name }) => !defined.has(name))).toEqual([]);
  });
});

describe('what the server is given', () => {
  const requiredByServer = (() => {
    try {
      loadConfig({});
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      return error.problems.flatMap((p) => /^(\w+) is required but not set\b/.exec(p)?.[1] ?? []);
    }
    throw new Error('loadConfig accepted an empty environment');
  })();

  it('locally: .localConfigs from teamsapp.local.yml is a configuration the server accepts', () => {
    const step = load('teamsapp.local.yml').deploy!.find(
      (a) => a.uses === 'file/createOrUpdateEnvironmentFile',
    )!;
    expect(step.with!.target).toBe('./.localConfigs');
    const envFile = parseEnvFile(read('env/.env.local'), 'env/.env.local');
    const provisioned: Record<string, string> = {
      AAD_APP_CLIENT_ID: '66666666-7777-4888-9999-aaaaaaaaaaaa',
      SECRET_AAD_APP_CLIENT_SECRET: 'a client secret',
      AAD_APP_TENANT_ID: 'c0a70de5-0000-4000-8000-000000000001',
      AAD_APP_OAUTH_AUTHORITY_HOST: 'https://login.microsoftonline.com',
      TEAMS_APP_ID: '77777777-8888-4999-aaaa-bbbbbbbbbbbb',
      // Any existing files do: the server checks that the certificate files exist.
      SSL_CRT_FILE: import.meta.filename,
      SSL_KEY_FILE: import.meta.filename,
    };
    const localConfigs = Object.fromEntries(
      Object.entries(step.with!.envs as Record<string, string | number>).map(([key, value]) => [
        key,
        String(value).replace(
          /\$\{\{(\w+)\}\}/g,
          (_, name: string) => provisioned[name] ?? envFile.get(name) ?? '',
        ),
      ]),
    );
    expect(Object.keys(localConfigs)).toEqual(expect.arrayContaining(requiredByServer));
    const config = loadConfig({}, localConfigs);
    expect(config).toMatchObject({
      tabEndpoint: 'https://localhost:53000',
      tabDomain: 'localhost:53000',
      port: 53000,
      graphBaseUrl: 'https://graph.microsoft.com',
      allowedTenantIds: ['c0a70de5-0000-4000-8000-000000000001'],
      tls: { certFile: import.meta.filename, keyFile: import.meta.filename },
      // teamsApp/create's id: without it the monitor's alerts are not sent.
      monitor: { teamsAppId: '77777777-8888-4999-aaaa-bbbbbbbbbbbb' },
    });
  });

  it('on App Service: the app settings in infra/azure.bicep cover every variable the server requires', () => {
    const bicep = read('infra/azure.bicep');
    const block = /name: 'appsettings'\s*properties: \{([\s\S]*?)\n {2}\}/.exec(bicep)?.[1] ?? '';
    const settings = [...block.matchAll(/^\s{4}([A-Z][A-Z0-9_]*):/gm)].map((m) => m[1]!);
    expect(requiredByServer.length).toBeGreaterThan(0);
    expect(settings).toEqual(expect.arrayContaining(requiredByServer));
    // Optional for the server, but without it the monitor's alerts are not sent.
    expect(settings).toContain('TEAMS_APP_ID');
    expect(read('infra/azure.parameters.json')).toContain('${{TEAMS_APP_ID}}');
    // TLS ends at App Service's front end: no certificate files, the server listens on plain HTTP.
    expect(settings).not.toContain('SSL_CRT_FILE');
    expect(bicep).toMatch(/linuxFxVersion: 'NODE\|20-lts'/);
    expect(bicep).toMatch(/httpsOnly: true/);
    // Plain Node runs the built server (decision 003), as scripts/artifact.ts starts it.
    expect(bicep).toContain(`appCommandLine: 'node ${PRODUCTION_COMMAND.join(' ')}'`);
  });
});

describe('the App Service upload (infra/.webappignore)', () => {
  const patterns = readIgnorePatterns();
  // One build's metafile for the checks below (esbuild takes a few seconds for the bundle).
  let serverBuild: Metafile;
  beforeAll(async () => {
    serverBuild = await buildServer({ write: false });
  }, 60_000);
  const topLevel = [
    ...new Set([
      ...execFileSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' })
        .split('\n')
        .filter(Boolean)
        .map((file) => file.split('/')[0]!),
      // Made locally, never committed.
      'node_modules',
      '.localConfigs',
      '.local',
      'test-results',
      'playwright-report',
    ]),
  ];
  const isDirectory = (name: string) =>
    existsSync(path.join(ROOT, name)) && statSync(path.join(ROOT, name)).isDirectory();

  it('is the built server, the built tab, package.json and the lock file, nothing else', () => {
    const kept = topLevel.filter((name) => !isIgnored(patterns, name, isDirectory(name)));
    expect(kept.sort()).toEqual(['package-lock.json', 'package.json']);
    for (const built of ['dist', 'dist/server', 'dist/tab', 'dist/tab/assets']) {
      expect(isIgnored(patterns, built, true), built).toBe(false);
    }
    for (const file of ['dist/server/index.js', 'dist/server/index.js.map', 'dist/tab/index.html']) {
      expect(isIgnored(patterns, file, false), file).toBe(false);
    }
  });

  it('declares in dependencies exactly the packages the built server imports at run time', () => {
    const pkg = JSON.parse(read('package.json')) as { dependencies: Record<string, string> };
    const imported = packagesImportedBy(serverBuild);
    const declared = Object.keys(pkg.dependencies).sort();
    expect({
      importedButNotDeclared: imported.filter((name) => !declared.includes(name)),
      declaredButNotImported: declared.filter((name) => !imported.includes(name)),
    }).toEqual({ importedButNotDeclared: [], declaredButNotImported: [] });
  });

  it('bundles only packages the lock file pins for development, so the production install leaves them out', () => {
    const lock = JSON.parse(read('package-lock.json')) as {
      packages: Record<string, { version: string; dev?: boolean }>;
    };
    const bundled = bundledPackages(serverBuild);
    expect(bundled.map((p) => p.name)).toEqual(
      expect.arrayContaining(['express', 'kysely', '@electric-sql/pglite']),
    );
    const problems = bundled.flatMap(({ name, dir }) => {
      const entry = lock.packages[path.relative(ROOT, dir).split(path.sep).join('/')];
      if (!entry) return [`${name} is not in package-lock.json`];
      if (!entry.dev) return [`${name} is bundled and also installed for production`];
      return [];
    });
    expect(problems).toEqual([]);
  });

  it("ships the files bundled packages load beside their code (PGlite's core, no extension) and every bundled licence", () => {
    const metafile = serverBuild;
    const assets = runtimeAssets(metafile).map(({ to }) => path.basename(to));
    expect(assets).toEqual(expect.arrayContaining(['pglite.wasm', 'pglite.data', 'initdb.wasm']));
    expect(assets.filter((file) => !/\.(wasm|data)$/.test(file))).toEqual([]);
    const notices = licenseText(bundledPackages(metafile));
    for (const { dir } of bundledPackages(metafile)) {
      const { name, version } = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
        name: string;
        version: string;
      };
      expect(notices, name).toContain(`${name}@${version}: `);
    }
    expect(notices).toContain('Apache License');
    expect(notices).not.toContain('no licence named');
  });

  it('loads the telemetry SDK only when telemetry is configured (a chunk of its own, imported dynamically)', () => {
    const { outputs } = serverBuild;
    const entry = Object.keys(outputs).find((file) => file.endsWith('dist/server/index.js'))!;
    // Every output the entry loads at start: itself, its static imports, and theirs.
    const loaded = new Set<string>([entry]);
    const visit = (file: string) => {
      for (const entryImport of outputs[file]!.imports) {
        if (entryImport.kind !== 'import-statement' || entryImport.external || loaded.has(entryImport.path)) {
          continue;
        }
        loaded.add(entryImport.path);
        visit(entryImport.path);
      }
    };
    visit(entry);
    const sdk =
      /node_modules\/(@azure\/monitor-opentelemetry-exporter|@opentelemetry\/(sdk|resources|context))/;
    const inputsOf = (files: Iterable<string>) =>
      [...files].flatMap((file) => Object.keys(outputs[file]!.inputs));
    expect(inputsOf(loaded).filter((input) => sdk.test(input))).toEqual([]);
    expect(inputsOf(loaded).some((input) => input.includes('node_modules/@opentelemetry/api/'))).toBe(true);
    const lazy = Object.keys(outputs).filter((file) => !loaded.has(file) && file.endsWith('.js'));
    expect(inputsOf(lazy).filter((input) => sdk.test(input)).length).toBeGreaterThan(0);
  });

  it('bundles only code the repository holds or installs: no server import reaches a folder of the tab or the emulator', () => {
    const metafile = serverBuild;
    const sources = Object.keys(metafile.inputs);
    expect(sources.filter((file) => !/^(server|contracts|node_modules)\//.test(file))).toEqual([]);
  });
});

describe('package.json', () => {
  const pkg = JSON.parse(read('package.json')) as {
    dependencies: Record<string, string>;
    devDependencies: Record<string, string>;
  };

  it('declares every package any of our TypeScript imports (scripts, tests, bench and emulator too)', () => {
    const declared = new Set([...Object.keys(pkg.dependencies), ...Object.keys(pkg.devDependencies)]);
    const undeclared: string[] = [];
    const dirs = ['server', 'contracts', 'emulator', 'src', 'scripts', 'tests', 'bench'];
    const files = [
      ...dirs.flatMap((dir) => typescriptFiles(dir)),
      ...readdirSync(ROOT)
        .filter((f) => f.endsWith('.ts'))
        .map((f) => path.join(ROOT, f)),
    ];
    for (const file of files) {
      const source = readFileSync(file, 'utf8');
      const specifiers = [
        ...source.matchAll(/^\s*(?:import|export)\s+(?:type\s+)?[^'";]*?from\s+'([^']+)'/gm),
        ...source.matchAll(/^\s*import\s+'([^']+)'/gm),
        ...source.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g),
      ].map((match) => match[1]!);
      for (const specifier of specifiers) {
        if (specifier.startsWith('.') || specifier.startsWith('node:') || specifier.startsWith('/')) continue;
        const name = specifier.startsWith('@')
          ? specifier.split('/').slice(0, 2).join('/')
          : specifier.split('/')[0]!;
        if (!declared.has(name)) undeclared.push(`${path.relative(ROOT, file)} imports ${name}`);
      }
    }
    expect(undeclared).toEqual([]);
  });

  it('keeps build and test tools out of the production install', () => {
    for (const tool of [
      'tsx',
      'esbuild',
      'vite',
      'react',
      '@fluentui/react-components',
      'node-forge',
      'playwright-core',
    ]) {
      expect(Object.keys(pkg.dependencies), tool).not.toContain(tool);
    }
  });
});

describe('git', () => {
  it('ignores the secrets, the generated configuration and the build output', () => {
    const gitignore = read('.gitignore').split('\n');
    expect(gitignore).toEqual(
      expect.arrayContaining(['env/.env.*.user', '.localConfigs', 'appPackage/build/']),
    );
  });
});

function typescriptFiles(dir: string): string[] {
  const full = path.join(ROOT, dir);
  return readdirSync(full).flatMap((name) => {
    const entry = path.join(full, name);
    if (statSync(entry).isDirectory()) return typescriptFiles(path.join(dir, name));
    return name.endsWith('.ts') ? [entry] : [];
  });
}
