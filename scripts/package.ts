/**
 * `npm run package -- --env local|dev`: builds the Teams app package offline, the way the Toolkit's
 * `teamsApp/zipAppPackage` does, and checks it the way `teamsApp/validateManifest` would.
 *
 *  1. Reads the environment: env/.env.<env>, then env/.env.<env>.user (secrets), then process.env;
 *     a later source wins.
 *  2. Fills every `${{NAME}}` in appPackage/manifest.json, and stops with a message naming each
 *     placeholder that has no value and the file to set it in.
 *  3. Validates the filled manifest against the official JSON schema of its `manifestVersion`, as
 *     shipped in @microsoft/app-manifest (no network), then checks what the schema cannot: icon
 *     sizes and colours, and that the SSO resource and the tab URLs are on a valid domain.
 *  4. Writes appPackage/build/manifest.<env>.json and appPackage/build/appPackage.<env>.zip
 *     (manifest.json, the two icons and the language files of localizationInfo, nothing else).
 *
 * A fresh clone has no Teams app id or Entra client id until `teamsapp provision --env local`
 * runs, so for `local` only, those two fall back to the local emulator's dev-only registration
 * (docs/decisions/020-app-package-offline-and-local-defaults.md).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import JSZip from 'jszip';
import { PNG } from 'pngjs';
import { demoApp } from '../emulator/directory';

const ROOT = path.resolve(import.meta.dirname, '..');

export class PackageError extends Error {
  override name = 'PackageError';
}

/** `${{NAME}}`, the Toolkit's placeholder syntax (spaces inside the braces are tolerated, as there). */
const PLACEHOLDER = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** Placeholders that may legitimately be empty: an empty suffix just means no suffix. */
const MAY_BE_EMPTY = new Set(['APP_NAME_SUFFIX']);

/**
 * What `local` uses while env/.env.local still has empty ids: the emulator's registration. Valid
 * against the emulator only; `teamsapp provision --env local` writes the real ones.
 */
export const LOCAL_DEV_DEFAULTS: Readonly<Record<string, string>> = {
  TEAMS_APP_ID: '5d50f10e-0000-4000-8000-00000000a990',
  AAD_APP_CLIENT_ID: demoApp.clientId,
};

/** Teams' icon sizes (manifest schema `icons` descriptions). */
const ICON_SIZES: Readonly<Record<string, number>> = { color: 192, outline: 32, color32x32: 32 };

// ---------------------------------------------------------------------------------------------
// Environment files

/** Parses a dotenv file the way the Toolkit's env files are written: KEY=VALUE, # comments, quotes. */
export function parseEnvFile(text: string, label: string): Map<string, string> {
  const values = new Map<string, string>();
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!match) {
      throw new PackageError(`${label}:${index + 1}: expected KEY=VALUE, got "${line}"`);
    }
    values.set(match[1]!, unquote(match[2]!));
  });
  return values;
}

