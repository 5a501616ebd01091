import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import path from 'node:path';
import { precompress } from './scripts/precompress.ts';

const root = path.resolve(import.meta.dirname, 'src');

/**
 * The tab's first load (docs/performance.md, "Tab load"). The entry (src/main.tsx: teams-js and a
 * few lines) sends the Teams handshake, then imports the rest of the start (src/app/tabStart.ts)
 * and, once the first reads are on the network, the React shell (src/app/TabShell.tsx: React,
 * Fluent, the app, most of the first load's bytes). Vite fetches a dynamic import's files only
 * when its `import()` runs, after the entry has downloaded and run. This plugin
 * - preloads the start's files from index.html (`<link rel="modulepreload">`): they are needed
 *   right after the entry, so they download beside it;
 * - lists the shell's files in a JSON data block (not a script to CSP), which the entry preloads
 *   once the handshake has left (src/lib/preloadFiles.ts). Preloaded from index.html as well, they
 *   competed with the entry's own downloads and compilation, and the handshake left later.
 */
/** The data block's id; src/lib/preloadFiles.ts reads it under the same name. */
const SHELL_FILES_ELEMENT_ID = 'sds-shell-files';

type Chunk = { fileName: string; facadeModuleId: string | null; moduleIds: string[]; imports: string[] };

/** The chunk that holds `module` (its facade, or where the bundler placed it). */
function chunkOf(chunks: readonly Chunk[], module: string): Chunk {
  const chunk =
    chunks.find((c) => c.facadeModuleId?.endsWith(module)) ??
    chunks.find((c) => c.moduleIds.some((id) => id.endsWith(module)));
  if (!chunk) throw new Error(`vite.config.ts: no chunk holds ${module}`);
  return chunk;
}

/** `file` and every chunk it imports statically, directly or not. */
function withImports(chunks: readonly Chunk[], file: string, into: string[] = []): string[] {
  if (into.includes(file)) return into;
  into.push(file);
  for (const imported of chunks.find((c) => c.fileName === file)?.imports ?? [])
    withImports(chunks, imported, into);
  return into;
}

type FirstLoad = { start: string; shell: string };

/** The start's chunk files and then the shell's, each without what the entry already loads. */
function firstLoadFiles(
  chunks: readonly Chunk[],
  entryFile: string,
  modules: FirstLoad,
): { startFiles: string[]; shellFiles: string[] } {
  const entryFiles = withImports(chunks, entryFile);
  const startFiles = withImports(chunks, chunkOf(chunks, modules.start).fileName).filter(
    (file) => !entryFiles.includes(file),
  );
  const shellFiles = withImports(chunks, chunkOf(chunks, modules.shell).fileName).filter(
    (file) => !entryFiles.includes(file) && !startFiles.includes(file),
  );
  return { startFiles, shellFiles };
}

function startupFiles(options: FirstLoad): Plugin {
  return {
    name: 'sds-startup-files',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        if (!ctx.bundle || !ctx.chunk) return html;
        const chunks = Object.values(ctx.bundle).flatMap((c) => (c.type === 'chunk' ? [c] : []));
        const start = chunkOf(chunks, options.start);
        // Only the page whose entry begins the start (index.html, not the consent popup's pages).
        if (!ctx.chunk.dynamicImports.includes(start.fileName)) return html;
        // What the entry imports itself, index.html already loads (Vite's own preloads).
        const { startFiles, shellFiles } = firstLoadFiles(chunks, ctx.chunk.fileName, options);
        return {
          html,
          tags: [
            ...startFiles.map((file) => ({
              tag: 'link',
              attrs: { rel: 'modulepreload', crossorigin: true, href: `/${file}` },
              injectTo: 'head' as const,
            })),
            {
              tag: 'script',
              attrs: { type: 'application/json', id: SHELL_FILES_ELEMENT_ID },
              children: JSON.stringify(shellFiles.map((file) => `/${file}`)),
              injectTo: 'body' as const,
            },
          ],
        };
      },
    },
  };
}

/** Set while the grouping pass below builds the tab once to see where the bundler puts things. */
const FIRST_LOAD_PASS = 'SDS_TAB_FIRST_LOAD_PASS';

