/**
 * fast-check arbitraries derived from our zod schemas, so the fuzzing follows the contract as it
 * changes: the schema is turned into JSON Schema (zod's own `z.toJSONSchema`) and each JSON Schema
 * node into an arbitrary. Then mutations that break one thing at a known path: a wrong type, an
 * unknown enum value, a bad GUID, an unknown property, a huge string, a missing member.
 */
import fc from 'fast-check';
import { z } from 'zod';

export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
};

/** The JSON Schema of what a client may send (`io: 'input'`: defaults are optional). */
export function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
}

/** Arrays and strings stay short: the point is shape, not volume (huge strings are a mutation). */
const MAX_ITEMS = 3;
const MAX_TEXT = 24;

const label = fc.stringMatching(/^[a-z][a-z0-9]{0,9}$/);
const httpsUrl = fc
  .tuple(label, fc.constantFrom('edu', 'org', 'com'), fc.array(label, { maxLength: 2 }))
  .map(([host, tld, segments]) => `https://${host}.${tld}/${segments.join('/')}`);
const dateOnly = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const dateTime = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString());
/** Text without leading or trailing blanks (zod's `.trim()` is not in JSON Schema). */
const text = (min: number, max: number) =>
  fc
    .string({
      unit: fc.constantFrom(
        ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -_.éü中'.split(''),
      ),
      minLength: Math.max(min, 0),
      maxLength: Math.max(min, Math.min(max, MAX_TEXT)),
    })
    .map((s) => s.trim())
    .filter((s) => s.length >= min && s.length <= max);

/**
 * Strings for a pattern. fast-check cannot generate lookarounds, so they are dropped for
 * generation and every candidate is then checked against the full pattern.
 */
function matching(pattern: string, min: number, max: number): fc.Arbitrary<string> {
  const full = new RegExp(pattern);
  const generable = pattern.replace(/\(\?<?[=!][^()]*\)/g, '');
  return fc
    .stringMatching(new RegExp(generable))
    .filter((s) => full.test(s) && s.length >= min && s.length <= max && s.trim() === s);
}

function stringArbitrary(schema: JsonSchema): fc.Arbitrary<string> {
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? 10_000;
  switch (schema.format) {
    case 'uri':
      return httpsUrl;
    case 'date':
      return dateOnly;
    case 'date-time':
      return dateTime;
  }
  if (schema.pattern) return matching(schema.pattern, min, max);
  return text(min, max);
}

export function arbitraryOf(schema: JsonSchema): fc.Arbitrary<unknown> {
  if ('const' in schema) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map(arbitraryOf));
  if (Array.isArray(schema.type)) {
    return fc.oneof(...schema.type.map((type) => arbitraryOf({ ...schema, type })));
  }
  switch (schema.type) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1000 });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1000, noNaN: true });
    case 'string':
      return stringArbitrary(schema);
    case 'array':
      return fc.array(arbitraryOf(schema.items ?? {}), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? MAX_ITEMS, MAX_ITEMS),
      });
    case 'object': {
      const properties = schema.properties ?? {};
      return fc.record(
        Object.fromEntries(Object.entries(properties).map(([key, member]) => [key, arbitraryOf(member)])),
        { requiredKeys: schema.required ?? [] },
      );
    }
    default:
      // `{}` (anything): a plain JSON value.
      return fc.oneof(fc.constant(null), fc.boolean(), text(0, 8));
  }
}

// ---------------------------------------------------------------------------------------------
// Mutations

export type Path = (string | number)[];

export type Mutation =
  | { kind: 'wrongType'; path: Path; value: unknown }
  | { kind: 'unknownEnumValue'; path: Path; value: string }
  | { kind: 'badGuid'; path: Path; value: string }
  | { kind: 'unknownProperty'; path: Path; value: unknown }
  | { kind: 'hugeString'; path: Path; value: string }
  | { kind: 'missingMember'; path: Path };

