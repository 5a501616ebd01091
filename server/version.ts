import { readFileSync } from 'node:fs';
import { PACKAGE_JSON } from './paths';

/** The product version, from package.json (shown by /api/health and /api/config). */
export const APP_VERSION: string = (
  JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')) as {
    version: string;
  }
).version;