function unquote(value: string): string {
  const quote = value[0];
  if ((quote === '"' || quote === "'") && value.length >= 2 && value.endsWith(quote)) {
    const inner = value.slice(1, -1);
    return quote === '"' ? inner.replace(/\\n/g, '\n') : inner;
  }
  // Unquoted: a ` #` starts a comment, as in dotenv.
  return value.replace(/\s+#.*$/, '').trim();
}

export type Environment = {
  name: string;
  /** The value of a variable and where it came from, or undefined when nothing sets it. */
  lookup(name: string): { value: string; source: string } | undefined;
  /** Where a variable should be set: the .user file for secrets, as the Toolkit routes them. */
  fileFor(name: string): string;
};

export function loadEnvironment(
  name: string,
  options: { root?: string; processEnv?: NodeJS.ProcessEnv } = {},
): Environment {
  const root = options.root ?? ROOT;
  const processEnv = options.processEnv ?? process.env;
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(name)) {
    throw new PackageError(`--env must be an environment name such as local or dev, got "${name}"`);
  }
  const envFile = `env/.env.${name}`;
  const userFile = `${envFile}.user`;
  if (!existsSync(path.join(root, envFile))) {
    throw new PackageError(
      `There is no environment "${name}": ${envFile} does not exist. ` +
        `Environments here: ${listEnvironments(root).join(', ') || 'none'}.`,
    );
  }
  const fromFile = parseEnvFile(readFileSync(path.join(root, envFile), 'utf8'), envFile);
  const fromUserFile = existsSync(path.join(root, userFile))
    ? parseEnvFile(readFileSync(path.join(root, userFile), 'utf8'), userFile)
    : new Map<string, string>();

  return {
    name,
    lookup(variable) {
      const fromProcess = processEnv[variable];
      if (fromProcess !== undefined) return { value: fromProcess, source: 'the process environment' };
      if (fromUserFile.has(variable)) return { value: fromUserFile.get(variable)!, source: userFile };
      if (fromFile.has(variable)) return { value: fromFile.get(variable)!, source: envFile };
      // The Toolkit always defines the environment's own name.
      if (variable === 'TEAMSFX_ENV') return { value: name, source: 'the environment name' };
      return undefined;
    },
    fileFor: (variable) => (variable.startsWith('SECRET_') ? userFile : envFile),
  };
}

function listEnvironments(root: string): string[] {
  const dir = path.join(root, 'env');
  if (!existsSync(dir)) return [];
  return ['local', 'dev'].filter((e) => existsSync(path.join(dir, `.env.${e}`)));
}

// ---------------------------------------------------------------------------------------------
// Placeholders

/** Every distinct `${{NAME}}` in a text, in order of first use. */
export function placeholdersIn(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
}

/**
 * Replaces every `${{NAME}}` in a JSON text with its value (JSON-escaped, since placeholders sit
 * inside JSON strings). Fails naming every placeholder without a value, and where to set it.
 */
export function fillPlaceholders(
  text: string,
  values: (name: string) => string | undefined,
  describe: { file: string; env: Environment },
): string {
  const missing = placeholdersIn(text).filter((name) => {
    const value = values(name);
    return value === undefined || (value === '' && !MAY_BE_EMPTY.has(name));
  });
  if (missing.length > 0) {
    const { env } = describe;
    const lines = missing.map((name) => {
      const found = env.lookup(name);
      const state = found ? `is empty in ${found.source}` : 'is not set anywhere';
      return `  - ${name} ${state}: set it in ${env.fileFor(name)}`;
    });
    throw new PackageError(
      `${describe.file} uses ${missing.length === 1 ? 'a placeholder' : 'placeholders'} with no value ` +
        `for environment "${env.name}":\n${lines.join('\n')}\n` +
        `Provisioning writes most of them: teamsapp provision --env ${env.name} (or atk provision --env ${env.name}).`,
    );
  }
  return text.replace(PLACEHOLDER, (_, name: string) => JSON.stringify(values(name) ?? '').slice(1, -1));
}

// ---------------------------------------------------------------------------------------------
// Validation

type Validator = ((data: unknown) => boolean) & {
  errors?: { instancePath: string; message?: string; params?: unknown }[] | null;
};

/**
 * Validates a Teams manifest against the official schema for its `manifestVersion`, offline.
 *
 * The schemas come from @microsoft/app-manifest, compiled with the same validator and options as
 * its `AppManifestUtils.validateAgainstSchema` (ajv-draft-04, all errors, uri/email/regex
 * formats). We don't call that function itself: the package's entry point requires `fs-extra`,
 * which it does not declare as a dependency, so importing it fails in a clean install.
 */
