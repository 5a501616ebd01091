import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, 'src');

/**
 * The tab's first load (docs/performance.md, "Tab load"). The entry (src/main.tsx) starts the
 * Teams handshake and the first reads; the React shell (src/app/TabShell.tsx) is imported
 * dynamically so that it evaluates while those are in flight. Vite fetches a dynamic import's
 * files only when the `import()` runs, that is after the entry has downloaded and run: the shell
 * (React, Fluent, the app: most of the first load's bytes) then started downloading a round trip
 * late. This plugin lists the shell's chunk and its imports as `<link rel="modulepreload">` in
 * index.html, so the browser downloads and compiles them from the first byte of the page, in
 * parallel with the entry; only their evaluation waits for the `import()`.
 */
function preloadShell(options: { shell: string }): Plugin {
  return {
    name: 'sds-preload-shell',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        if (!ctx.bundle || !ctx.chunk) return html;
        const chunks = Object.values(ctx.bundle).flatMap((c) => (c.type === 'chunk' ? [c] : []));
        const shell = chunks.find((c) => c.facadeModuleId?.endsWith(options.shell));
        if (!shell) throw new Error(`preloadShell: no chunk is the facade of ${options.shell}`);
        // Only a page whose entry imports the shell (index.html, not the consent popup's pages).
        if (!ctx.chunk.dynamicImports.includes(shell.fileName)) return html;
        const files: string[] = [];
        const visit = (file: string) => {
          if (files.includes(file)) return;
          files.push(file);
          for (const imported of chunks.find((c) => c.fileName === file)?.imports ?? []) visit(imported);
        };
        visit(shell.fileName);
        const already = (file: string) => html.includes(`/${file}"`);
        return {
          html,
          tags: files
            .filter((file) => !already(file))
            .map((file) => ({
              tag: 'link',
              attrs: { rel: 'modulepreload', crossorigin: true, href: `/${file}` },
              injectTo: 'head' as const,
            })),
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
  plugins: [react(), preloadShell({ shell: '/src/app/TabShell.tsx' })],
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
