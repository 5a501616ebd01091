/**
 * Starts downloading (and compiling) the module files listed in the page's JSON data block
 * `elementId` (written by vite.config.ts at build time), without evaluating them: a later
 * `import()` of those modules finds them ready. Nothing listed (a development server): nothing to do.
 */
/** The data block listing the React shell's files in index.html (written by vite.config.ts). */
export const SHELL_FILES_ELEMENT_ID = 'sds-shell-files';

export function preloadListedModules(elementId: string): void {
  const list = document.getElementById(elementId)?.textContent;
  if (!list) return;
  let files: unknown;
  try {
    files = JSON.parse(list);
  } catch {
    return;
  }
  if (!Array.isArray(files)) return;
  for (const file of files) {
    // Paths on this origin only (`//host/…` would be another origin).
    if (typeof file !== 'string' || !file.startsWith('/') || file.startsWith('//')) continue;
    const link = document.createElement('link');
    link.rel = 'modulepreload';
    link.crossOrigin = '';
    link.href = file;
    document.head.append(link);
  }
}