/**
 * The first load in three files beside the entry: the start, the shell (with the dashboard) and
 * the theme. Left to itself the bundler cuts the shell along every module a lazy page shares
 * with it (26 files), and over HTTP/1.1's six connections per origin the first reads queued
 * behind those downloads (40 ms in a median load, 170 ms in a bad one; docs/performance.md, "Tab
 * load"). Every lazy page loads after the shell, so what they share can live in the shell.
 *
 * Which modules the first load needs is what the bundler's own chunking says once it has
 * tree-shaken (an import graph would also count every component a barrel file re-exports), so
 * this builds the tab once in memory, takes the modules of the start's and the shell's chunks,
 * and has the real build put each group in one chunk. The entry's own chunks stay as they are.
 */
function firstLoadChunks(options: FirstLoad & { entry: string }): Plugin {
  return {
    name: 'sds-first-load-chunks',
    apply: 'build',
    async config(_config, env) {
      if (process.env[FIRST_LOAD_PASS]) return undefined;
      process.env[FIRST_LOAD_PASS] = '1';
      let output: unknown;
      try {
        const { build } = await import('vite');
        output = await build({
          configFile: path.join(import.meta.dirname, 'vite.config.ts'),
          mode: env.mode,
          logLevel: 'warn',
          build: { write: false, reportCompressedSize: false },
        });
      } finally {
        delete process.env[FIRST_LOAD_PASS];
      }
      const chunks = (Array.isArray(output) ? output : [output]).flatMap((result) =>
        (result as { output: ({ type: 'chunk' } & Chunk)[] | { type: 'asset' }[] }).output.flatMap((c) =>
          c.type === 'chunk' ? [c as Chunk] : [],
        ),
      );
      const { startFiles, shellFiles } = firstLoadFiles(
        chunks,
        chunkOf(chunks, options.entry).fileName,
        options,
      );
      const groupOf = new Map<string, string>();
      for (const [group, files] of [
        ['start', startFiles],
        ['shell', shellFiles],
      ] as const) {
        for (const chunk of chunks.filter((c) => files.includes(c.fileName))) {
          for (const id of chunk.moduleIds) groupOf.set(id, group);
        }
      }
      return {
        build: {
          rolldownOptions: {
            output: {
              codeSplitting: {
                groups: [
                  { name: (id: string) => groupOf.get(id) ?? null, includeDependenciesRecursively: false },
                ],
              },
            },
          },
        },
      };
    },
  };
}

/** Brotli and gzip copies of every built asset, for the app server to send (scripts/precompress.ts). */
function precompressedAssets(): Plugin {
  return {
    name: 'sds-precompressed-assets',
    apply: 'build',
    writeBundle(options, bundle) {
      if (process.env[FIRST_LOAD_PASS] || !options.dir) return;
      precompress(
        options.dir,
        Object.keys(bundle).filter((file) => file.startsWith('assets/')),
      );
    },
  };
}

// The tab is built into dist/tab and served by the app server (server/routes/serveTab.ts):
// index.html for /tab, /config and /, and the consent popup's two pages as their own entries.
// src/public (privacy and terms) is copied as is.
export default defineConfig({
  root,
  base: '/',
  plugins: [
    react(),
    firstLoadChunks({
      entry: '/src/main.tsx',
      start: '/src/app/tabStart.ts',
      shell: '/src/app/TabShell.tsx',
    }),
    startupFiles({ start: '/src/app/tabStart.ts', shell: '/src/app/TabShell.tsx' }),
    precompressedAssets(),
  ],
  build: {
    outDir: path.resolve(import.meta.dirname, 'dist', 'tab'),
    emptyOutDir: true,
    target: 'es2022',
    // The report lists each chunk with its gzip size: the dashboard's first load is index + its imports.
    reportCompressedSize: true,
    rollupOptions: {
      input: {
        index: path.join(root, 'index.html'),
        'auth-start': path.join(root, 'auth-start.html'),
        'auth-end': path.join(root, 'auth-end.html'),
      },
    },
  },
});
