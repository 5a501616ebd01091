/**
 * Reading a JSON request body safely, for every reader of our bodies (the backend, the Graph
 * emulator). Two things JSON.parse alone lets through:
 *
 * - Deep nesting. JSON.parse copes with any depth, but whatever walks the value next recurses
 *   once per level (normalizeODataTypes, zod): 8,000 levels in 17 KB overflow the stack. The depth
 *   is counted on the text, before anything is parsed or walked.
 * - Prototype keys. JSON.parse keeps `"__proto__"` as an own member, but the first copy made by
 *   assignment (`out[key] = value`) turns it into the copy's prototype, and a strict schema then
 *   never sees it. `constructor` and `prototype` are refused with it: no body of ours has them.
 *
 * Plain TypeScript, no zod: the tab may use it without pulling in the schemas.
 */

/** Objects and arrays inside one another. The deepest profile is 6 levels; a $batch adds 3. */
export const MAX_JSON_DEPTH = 32;

export const PROTOTYPE_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];

export type JsonBodyProblem =
  | { kind: 'syntax'; message: string }
  | { kind: 'tooDeep'; maxDepth: number }
  /** Dotted paths of the prototype keys, as validation problems name fields (`dataProvider.__proto__`). */
  | { kind: 'prototypeKeys'; paths: string[] };

export type JsonBodyResult = { ok: true; value: unknown } | { ok: false; problem: JsonBodyProblem };

/** Thrown by walkers of a JSON value (normalizeODataTypes) when it nests deeper than allowed. */
export class JsonTooDeepError extends Error {
  constructor(readonly maxDepth: number) {
    super(describeJsonTooDeep(maxDepth));
    this.name = 'JsonTooDeepError';
  }
}

export function describeJsonTooDeep(maxDepth: number): string {
  return `The JSON body is nested too deeply: objects and arrays may be at most ${maxDepth} levels deep.`;
}

/**
 * Whether the JSON text nests objects and arrays more than `maxDepth` levels deep. One pass over
 * the characters, brackets inside strings ignored; the text need not be valid JSON.
 */
export function jsonNestsDeeperThan(text: string, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (++depth > maxDepth) return true;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      depth--;
    }
  }
  return false;
}

/** Dotted paths of every prototype key in a parsed JSON value (whose depth is already bounded). */
export function prototypeKeyPaths(value: unknown, path: readonly string[] = []): string[] {
  if (value === null || typeof value !== 'object') return [];
  const found: string[] = [];
  for (const [key, member] of Object.entries(value)) {
    const here = [...path, key];
    if (!Array.isArray(value) && PROTOTYPE_KEYS.includes(key)) found.push(here.join('.'));
    found.push(...prototypeKeyPaths(member, here));
  }
  return found;
}

/** Parses a JSON body: depth first (on the text), then syntax, then prototype keys. */
export function parseJsonBody(text: string, maxDepth = MAX_JSON_DEPTH): JsonBodyResult {
  if (jsonNestsDeeperThan(text, maxDepth)) return { ok: false, problem: { kind: 'tooDeep', maxDepth } };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, problem: { kind: 'syntax', message: (error as Error).message } };
  }
  const paths = prototypeKeyPaths(value);
  if (paths.length > 0) return { ok: false, problem: { kind: 'prototypeKeys', paths } };
  return { ok: true, value };
}
