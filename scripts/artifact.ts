/**
 * The App Service deploy artifact, made the way `teamsapp deploy` makes it: the repository minus
 * infra/.webappignore (azureAppService/zipDeploy), which leaves dist/server, dist/tab,
 * package.json and package-lock.json; then installed the way App Service installs it
 * (CUSTOM_BUILD_COMMAND in infra/azure.bicep: `npm ci --omit=dev`). Used by the artifact test
 * and `npm run bench`.
 */
import { spawn } from 'node:child_process';
import { cpSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

/** How App Service starts the server (appCommandLine in infra/azure.bicep). */
export const PRODUCTION_COMMAND = ['--enable-source-maps', 'dist/server/index.js'];

/**
 * The patterns of infra/.webappignore, read as .gitignore reads them: `name` matches at any depth,
 * `/name` only at the root, `name/` only folders, `*` any characters within a name.
 */
export function readIgnorePatterns(file = path.join(root, 'infra', '.webappignore')): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

/** Whether the upload leaves out `relativePath` (from the repository root, `/`-separated). */
export function isIgnored(patterns: readonly string[], relativePath: string, isDirectory: boolean): boolean {
  const name = relativePath.split('/').at(-1)!;
  const atRoot = !relativePath.includes('/');
  return patterns.some((pattern) => {
    if (pattern.endsWith('/') && !isDirectory) return false;
    const anchored = pattern.startsWith('/');
    if (anchored && !atRoot) return false;
    const glob = pattern.replace(/^\//, '').replace(/\/$/, '');
    const regex = new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);
    return regex.test(name);
  });
}

/** The files of the upload, relative to the repository root. */
export function artifactFiles(patterns = readIgnorePatterns(), dir = ''): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = dir === '' ? entry.name : `${dir}/${entry.name}`;
    const isDirectory = entry.isDirectory();
    if (isIgnored(patterns, relative, isDirectory)) return [];
    return isDirectory ? artifactFiles(patterns, relative) : [relative];
  });
}

/** Copies the upload into `destination` (an empty folder). */
export function packArtifact(destination: string): string[] {
  const files = artifactFiles();
  for (const file of files) {
    if (lstatSync(path.join(root, file)).isSymbolicLink()) throw new Error(`${file} is a symbolic link`);
    cpSync(path.join(root, file), path.join(destination, file));
  }
  return files;
}

/**
 * `npm ci --omit=dev` in `dir`, from the local npm cache first (`--prefer-offline`: a clean
 * clone's `npm ci` filled it), as App Service runs it. Rejects with npm's output when it fails.
 */
export function installArtifact(dir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const child = spawn(npm, ['ci', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund'], {
      cwd: dir,
      env: { ...process.env, NODE_ENV: 'production', npm_config_update_notifier: 'false' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`npm ci --omit=dev failed (${code}):\n${output}`)),
    );
  });
}

/** Bytes on disk under `dir` (files only, as `du --apparent-size` counts them). */
export function sizeOnDisk(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) total += sizeOnDisk(full);
    else if (entry.isFile()) total += lstatSync(full).size;
  }
  return total;
}