type Node = { path: Path; value: unknown; schema: JsonSchema };

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** The alternative of a union that `value` was generated from (the first that fits). */
function resolve(schema: JsonSchema, value: unknown): JsonSchema {
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (!alternatives) return schema;
  for (const alternative of alternatives) {
    const type = alternative.type;
    const types = Array.isArray(type) ? type : type ? [type] : [];
    const t = typeOf(value);
    const constOk = !('const' in alternative) || alternative.const === value;
    if (
      constOk &&
      (types.length === 0 || types.includes(t) || (t === 'number' && types.includes('integer')))
    ) {
      if (alternative.properties && typeOf(value) === 'object') {
        const discriminator = alternative.properties['@odata.type'];
        const own = (value as Record<string, unknown>)['@odata.type'];
        if (discriminator && 'const' in discriminator && own !== undefined && discriminator.const !== own)
          continue;
      }
      return resolve(alternative, value);
    }
  }
  return schema;
}

/** Every member of a generated body with the schema it was generated from. */
export function nodesOf(value: unknown, schema: JsonSchema, path: Path = []): Node[] {
  const own = resolve(schema, value);
  const nodes: Node[] = [{ path, value, schema: own }];
  if (Array.isArray(value)) {
    value.forEach((item, i) => nodes.push(...nodesOf(item, own.items ?? {}, [...path, i])));
  } else if (value && typeof value === 'object') {
    for (const [key, member] of Object.entries(value)) {
      nodes.push(...nodesOf(member, own.properties?.[key] ?? {}, [...path, key]));
    }
  }
  return nodes;
}

const otherTypeValues: Record<string, unknown[]> = {
  string: [42, true, { text: 'x' }, ['x']],
  number: ['42', false, {}],
  boolean: ['true', 1, []],
  object: ['object', 7, [1, 2]],
  array: ['list', 3, { 0: 'x' }],
};

/** Mutations that can apply to `body`, each breaking exactly one member. */
export function mutationsOf(body: unknown, schema: JsonSchema): fc.Arbitrary<Mutation> {
  const nodes = nodesOf(body, schema).filter((n) => n.path.length > 0);
  const options: fc.Arbitrary<Mutation>[] = [];
  const pick = <T>(items: T[]) => fc.nat({ max: items.length - 1 }).map((i) => items[i]!);

  const typed = nodes.filter((n) => otherTypeValues[typeOf(n.value)]);
  if (typed.length) {
    options.push(
      pick(typed).chain((n) =>
        fc
          .constantFrom(...otherTypeValues[typeOf(n.value)]!)
          .map((value) => ({ kind: 'wrongType' as const, path: n.path, value })),
      ),
    );
  }
  const enums = nodes.filter((n) => Array.isArray(n.schema.enum) && typeof n.value === 'string');
  if (enums.length) {
    options.push(
      pick(enums).map((n) => ({ kind: 'unknownEnumValue' as const, path: n.path, value: 'principal' })),
    );
  }
  const guids = nodes.filter((n) => typeof n.value === 'string' && GUID.test(n.value));
  if (guids.length) {
    options.push(
      fc
        .tuple(
          pick(guids),
          fc.constantFrom(
            'not-a-guid',
            '6fd2c87f-b296-42f0-b197-1e91e994b90',
            '{6fd2c87f-b296-42f0-b197-1e91e994b900}',
            'zzzzzzzz-b296-42f0-b197-1e91e994b900',
          ),
        )
        .map(([n, value]) => ({ kind: 'badGuid' as const, path: n.path, value })),
    );
  }
  const objects = nodes
    .filter((n) => typeOf(n.value) === 'object')
    .concat([{ path: [], value: body, schema }]);
  options.push(
    fc
      .tuple(pick(objects), fc.constantFrom('unexpected', 'ID', 'isAdmin', '__proto__x'))
      .map(([n, key]) => ({ kind: 'unknownProperty' as const, path: [...n.path, key], value: 'surprise' })),
  );
  const strings = nodes.filter((n) => typeof n.value === 'string' && !('const' in n.schema));
  if (strings.length) {
    options.push(
      fc
        .tuple(pick(strings), fc.integer({ min: 2_000, max: 20_000 }))
        .map(([n, length]) => ({ kind: 'hugeString' as const, path: n.path, value: 'x'.repeat(length) })),
    );
  }
  const required = nodes.filter((n) => {
    const parent = nodesOf(body, schema).find((p) => samePath(p.path, n.path.slice(0, -1)));
    const key = n.path[n.path.length - 1];
    return typeof key === 'string' && parent?.schema.required?.includes(key);
  });
  if (required.length) {
    options.push(pick(required).map((n) => ({ kind: 'missingMember' as const, path: n.path })));
  }
  return fc.oneof(...options);
}

