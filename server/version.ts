import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The product version, from package.json (shown by /api/health and /api/config). */
export const APP_VERSION: string = (
  JSON.parse(readFileSync(path.resolve(import.meta.dirname, '..', 'package.json'), 'utf8')) as {
    version: string;
  }
).version;
