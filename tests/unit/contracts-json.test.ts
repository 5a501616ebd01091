import { describe, expect, it } from 'vitest';
import { normalizeODataTypes, odataTypes, profileWriteSchema } from '../../contracts/graph';
import {
  jsonNestsDeeperThan,
  JsonTooDeepError,
  MAX_JSON_DEPTH,
  parseJsonBody,
  prototypeKeyPaths,
} from '../../contracts/json';

const nested = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;

describe('jsonNestsDeeperThan', () => {
  it('counts objects and arrays, not brackets inside strings or escaped quotes', () => {
    expect(jsonNestsDeeperThan(nested(3), 3)).toBe(false);
    expect(jsonNestsDeeperThan(nested(4), 3)).toBe(true);
    expect(jsonNestsDeeperThan('{"a":{"b":[1]}}', 3)).toBe(false);
    expect(jsonNestsDeeperThan('{"a":{"b":[{}]}}', 3)).toBe(true);
    expect(jsonNestsDeeperThan(`{"a":"${'['.repeat(100)}"}`, 1)).toBe(false);
    expect(jsonNestsDeeperThan(`{"a":"\\"${'{'.repeat(10)}"}`, 1)).toBe(false);
  });

  it('copes with a text far deeper than any stack', () => {
    expect(jsonNestsDeeperThan(nested(1_000_000), MAX_JSON_DEPTH)).toBe(true);
  });
});

describe('parseJsonBody', () => {
  it('parses a body within the limits', () => {
    expect(parseJsonBody('{"a":[1,{"b":null}]}')).toEqual({ ok: true, value: { a: [1, { b: null }] } });
  });

  it('refuses nesting beyond the limit before parsing', () => {
    expect(parseJsonBody(`{"a":${nested(8000)}}`)).toEqual({
      ok: false,
      problem: { kind: 'tooDeep', maxDepth: MAX_JSON_DEPTH },
    });
    expect(parseJsonBody(nested(MAX_JSON_DEPTH)).ok).toBe(true);
  });

  it('names every prototype key by its dotted path', () => {
    const result = parseJsonBody(
      '{"__proto__":{"x":1},"a":{"constructor":1},"list":[{"prototype":2}],"fine":{"proto":3}}',
    );
    expect(result).toEqual({
      ok: false,
      problem: { kind: 'prototypeKeys', paths: ['__proto__', 'a.constructor', 'list.0.prototype'] },
    });
  });

  it('reports a syntax error with the parser’s message', () => {
    const result = parseJsonBody('{"a":');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problem.kind).toBe('syntax');
  });
});

describe('prototypeKeyPaths', () => {
  it('finds nothing in an ordinary value', () => {
    expect(prototypeKeyPaths({ a: [1, 'b', { c: null }] })).toEqual([]);
  });
});

describe('normalizeODataTypes', () => {
  it('stops at MAX_JSON_DEPTH instead of overflowing the stack', () => {
    let value: unknown = 1;
    for (let i = 0; i < 10_000; i++) value = [value];
    expect(() => normalizeODataTypes(value)).toThrow(JsonTooDeepError);
    expect(() => normalizeODataTypes(JSON.parse(nested(MAX_JSON_DEPTH)))).not.toThrow();
  });

  it('keeps a __proto__ member a member, so the strict schema names it', () => {
    const body = JSON.parse(
      `{"__proto__":{"x":1},"displayName":"A","dataProvider":{"@odata.type":"microsoft.graph.educationCsvDataProvider"},"identitySynchronizationConfiguration":{"@odata.type":"${odataTypes.identityCreationConfiguration}","userDomains":[]}}`,
    );
    const normalized = normalizeODataTypes(body) as Record<string, unknown>;
    expect(Object.getPrototypeOf(normalized)).toBe(Object.prototype);
    expect(Object.hasOwn(normalized, '__proto__')).toBe(true);
    expect((normalized.dataProvider as Record<string, unknown>)['@odata.type']).toBe(
      odataTypes.csvDataProvider,
    );
    const parsed = profileWriteSchema.safeParse(normalized);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['__proto__'] });
  });
});
