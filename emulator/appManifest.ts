/**
 * Our Teams app's manifest as the emulator reads it (appPackage/manifest.json, the file
 * `npm run package` zips): Teams keeps what was uploaded, and both the host (validDomains) and
 * Graph (the activity types `sendActivityNotification` may use) judge requests against it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const APP_MANIFEST_PATH = path.resolve(import.meta.dirname, '..', 'appPackage', 'manifest.json');

export type ActivityTypeDeclaration = { type: string; description: string; templateText: string };

let cached: string | undefined;

export function appManifestText(): string {
  cached ??= readFileSync(APP_MANIFEST_PATH, 'utf8');
  return cached;
}

/** The manifest's `activities.activityTypes` (none when it declares no activities). */
export function declaredActivityTypes(manifestText = appManifestText()): ActivityTypeDeclaration[] {
  const manifest = JSON.parse(manifestText) as { activities?: { activityTypes?: unknown } };
  const types = manifest.activities?.activityTypes;
  if (types === undefined) return [];
  if (
    !Array.isArray(types) ||
    !types.every(
      (t: unknown) =>
        typeof t === 'object' &&
        t !== null &&
        typeof (t as ActivityTypeDeclaration).type === 'string' &&
        typeof (t as ActivityTypeDeclaration).templateText === 'string',
    )
  ) {
    throw new Error(
      `${APP_MANIFEST_PATH}: activities.activityTypes must list { type, description, templateText }`,
    );
  }
  return types as ActivityTypeDeclaration[];
}

/** The `{name}` placeholders of a template text, in order, without repeats. */
export function templatePlaceholders(templateText: string): string[] {
  return [...new Set([...templateText.matchAll(/\{([A-Za-z0-9_]+)\}/g)].map((m) => m[1]!))];
}
