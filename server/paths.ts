/**
 * Where the server finds its files, the same from source (server/*.ts, run with tsx) and built
 * (dist/server/index.js, run with node): the project root is the nearest folder above this code
 * holding package.json, and the built tab is dist/tab under it. The deploy artifact keeps that
 * layout (dist/server, dist/tab, package.json, package-lock.json).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

function nearestPackageRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`No package.json above ${from}`);
  }
}

export const PROJECT_ROOT = nearestPackageRoot(import.meta.dirname);
export const PACKAGE_JSON = path.join(PROJECT_ROOT, 'package.json');
export const DEFAULT_TAB_DIR = path.join(PROJECT_ROOT, 'dist', 'tab');