export function validateAgainstSchema(
  manifest: Record<string, unknown>,
  /** A language file (localizationInfo.additionalLanguages) is checked against its own schema. */
  languageFile?: { file: string; manifestVersion: unknown },
): string[] {
  const languageFileOf = languageFile?.file;
  const version = languageFile ? languageFile.manifestVersion : manifest.manifestVersion;
  if (typeof version !== 'string')
    return ['/manifestVersion is missing: it selects the schema to check against'];
  const schemaName = languageFileOf
    ? 'MicrosoftTeams.Localization.schema.json'
    : 'MicrosoftTeams.schema.json';
  const requireFromPackage = createRequire(
    createRequire(import.meta.url).resolve('@microsoft/app-manifest/package.json'),
  );
  const schemaFile = path.join(
    path.dirname(requireFromPackage.resolve('./package.json')),
    'build',
    'json-schemas',
    'teams',
    `v${version}`,
    schemaName,
  );
  if (!existsSync(schemaFile)) {
    return [`/manifestVersion ${version} has no schema in @microsoft/app-manifest: use a published version`];
  }
  const expectedSchemaUrl = `https://developer.microsoft.com/json-schemas/teams/v${version}/${schemaName}`;
  const problems: string[] = [];
  const where = languageFileOf ? `${languageFileOf}: ` : '';
  if (manifest.$schema !== expectedSchemaUrl) {
    problems.push(`${where}/$schema must be ${expectedSchemaUrl} to match manifestVersion ${version}`);
  }
  // The published schemas contain \a and \v escapes, which JSON does not allow; the package
  // rewrites them the same way before parsing.
  const schema = JSON.parse(
    readFileSync(schemaFile, 'utf8').replace(/\\a/g, '\\u0007').replace(/\\v/g, '\\u000b'),
  ) as object;
  const AjvDraft04 = interop(requireFromPackage('ajv-draft-04')) as new (options: object) => {
    compile(schema: object): Validator;
  };
  const addFormats = interop(requireFromPackage('ajv-formats')) as (ajv: object, formats: string[]) => void;
  // The localization schema's key patterns (`activityTypes\[\b…\b]`) are not valid as Unicode
  // regular expressions; Teams reads them as plain ones.
  const ajv = new AjvDraft04({
    allErrors: true,
    strictTypes: false,
    ...(languageFile ? { unicodeRegExp: false } : {}),
  });
  addFormats(ajv, ['uri', 'email', 'regex']);
  const validate = ajv.compile(schema);
  if (!validate(manifest)) {
    for (const error of validate.errors ?? []) {
      problems.push(
        `${where}${error.instancePath || '/'} ${error.message ?? ''} ${JSON.stringify(error.params ?? {})}`,
      );
    }
  }
  return problems;
}

type LanguageFile = { languageTag: string; file: string; content: Record<string, unknown> };

/**
 * The manifest's language files (localizationInfo.additionalLanguages): each read from the
 * package folder, its placeholders filled like the manifest's, and checked against Teams'
 * localization schema for the manifest's version. The zip carries them at the same paths.
 */
function readLanguageFiles(
  manifest: Record<string, unknown>,
  appPackageDir: string,
  fill: (text: string, file: string) => string,
): { files: LanguageFile[]; problems: string[] } {
  const info = manifest.localizationInfo as
    { additionalLanguages?: { languageTag: string; file: string }[] } | undefined;
  const files: LanguageFile[] = [];
  const problems: string[] = [];
  for (const { languageTag, file } of info?.additionalLanguages ?? []) {
    const full = path.join(appPackageDir, file);
    if (path.relative(appPackageDir, full).startsWith('..') || !existsSync(full)) {
      problems.push(`localizationInfo: ${file} (${languageTag}) does not exist in appPackage/`);
      continue;
    }
    let content: Record<string, unknown>;
    try {
      content = JSON.parse(fill(readFileSync(full, 'utf8'), `appPackage/${file}`)) as Record<string, unknown>;
    } catch (error) {
      problems.push(`appPackage/${file} is not valid JSON once filled: ${(error as Error).message}`);
      continue;
    }
    problems.push(
      ...validateAgainstSchema(content, {
        file: `appPackage/${file}`,
        manifestVersion: manifest.manifestVersion,
      }),
    );
    files.push({ languageTag, file, content });
  }
  return { files, problems };
}

function interop(module: unknown): unknown {
  return (module as { default?: unknown }).default ?? module;
}

