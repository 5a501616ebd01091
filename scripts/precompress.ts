/**
 * Brotli and gzip copies of the tab's built assets, made once at build time (vite.config.ts), so
 * the app server sends the compressed bytes (server/routes/serveTab.ts) without compressing on
 * every request. A school network is often the slow part of a tab's first load: the dashboard's
 * first load is about 600 kB of JavaScript as built and about 155 kB as brotli.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** What is worth compressing: text formats only, and nothing too small to gain from it. */
const COMPRESSIBLE = /\.(js|css|json|svg|map)$/;
const MIN_BYTES = 1024;

/**
 * Writes `<file>.br` and `<file>.gz` beside each compressible file in `files` (paths under `dir`),
 * the names server/routes/serveTab.ts looks for.
 */
export function precompress(dir: string, files: readonly string[]): void {
  for (const file of files) {
    if (!COMPRESSIBLE.test(file)) continue;
    const full = path.join(dir, file);
    const raw = readFileSync(full);
    if (raw.length < MIN_BYTES) continue;
    const br = brotliCompressSync(raw, {
      params: {
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
      },
    });
    const gz = gzipSync(raw, { level: 9 });
    // A copy that saves nothing would only cost the browser its decoding.
    if (br.length < raw.length) writeFileSync(`${full}.br`, br);
    if (gz.length < raw.length) writeFileSync(`${full}.gz`, gz);
  }
}
