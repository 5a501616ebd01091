/**
 * Builds the app server into dist/server/index.js: esbuild bundles our own code (server/ and the
 * contracts it imports) and the pure-JavaScript packages it uses into ES modules with source maps
 * (docs/decisions/029-bundle-the-server-dependencies.md). What must stay a package (native code
 * built for the server's platform) is listed in `dependencies` and stays an import, provided on
 * App Service by `npm ci --omit=dev`; everything bundled is a development dependency, pinned by the
 * lock file like the rest. Beside the code go the files bundled packages load at run time
 * (PGlite's WebAssembly and its data) and their licences (third-party-licenses.txt).
 * Production runs `node --enable-source-maps dist/server/index.js`.
 *
 *   node --import tsx scripts/build-server.ts     part of `npm run build`
 */
import { copyFileSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import path from 'node:path';
import { build, type BuildOptions, type Metafile } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');

export const SERVER_ENTRY = path.join(root, 'server', 'index.ts');
export const SERVER_OUTDIR = path.join(root, 'dist', 'server');
export const SERVER_OUTFILE = path.join(SERVER_OUTDIR, 'index.js');
export const LICENSES_FILE = path.join(SERVER_OUTDIR, 'third-party-licenses.txt');

const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  dependencies?: Record<string, string>;
};

/** The packages that stay packages: the production install provides them (native parts included). */
export const RUNTIME_PACKAGES = Object.keys(pkg.dependencies ?? {}).sort();

/**
 * Optional imports inside bundled packages that the server never reaches, so nothing installs
 * them: node-postgres loads `pg-native` only when `pg.native` is read.
 */
export const NEVER_REACHED = ['pg-native'];

/**
 * CommonJS packages in an ES module bundle still call `require` (for Node built-ins) and may read
 * `__dirname`; ES modules have neither, so each output file makes them (for itself).
 */
const COMMONJS_BANNER = [
  "import { createRequire as __sdsCreateRequire } from 'node:module';",
  "import { fileURLToPath as __sdsFileURLToPath } from 'node:url';",
  'const require = __sdsCreateRequire(import.meta.url);',
  'const __filename = __sdsFileURLToPath(import.meta.url);',
  "const __dirname = __sdsFileURLToPath(new URL('.', import.meta.url));",
].join('\n');

const options: BuildOptions = {
  entryPoints: { index: SERVER_ENTRY },
  outdir: SERVER_OUTDIR,
  // Dynamic imports become chunks of their own, loaded only when reached: telemetry's SDK is not
  // loaded at all without APPLICATIONINSIGHTS_CONNECTION_STRING.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: [...RUNTIME_PACKAGES.flatMap((name) => [name, `${name}/*`]), ...NEVER_REACHED],
  banner: { js: COMMONJS_BANNER },
  // Stack traces name server/… and node_modules/… lines (node --enable-source-maps): the mappings
  // are enough for that, so the maps leave out the sources' text.
  sourcemap: true,
  sourcesContent: false,
  // Licences go in whole into third-party-licenses.txt instead.
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
};

/** Builds the server; with `write: false` only the metafile is produced (the dependency test). */
export async function buildServer({ write = true }: { write?: boolean } = {}): Promise<Metafile> {
  // A stale chunk from an earlier build would be uploaded too.
  if (write) rmSync(SERVER_OUTDIR, { recursive: true, force: true });
  const result = await build({ ...options, write });
  const metafile = result.metafile!;
  if (write) {
    copyRuntimeAssets(metafile);
    writeFileSync(LICENSES_FILE, licenseText(bundledPackages(metafile)));
  }
  return metafile;
}

/**
 * The npm packages the built server imports at run time, by package name: every external import
 * in the bundle (static or dynamic) that is not a Node built-in or never reached.
 */
export function packagesImportedBy(metafile: Metafile): string[] {
  const names = new Set<string>();
  for (const output of Object.values(metafile.outputs)) {
    for (const entry of output.imports) {
      if (!entry.external || isBuiltin(entry.path)) continue;
      const name = packageNameOf(entry.path);
      if (!NEVER_REACHED.includes(name)) names.add(name);
    }
  }
  return [...names].sort();
}

function packageNameOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

