import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import path from 'node:path';
import { preloadShell } from './scripts/vite-startup-chunks';

const root = path.resolve(import.meta.dirname, 'src');

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
