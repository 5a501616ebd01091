import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, 'src');

// The tab is built into dist/tab and served by the app server (server/app.ts).
export default defineConfig({
  root,
  plugins: [react()],
  build: {
    outDir: path.resolve(import.meta.dirname, 'dist', 'tab'),
    emptyOutDir: true,
    rollupOptions: {
      input: {
        index: path.join(root, 'index.html'),
      },
    },
  },
});