/** Rules outside the schema that Teams enforces when the package is uploaded or the tab loads. */
export function checkPackageRules(manifest: Record<string, unknown>, appPackageDir: string): string[] {
  const problems: string[] = [];
  const icons = (manifest.icons ?? {}) as Record<string, string>;
  for (const [kind, file] of Object.entries(icons)) {
    const full = path.join(appPackageDir, file);
    if (!existsSync(full)) {
      problems.push(`icons.${kind}: ${file} does not exist next to manifest.json (run npm run icons)`);
      continue;
    }
    const png = PNG.sync.read(readFileSync(full));
    const size = ICON_SIZES[kind];
    if (size !== undefined && (png.width !== size || png.height !== size)) {
      problems.push(`icons.${kind}: ${file} is ${png.width}x${png.height}, Teams needs ${size}x${size}`);
    }
    if (kind === 'outline') problems.push(...outlineProblems(png, file));
  }

  const validDomains = ((manifest.validDomains ?? []) as string[]).map((d) => d.toLowerCase());
  const onValidDomain = (url: string) => validDomains.includes(new URL(url).host.toLowerCase());
  const sso = manifest.webApplicationInfo as { resource?: string } | undefined;
  if (sso?.resource) {
    const match = /^api:\/\/([^/]+)\//.exec(sso.resource);
    if (!match || !validDomains.includes(match[1]!.toLowerCase())) {
      problems.push(
        `webApplicationInfo.resource ${sso.resource} must be api://<a domain in validDomains>/<client id>: ` +
          'Teams only issues SSO tokens when the tab is served from the resource domain',
      );
    } else if (match[1] !== match[1]!.toLowerCase()) {
      problems.push(
        `webApplicationInfo.resource must use a lower-case domain: SSO fails on Android otherwise`,
      );
    }
  }
  const tabs = [
    ...((manifest.staticTabs ?? []) as Record<string, string>[]),
    ...((manifest.configurableTabs ?? []) as Record<string, string>[]),
  ];
  for (const tab of tabs) {
    for (const key of ['contentUrl', 'websiteUrl', 'configurationUrl'] as const) {
      const url = tab[key];
      if (url && !onValidDomain(url)) {
        problems.push(`${tab.entityId ?? tab.id} ${key} ${url} is not on a domain listed in validDomains`);
      }
    }
  }
  return problems;
}

function outlineProblems(png: PNG, file: string): string[] {
  let transparent = 0;
  let coloured = 0;
  for (let i = 0; i < png.data.length; i += 4) {
    const alpha = png.data[i + 3]!;
    if (alpha === 0) transparent++;
    else if (png.data[i] !== 255 || png.data[i + 1] !== 255 || png.data[i + 2] !== 255) coloured++;
  }
  const problems: string[] = [];
  if (transparent === 0)
    problems.push(`icons.outline: ${file} has no transparent pixels; Teams needs white on transparent`);
  if (coloured > 0)
    problems.push(`icons.outline: ${file} has ${coloured} pixels that are not white (run npm run icons)`);
  return problems;
}

// ---------------------------------------------------------------------------------------------
// The package

export type PackageOptions = {
  env: string;
  /** Project root holding appPackage/ and env/ (tests point it at a copy). */
  root?: string;
  /** Where the zip and the filled manifest go. Default: <root>/appPackage/build. */
  outDir?: string;
  processEnv?: NodeJS.ProcessEnv;
};

export type PackageResult = {
  zipPath: string;
  manifestPath: string;
  manifest: Record<string, unknown>;
  /** Things the user should know, such as dev-only defaults having been used. */
  notices: string[];
};

/** The fixed date stamped on zip entries, so the same inputs give the same zip. */
const ZIP_ENTRY_DATE = new Date(Date.UTC(2024, 0, 1));

