/**
 * Builds the app server into dist/server/index.js: esbuild bundles our own code (server/ and the
 * contracts it imports) into one ES module with a source map; every npm package stays an import,
 * provided on App Service by `npm ci --omit=dev` (docs/decisions/003-run-typescript-with-tsx.md).
 * Production runs `node --enable-source-maps dist/server/index.js`.
 *
 *   node --import tsx scripts/build-server.ts     part of `npm run build`
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { build, type BuildOptions, type Metafile } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');

export const SERVER_ENTRY = path.join(root, 'server', 'index.ts');
export const SERVER_OUTDIR = path.join(root, 'dist', 'server');
export const SERVER_OUTFILE = path.join(SERVER_OUTDIR, 'index.js');

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
  // node_modules stay imports: the production install provides them, native parts included.
  packages: 'external',
  // Stack traces name server/… and contracts/… lines (node --enable-source-maps).
  sourcemap: true,
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
};

/** Builds the server; with `write: false` only the metafile is produced (the dependency test). */
export async function buildServer({ write = true }: { write?: boolean } = {}): Promise<Metafile> {
  // A stale chunk from an earlier build would be uploaded too.
  if (write) rmSync(SERVER_OUTDIR, { recursive: true, force: true });
  const result = await build({ ...options, write });
  return result.metafile!;
}

/**
 * The npm packages the built server imports at run time, by package name: every external import
 * in the bundle (static or dynamic) that is not a Node built-in.
 */
export function packagesImportedBy(metafile: Metafile): string[] {
  const names = new Set<string>();
  for (const output of Object.values(metafile.outputs)) {
    for (const entry of output.imports) {
      if (!entry.external || entry.path.startsWith('node:')) continue;
      const parts = entry.path.split('/');
      names.add(entry.path.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!);
    }
  }
  return [...names].sort();
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  const started = performance.now();
  await buildServer();
  console.log(
    `server built into ${path.relative(root, SERVER_OUTFILE)} in ${Math.round(performance.now() - started)} ms`,
  );
}
