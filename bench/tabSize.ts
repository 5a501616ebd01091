/**
 * Tab bundle sizes, gzip level 9, read from the built tab (dist/tab):
 * - the dashboard's initial JS: the entry script of index.html, what it imports dynamically for
 *   the first card (the rest of the start, the React shell app/TabShell.tsx, the light theme),
 *   and everything they import statically (what the browser must fetch before
 *   the first render), and the initial CSS;
 * - the editor chunk: the lazily loaded editor and what it alone imports.
 * The import graph comes from Vite's manifest when the build writes one (dist/tab/.vite/
 * manifest.json), otherwise from the built files' own import statements.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Figure } from './report';

const SECTION = 'Tab bundle (gzip -9)';
const INITIAL_TARGET_KB = 200;

type Chunk = { file: string; imports: string[]; dynamicImports: string[]; css: string[]; name: string };
type Graph = { entry: Chunk; chunks: Map<string, Chunk>; source: string };

export type TabSizeRaw = {
  source: string;
  initialJs: string[];
  initialCss: string[];
  editor: string[];
  bytes: Record<string, { raw: number; gzip: number }>;
};

export function measureTabSize(distDir: string): { figures: Figure[]; raw: TabSizeRaw } {
  const graph = readImportGraph(distDir);
  const bytes: TabSizeRaw['bytes'] = {};
  const size = (file: string) => {
    if (!bytes[file]) {
      const content = readFileSync(path.join(distDir, file));
      bytes[file] = { raw: content.length, gzip: gzipSync(content, { level: 9 }).length };
    }
    return bytes[file]!;
  };
  const sum = (files: Iterable<string>) => {
    let raw = 0;
    let gzip = 0;
    for (const f of files) {
      raw += size(f).raw;
      gzip += size(f).gzip;
    }
    return { raw, gzip };
  };

  // The entry imports the rest of the start (app/tabStart.ts), the React shell (app/TabShell.tsx)
  // and the theme it opens with (teams/themes/, the light one here; dark and high contrast are
  // about the same size) dynamically, at once or after the handshake: all of it is what the first
  // card needs, so it counts as initial. index.html names the start's and the shell's files (its
  // modulepreloads and the shell's list, vite.config.ts); the theme is the entry's lazy teamsLight.
  const theme = graph.entry.dynamicImports.filter((f) => /(^|\/)teamsLight-/.test(f));
  const initial = staticClosure(graph, [graph.entry.file, ...firstLoadListedInHtml(distDir), ...theme]);
  const initialCss = new Set([...initial].flatMap((f) => graph.chunks.get(f)?.css ?? []));
  for (const css of cssLinkedFromHtml(distDir)) initialCss.add(css);
  const editorEntry = [...graph.chunks.values()].find(
    (c) => /editor/i.test(c.name) && isLazy(graph, c.file, initial),
  );
  const editorFiles = editorEntry
    ? [...staticClosure(graph, [editorEntry.file])].filter((f) => !initial.has(f))
    : [];
  const editorCss = editorFiles
    .flatMap((f) => graph.chunks.get(f)?.css ?? [])
    .filter((c) => !initialCss.has(c));

  const js = sum(initial);
  const css = sum(initialCss);
  const editor = sum([...editorFiles, ...editorCss]);
  const kb = (n: number) => n / 1000;
  const figures: Figure[] = [
    {
      section: SECTION,
      name: 'Dashboard initial JS + CSS',
      value: kb(js.gzip + css.gzip),
      unit: 'kB',
      digits: 1,
      target: { comparison: 'atMost', value: INITIAL_TARGET_KB, unit: 'kB' },
      detail:
        `JS ${kb(js.gzip).toFixed(1)} kB gzip (${kb(js.raw).toFixed(1)} kB raw, ${initial.size} file(s)), ` +
        `CSS ${kb(css.gzip).toFixed(1)} kB gzip (${initialCss.size} file(s)${initialCss.size ? '' : ': styles are made at run time by Griffel'}); ` +
        `import graph from ${graph.source}`,
    },
    {
      section: SECTION,
      name: 'Editor chunk (lazy)',
      value: editorEntry ? kb(size(editorEntry.file).gzip) : Number.NaN,
      unit: 'kB',
      digits: 1,
      detail: editorEntry
        ? `${editorEntry.file}; with what it needs beyond the initial load ` +
          `${kb(editor.gzip).toFixed(1)} kB in ${editorFiles.length + editorCss.length} file(s): ${editorFiles.join(', ')}`
        : undefined,
      ...(editorEntry
        ? {}
        : { error: 'no lazily loaded chunk named like "editor": the editor ships in the initial bundle' }),
    },
  ];
  return {
    figures,
    raw: {
      source: graph.source,
      initialJs: [...initial],
      initialCss: [...initialCss],
      editor: [...editorFiles, ...editorCss],
      bytes,
    },
  };
}

function isLazy(graph: Graph, file: string, initial: Set<string>): boolean {
  if (initial.has(file)) return false;
  return [...graph.chunks.values()].some((c) => c.dynamicImports.includes(file));
}

function staticClosure(graph: Graph, roots: string[]): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const next of graph.chunks.get(file)?.imports ?? []) visit(next);
  };
  roots.forEach(visit);
  return seen;
}

function readIndexHtml(distDir: string): string {
  const file = path.join(distDir, 'index.html');
  if (!existsSync(file)) throw new Error(`${file} is missing: run npm run build first`);
  return readFileSync(file, 'utf8');
}

/** Asset paths in the HTML are absolute (`/assets/x.js`); files are relative to dist/tab. */
function assetPath(href: string): string {
  return href.replace(/^\.?\//, '');
}

/** The start's and the shell's files as index.html lists them (modulepreloads, the shell's data block). */
function firstLoadListedInHtml(distDir: string): string[] {
  const html = readIndexHtml(distDir);
  const preloaded = [...html.matchAll(/<link[^>]+rel="modulepreload"[^>]*href="([^"]+)"/g)].map((m) => m[1]!);
  const shellList = /<script type="application\/json" id="sds-shell-files">([^<]*)<\/script>/.exec(html)?.[1];
  if (!shellList) throw new Error(`${distDir}/index.html has no list of the shell's files (sds-shell-files)`);
  const shell = JSON.parse(shellList) as string[];
  return [...preloaded, ...shell].map(assetPath);
}

function cssLinkedFromHtml(distDir: string): string[] {
  const html = readIndexHtml(distDir);
  return [...html.matchAll(/<link[^>]+rel="stylesheet"[^>]*href="([^"]+)"/g)].map((m) => assetPath(m[1]!));
}

function readImportGraph(distDir: string): Graph {
  const manifestFile = path.join(distDir, '.vite', 'manifest.json');
  return existsSync(manifestFile) ? fromManifest(manifestFile) : fromBuiltFiles(distDir);
}

type ManifestChunk = {
  file: string;
  src?: string;
  name?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
};

function fromManifest(manifestFile: string): Graph {
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Record<string, ManifestChunk>;
  const fileOf = (key: string) => manifest[key]?.file ?? key;
  const chunks = new Map<string, Chunk>();
  for (const [key, chunk] of Object.entries(manifest)) {
    if (!chunk.file.endsWith('.js')) continue;
    chunks.set(chunk.file, {
      file: chunk.file,
      name: `${key} ${chunk.name ?? ''}`,
      imports: (chunk.imports ?? []).map(fileOf),
      dynamicImports: (chunk.dynamicImports ?? []).map(fileOf),
      css: chunk.css ?? [],
    });
  }
  const entryKey = Object.keys(manifest).find((k) => manifest[k]!.isEntry && k.endsWith('index.html'));
  const entry = entryKey ? chunks.get(manifest[entryKey]!.file) : undefined;
  if (!entry) throw new Error(`${manifestFile} has no entry for index.html`);
  return { entry, chunks, source: 'the Vite manifest' };
}

/**
 * Without a manifest: the entry from index.html, static imports from `import … from "./x.js"`
 * statements, lazy chunks from `import("./x.js")`, and the CSS Vite's preload helper lists.
 */
function fromBuiltFiles(distDir: string): Graph {
  const html = readIndexHtml(distDir);
  const entrySrc = /<script[^>]+type="module"[^>]*src="([^"]+)"/.exec(html)?.[1];
  if (!entrySrc) throw new Error(`${distDir}/index.html has no module script`);
  const chunks = new Map<string, Chunk>();
  const load = (file: string): Chunk => {
    const known = chunks.get(file);
    if (known) return known;
    const code = readFileSync(path.join(distDir, file), 'utf8');
    const dir = path.posix.dirname(file);
    const resolve = (spec: string) =>
      spec.startsWith('.') ? path.posix.normalize(path.posix.join(dir, spec)) : assetPath(spec);
    const chunk: Chunk = {
      file,
      name: path.posix.basename(file),
      imports: [
        ...code.matchAll(/(?:^|[;}\n])\s*import\s*(?:[\w$*{},\s]+?\s*from\s*)?["'`]([^"'`]+\.js)["'`]/g),
      ].map((m) => resolve(m[1]!)),
      dynamicImports: [...code.matchAll(/import\(\s*["'`]([^"'`]+\.js)["'`]\s*\)/g)].map((m) =>
        resolve(m[1]!),
      ),
      css: [],
    };
    chunks.set(file, chunk);
    for (const next of [...chunk.imports, ...chunk.dynamicImports]) load(next);
    return chunk;
  };
  const entry = load(assetPath(entrySrc));
  // Vite's preload helper names each lazy chunk's dependencies (its CSS among them) in one list.
  for (const chunk of [...chunks.values()]) {
    const code = readFileSync(path.join(distDir, chunk.file), 'utf8');
    const deps = /\.f\s*\|\|\s*\(\s*\w+\.f\s*=\s*(\[[^\]]*\])/.exec(code)?.[1];
    if (!deps) continue;
    for (const dep of JSON.parse(deps) as string[]) {
      if (!dep.endsWith('.css')) continue;
      for (const lazy of chunk.dynamicImports) {
        const stem = path.posix.basename(lazy).split(/[-.]/)[0]!;
        if (path.posix.basename(dep).startsWith(stem)) chunks.get(lazy)?.css.push(assetPath(dep));
      }
    }
  }
  return { entry, chunks, source: "the built files' import statements (no Vite manifest)" };
}
