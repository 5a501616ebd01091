import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import path from 'node:path';

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

function startupFiles(options: { start: string; shell: string }): Plugin {
  return {
    name: 'sds-startup-files',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        if (!ctx.bundle || !ctx.chunk) return html;
        const chunks = Object.values(ctx.bundle).flatMap((c) => (c.type === 'chunk' ? [c] : []));
        // The chunk that holds the module (its facade, or where the bundler placed it).
        const chunkOf = (module: string) => {
          const chunk =
            chunks.find((c) => c.facadeModuleId?.endsWith(module)) ??
            chunks.find((c) => c.moduleIds.some((id) => id.endsWith(module)));
          if (!chunk) throw new Error(`startupFiles: no chunk holds ${module}`);
          return chunk;
        };
        const start = chunkOf(options.start);
        // Only the page whose entry begins the start (index.html, not the consent popup's pages).
        if (!ctx.chunk.dynamicImports.includes(start.fileName)) return html;
        const withImports = (file: string, into: string[] = []) => {
          if (into.includes(file)) return into;
          into.push(file);
          for (const imported of chunks.find((c) => c.fileName === file)?.imports ?? [])
            withImports(imported, into);
          return into;
        };
        const inHtml = (file: string) => html.includes(`/${file}"`);
        const startFiles = withImports(start.fileName).filter((file) => !inHtml(file));
        const shellFiles = withImports(chunkOf(options.shell).fileName).filter(
          (file) => !inHtml(file) && !startFiles.includes(file),
        );
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

// The tab is built into dist/tab and served by the app server (server/routes/serveTab.ts):
// index.html for /tab, /config and /, and the consent popup's two pages as their own entries.
// src/public (privacy and terms) is copied as is.
export default defineConfig({
  root,
  base: '/',
  plugins: [react(), startupFiles({ start: '/src/app/tabStart.ts', shell: '/src/app/TabShell.tsx' })],
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