export type BundledPackage = { name: string; dir: string };

/** The package a bundled input file belongs to, from its path (…/node_modules/<name>/…). */
function packageOfInput(input: string): BundledPackage | null {
  const at = input.lastIndexOf('node_modules/');
  if (at === -1) return null;
  const rest = input.slice(at + 'node_modules/'.length);
  const name = packageNameOf(rest);
  return { name, dir: path.join(root, input.slice(0, at), 'node_modules', name) };
}

/** Every npm package with code in the bundle (one entry per installed copy), by name. */
export function bundledPackages(metafile: Metafile): BundledPackage[] {
  const byDir = new Map<string, BundledPackage>();
  for (const input of Object.keys(metafile.inputs)) {
    const found = packageOfInput(input);
    if (found) byDir.set(found.dir, found);
  }
  return [...byDir.values()].sort((a, b) => a.name.localeCompare(b.name) || a.dir.localeCompare(b.dir));
}

/** `new URL('./pglite.wasm', import.meta.url)`: a file a module loads from its own location. */
const ASSET_REFERENCE = /new URL\(\s*["']([^"']+)["']\s*,\s*import\.meta\.url\s*\)/g;

/**
 * The files bundled packages load from beside their own module, which now is the output file
 * that holds their code: each is copied next to that output. A reference into another folder
 * would not survive bundling, so the build stops on one.
 */
export function runtimeAssets(metafile: Metafile): { from: string; to: string }[] {
  const assets = new Map<string, string>();
  for (const [output, { inputs }] of Object.entries(metafile.outputs)) {
    for (const input of Object.keys(inputs)) {
      if (!packageOfInput(input)) continue;
      const source = readFileSync(path.join(root, input), 'utf8');
      for (const [, reference] of source.matchAll(ASSET_REFERENCE)) {
        const file = reference!.replace(/^\.\//, '');
        if (file.includes('/') || file === '.' || file === '..' || /^[a-z]+:/i.test(file)) {
          throw new Error(`${input} loads ${reference} relative to itself, which bundling would break`);
        }
        const from = path.join(root, path.dirname(input), file);
        if (!existsSync(from)) throw new Error(`${input} loads ${reference}, which is not in its package`);
        assets.set(path.join(root, path.dirname(output), file), from);
      }
    }
  }
  return [...assets].map(([to, from]) => ({ from, to })).sort((a, b) => a.to.localeCompare(b.to));
}

function copyRuntimeAssets(metafile: Metafile): void {
  for (const { from, to } of runtimeAssets(metafile)) copyFileSync(from, to);
}

const LICENSE_FILE = /^(licen[cs]e|copying|notice)(\.|-|$)/i;

/**
 * Each bundled package's name, version, licence and author, and the text of its licence and
 * notice files (a few packages ship none: then their repository says where the text is).
 */
export function licenseText(packages: BundledPackage[]): string {
  const seen = new Set<string>();
  const sections: string[] = [];
  for (const { dir } of packages) {
    const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
      name: string;
      version: string;
      license?: string;
      author?: string | { name?: string };
      repository?: string | { url?: string };
    };
    const id = `${manifest.name}@${manifest.version}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const author = typeof manifest.author === 'string' ? manifest.author : manifest.author?.name;
    const repository =
      typeof manifest.repository === 'string' ? manifest.repository : manifest.repository?.url;
    const files = readdirSync(dir)
      .filter((file) => LICENSE_FILE.test(file))
      .sort();
    const texts = files.map((file) => readFileSync(path.join(dir, file), 'utf8').trim());
    sections.push(
      [
        `${id}: ${manifest.license ?? 'no licence named'}${author ? `, by ${author}` : ''}`,
        ...(texts.length
          ? texts
          : [`The package ships no licence file; its source: ${repository ?? 'not named'}.`]),
      ].join('\n\n'),
    );
  }
  return `Third-party software bundled into dist/server, with its licences.\n\n${sections.join(`\n\n${'-'.repeat(72)}\n\n`)}\n`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  const started = performance.now();
  await buildServer();
  console.log(
    `server built into ${path.relative(root, SERVER_OUTFILE)} in ${Math.round(performance.now() - started)} ms`,
  );
}
