/**
 * The two source pages (../shared/reference/seeds/, next to the repository), read at test time:
 * each page's example request and response, cut out of the page text as printed. Tests replay
 * these, not a copy, so a page that changes changes the test.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const SEEDS_DIR = path.resolve(repoRoot, '..', 'shared', 'reference', 'seeds');

export const seedPages = {
  profileStatus: '000_1279a8fb40d5f627.txt',
  updateProfile: '004_d16f5e5ac4eaf4a9.txt',
} as const;

export type SeedExample = {
  request: { method: string; url: string; headers: Record<string, string>; body: string | undefined };
  response: { status: number; headers: Record<string, string>; body: string };
};

/** The JSON text starting at `from` (a `{`), up to its matching `}`, strings respected. */
function jsonBlockAt(text: string, from: number): string {
  let depth = 0;
  let inString = false;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return text.slice(from, i + 1);
  }
  throw new Error(`An unterminated JSON block at offset ${from}`);
}

/** Header lines after a request or status line, up to the blank line or the body. */
function headersAfter(lines: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const header = /^([A-Za-z-]+):\s*(.+)$/.exec(line.trim());
    if (!header) break;
    headers[header[1]!.toLowerCase()] = header[2]!.trim();
  }
  return headers;
}

export function readSeedExample(file: string): SeedExample {
  if (!existsSync(SEEDS_DIR)) {
    throw new Error(
      `The source pages are missing: expected them in ${SEEDS_DIR} (../shared/reference/seeds next to the repository).`,
    );
  }
  const text = readFileSync(path.join(SEEDS_DIR, file), 'utf8');
  const requestLine = /^(GET|PUT|POST|PATCH|DELETE) (https:\/\/graph\.microsoft\.com\/\S+)$/m.exec(text);
  const statusLine = /^HTTP\/1\.1 (\d{3}) .*$/m.exec(text);
  if (!requestLine || !statusLine) throw new Error(`${file} has no example request and response`);
  const afterRequest = text.slice(requestLine.index + requestLine[0].length, statusLine.index);
  const requestBodyAt = afterRequest.indexOf('{');
  const afterStatus = text.slice(statusLine.index + statusLine[0].length);
  return {
    request: {
      method: requestLine[1]!,
      url: requestLine[2]!,
      headers: headersAfter(afterRequest.split('\n').slice(1)),
      body: requestBodyAt === -1 ? undefined : jsonBlockAt(afterRequest, requestBodyAt),
    },
    response: {
      status: Number(statusLine[1]),
      headers: headersAfter(afterStatus.split('\n').slice(1)),
      body: jsonBlockAt(afterStatus, afterStatus.indexOf('{')),
    },
  };
}

/** Every member's path in order, so two JSON values can be compared member by member, order included. */
export function memberPaths(value: unknown, prefix = '$'): string[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => memberPaths(item, `${prefix}[${i}]`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, member]) => [
      `${prefix}.${key}`,
      ...memberPaths(member, `${prefix}.${key}`),
    ]);
  }
  return [];
}