export function samePath(a: Path, b: Path): boolean {
  return a.length === b.length && a.every((segment, i) => String(segment) === String(b[i]));
}

/** A deep copy of `body` with the mutation applied. */
export function applyMutation(body: unknown, mutation: Mutation): unknown {
  const copy = structuredClone(body) as Record<string | number, unknown>;
  const parentPath = mutation.path.slice(0, -1);
  const key = mutation.path[mutation.path.length - 1]!;
  let parent: Record<string | number, unknown> = copy;
  for (const segment of parentPath) parent = parent[segment] as Record<string | number, unknown>;
  if (mutation.kind === 'missingMember') delete parent[key];
  else parent[key] = mutation.value;
  return copy;
}

/**
 * Whether a dotted field path (`dataProvider.@odata.type`, `licensesToAssign.0.skuIds.1`) names a
 * place in `body`: an existing member, or a missing one of an existing object. Keys may contain
 * dots themselves, so at each level the longest key that fits is taken.
 */
export function pointsInto(body: unknown, dotted: string): boolean {
  if (dotted === '') return false;
  const segments = dotted.split('.');
  let node: unknown = body;
  let i = 0;
  while (i < segments.length) {
    if (node === null || typeof node !== 'object') return false;
    let next = -1;
    for (let j = segments.length; j > i; j--) {
      if (Object.hasOwn(node, segments.slice(i, j).join('.'))) {
        next = j;
        break;
      }
    }
    // Not there: a missing member of this object (what a "required" problem names).
    if (next === -1) return true;
    node = (node as Record<string, unknown>)[segments.slice(i, next).join('.')];
    i = next;
  }
  return true;
}

/** Whether a field path and a mutated member are the same member, or one contains the other. */
export function related(dotted: string, path: Path): boolean {
  const mutated = path.join('.');
  return dotted === mutated || dotted.startsWith(`${mutated}.`) || mutated.startsWith(`${dotted}.`);
}

// ---------------------------------------------------------------------------------------------
// Hostile bodies: what an attacker sends rather than what a confused client sends

/** What a hostile request must get: the status, the problem code, and what the problem names. */
export type HostileCase = {
  kind: 'deepNesting' | 'prototypeKey' | 'oddEncoding' | 'unreadableName';
  description: string;
  body: string | Buffer;
  headers: Record<string, string>;
  expected: { status: number; code: string; field?: string; detail?: RegExp };
};

const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

/** `body` as JSON text with the member at `path` replaced by the raw JSON text `raw`. */
function withRawMember(body: unknown, path: Path, raw: string): string {
  const marker = '\u0000hostile\u0000';
  return JSON.stringify(applyMutation(body, { kind: 'wrongType', path, value: marker })).replace(
    JSON.stringify(marker),
    raw,
  );
}

/** `body` with an own member `key` (even `__proto__`) added to the object at `path`. */
function withOwnMember(body: unknown, path: Path, key: string, value: unknown): unknown {
  const copy = structuredClone(body) as Record<string | number, unknown>;
  let target: Record<string | number, unknown> = copy;
  for (const segment of path) target = target[segment] as Record<string | number, unknown>;
  // Defined, not assigned: assigning `__proto__` would set the prototype instead of a member.
  Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true });
  return copy;
}

/**
 * One hostile request built from a valid body: nesting far past the limit at one of its members,
 * a prototype key in one of its objects, an encoding that is not what it claims, or a name of
 * invisible or half characters. None of them may be saved, and each answer says what is wrong.
 */