export async function buildAppPackage(options: PackageOptions): Promise<PackageResult> {
  const root = options.root ?? ROOT;
  const appPackageDir = path.join(root, 'appPackage');
  const outDir = options.outDir ?? path.join(appPackageDir, 'build');
  const env = loadEnvironment(options.env, { root, processEnv: options.processEnv });
  const notices: string[] = [];

  const values = (name: string): string | undefined => {
    const value = env.lookup(name)?.value;
    if (env.name === 'local' && !value && LOCAL_DEV_DEFAULTS[name]) return LOCAL_DEV_DEFAULTS[name];
    return value;
  };
  const template = readFileSync(path.join(appPackageDir, 'manifest.json'), 'utf8');
  const defaulted = placeholdersIn(template).filter(
    (name) => env.name === 'local' && !env.lookup(name)?.value && LOCAL_DEV_DEFAULTS[name],
  );
  if (defaulted.length > 0) {
    notices.push(
      `${defaulted.join(' and ')} ${defaulted.length === 1 ? 'is' : 'are'} empty in env/.env.local, so this ` +
        "package uses the local emulator's dev-only values. They work with the emulator only: run " +
        '`teamsapp provision --env local` to register the app in your tenant.',
    );
  }

  const filled = fillPlaceholders(template, values, { file: 'appPackage/manifest.json', env });
  let manifest: Record<string, unknown>;
  try {
    manifest = JSON.parse(filled) as Record<string, unknown>;
  } catch (error) {
    throw new PackageError(
      `appPackage/manifest.json is not valid JSON once filled: ${(error as Error).message}`,
    );
  }

  const languages = readLanguageFiles(manifest, appPackageDir, (text, file) =>
    fillPlaceholders(text, values, { file, env }),
  );
  const problems = [
    ...validateAgainstSchema(manifest),
    ...checkPackageRules(manifest, appPackageDir),
    ...languages.problems,
  ];
  if (problems.length > 0) {
    throw new PackageError(
      `The filled manifest for environment "${env.name}" is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  }

  const manifestJson = `${JSON.stringify(manifest, null, 2)}\n`;
  const zip = new JSZip();
  zip.file('manifest.json', manifestJson, { date: ZIP_ENTRY_DATE });
  for (const file of new Set(Object.values((manifest.icons ?? {}) as Record<string, string>))) {
    zip.file(file, readFileSync(path.join(appPackageDir, file)), { date: ZIP_ENTRY_DATE });
  }
  for (const language of languages.files) {
    zip.file(language.file, `${JSON.stringify(language.content, null, 2)}\n`, {
      date: ZIP_ENTRY_DATE,
      // No folder entry: it would carry the current time, and the same inputs must give the same zip.
      createFolders: false,
    });
  }
  mkdirSync(outDir, { recursive: true });
  const zipPath = path.join(outDir, `appPackage.${env.name}.zip`);
  const manifestPath = path.join(outDir, `manifest.${env.name}.json`);
  writeFileSync(zipPath, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
  writeFileSync(manifestPath, manifestJson);
  return { zipPath, manifestPath, manifest, notices };
}

// ---------------------------------------------------------------------------------------------
// Command line

const USAGE = 'Usage: npm run package -- --env <local|dev>';

export function parseArgs(argv: readonly string[]): { env: string } {
  let env: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--env') {
      env = argv[++i];
      if (env === undefined || env.startsWith('--')) throw new PackageError(`--env needs a value. ${USAGE}`);
    } else if (arg.startsWith('--env=')) {
      env = arg.slice('--env='.length);
    } else {
      throw new PackageError(`Unknown argument "${arg}". ${USAGE}`);
    }
  }
  if (!env) throw new PackageError(`Say which environment to package. ${USAGE}`);
  return { env };
}

async function main() {
  const { env } = parseArgs(process.argv.slice(2));
  const result = await buildAppPackage({ env });
  const rel = (p: string) => path.relative(process.cwd(), p);
  console.log(
    `Packaged SDS Profiles for environment "${env}" (manifest schema v${String(result.manifest.manifestVersion)}: valid)`,
  );
  console.log(`  ${rel(result.zipPath)}`);
  console.log(`  ${rel(result.manifestPath)}`);
  for (const notice of result.notices) console.log(`\nNote: ${notice}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: Error) => {
    console.error(`npm run package failed: ${error instanceof PackageError ? error.message : error.stack}`);
    process.exit(1);
  });
}