export function hostileCasesOf(
  body: unknown,
  schema: JsonSchema,
  maxDepth: number,
): fc.Arbitrary<HostileCase> {
  const nodes = nodesOf(body, schema).filter((n) => n.path.length > 0);
  const objects = nodesOf(body, schema).filter((n) => typeOf(n.value) === 'object');
  const pick = <T>(items: T[]) => fc.nat({ max: items.length - 1 }).map((i) => items[i]!);
  const json = JSON.stringify(body);

  const deep = fc
    .tuple(pick(nodes), fc.integer({ min: maxDepth + 1, max: 8_000 }), fc.boolean())
    .map(([node, depth, arrays]): HostileCase => {
      const nested = arrays
        ? `${'['.repeat(depth)}${']'.repeat(depth)}`
        : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
      return {
        kind: 'deepNesting',
        description: `${depth} levels at ${node.path.join('.')}`,
        body: withRawMember(body, node.path, nested),
        headers: {},
        expected: {
          status: 400,
          code: 'validation_failed',
          detail: new RegExp(`at most ${maxDepth} levels deep`),
        },
      };
    });

  const prototypeKey = fc
    .tuple(
      pick(objects),
      fc.constantFrom(...PROTOTYPE_KEYS),
      fc.constantFrom<unknown>({ isAdmin: true }, 1, null, []),
    )
    .map(([node, key, value]): HostileCase => {
      const field = [...node.path, key].join('.');
      return {
        kind: 'prototypeKey',
        description: field,
        body: JSON.stringify(withOwnMember(body, node.path, key, value)),
        headers: {},
        expected: { status: 400, code: 'validation_failed', field },
      };
    });

  const oddEncoding = fc.constantFrom<HostileCase>(
    {
      kind: 'oddEncoding',
      description: 'Content-Encoding gzip on a plain body',
      body: json,
      headers: { 'content-encoding': 'gzip' },
      expected: { status: 400, code: 'validation_failed', detail: /not valid gzip data/ },
    },
    {
      kind: 'oddEncoding',
      description: 'Content-Encoding br on a plain body',
      body: json,
      headers: { 'content-encoding': 'br' },
      expected: { status: 400, code: 'validation_failed', detail: /not valid br data/ },
    },
    ...['compress', 'x-unknown', 'gzip, br'].map((encoding): HostileCase => ({
      kind: 'oddEncoding',
      description: `Content-Encoding ${encoding}`,
      body: json,
      headers: { 'content-encoding': encoding },
      expected: { status: 415, code: 'validation_failed', detail: /Content-Encoding .* is not supported/ },
    })),
    ...['latin1', 'utf-16', 'shift_jis'].map((charset): HostileCase => ({
      kind: 'oddEncoding',
      description: `charset=${charset}`,
      body: json,
      headers: { 'content-type': `application/json; charset=${charset}` },
      expected: { status: 415, code: 'validation_failed', detail: /send JSON as UTF-8/ },
    })),
    {
      kind: 'oddEncoding',
      description: 'bytes that are not UTF-8 inside a string',
      body: Buffer.concat([
        Buffer.from(json.slice(0, json.indexOf('"displayName":"') + 15)),
        Buffer.from([0xc3, 0x28, 0xff]),
        Buffer.from(json.slice(json.indexOf('"displayName":"') + 15)),
      ]),
      headers: {},
      expected: { status: 400, code: 'malformed_json', detail: /not valid UTF-8/ },
    },
  );

  const unreadableName = fc
    .constantFrom(
      '\\u202e',
      '\\u200b\\u200b',
      '\\u0000',
      '\\u0007',
      '\\ud800',
      '\\udfff',
      '\\u2066',
      '\\u2028',
    )
    .chain((escape) => fc.tuple(fc.constant(escape), fc.boolean()))
    .map(([escape, alone]): HostileCase => ({
      kind: 'unreadableName',
      description: `displayName with ${escape}${alone ? ' only' : ''}`,
      body: withRawMember(body, ['displayName'], alone ? `"${escape}"` : `"Name ${escape} x"`),
      headers: {},
      expected: { status: 400, code: 'validation_failed', field: 'displayName' },
    }))
    // Zero-width spaces inside other text are allowed; only a name made of them is refused.
    .filter((c) => !(c.description.includes('200b') && !c.description.endsWith('only')));

  return fc.oneof(deep, prototypeKey, oddEncoding, unreadableName);
}
