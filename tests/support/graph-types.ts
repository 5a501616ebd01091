/**
 * Checks a JSON answer against the types Microsoft generates from Graph's beta metadata
 * (`@microsoft/microsoft-graph-types-beta`, pinned at 0.43.0-preview), read from its .d.ts at test
 * time with the TypeScript compiler's parser: no copy of the model that could drift.
 *
 * What it proves: every member of the answer is declared by the type (or by the derived type its
 * `@odata.type` names, which must extend the declared one), and every value has the declared JSON
 * type — string, number, boolean, array, object, null only where `NullableOption`, an enum value
 * only from its union. What it does not prove: formats (GUIDs, dates), which members are required
 * (the generated types make every member optional) or semantics. OData control information
 * (`@odata.context`, `@odata.type`, `@odata.count`, `@odata.nextLink`) is not a member.
 * The type-level half (our contracts declare no member the generated types lack) is in
 * tests/unit/contracts-read-schemas.test.ts.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import ts from 'typescript';

type Interface = { extends: string[]; members: Map<string, ts.TypeNode> };

type Model = { interfaces: Map<string, Interface>; aliases: Map<string, ts.TypeNode> };

let model: Model | undefined;

function load(): Model {
  if (model) return model;
  const require = createRequire(import.meta.url);
  const file = require.resolve('@microsoft/microsoft-graph-types-beta/microsoft-graph.d.ts');
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
  const interfaces = new Map<string, Interface>();
  const aliases = new Map<string, ts.TypeNode>();
  source.forEachChild((node) => {
    if (ts.isInterfaceDeclaration(node)) {
      const members = new Map<string, ts.TypeNode>();
      for (const member of node.members) {
        if (ts.isPropertySignature(member) && member.type) {
          members.set(member.name.getText(source).replace(/^["']|["']$/g, ''), member.type);
        }
      }
      const bases = (node.heritageClauses ?? []).flatMap((clause) =>
        clause.types.map((t) => t.expression.getText(source)),
      );
      interfaces.set(node.name.text, { extends: bases, members });
    } else if (ts.isTypeAliasDeclaration(node)) {
      aliases.set(node.name.text, node.type);
    }
  });
  model = { interfaces, aliases };
  return model;
}

function allMembers(name: string): Map<string, ts.TypeNode> {
  const { interfaces } = load();
  const declared = interfaces.get(name);
  if (!declared) throw new Error(`The generated Graph types declare no interface ${name}.`);
  const out = new Map<string, ts.TypeNode>();
  for (const base of declared.extends) for (const [k, v] of allMembers(base)) out.set(k, v);
  for (const [k, v] of declared.members) out.set(k, v);
  return out;
}

function extendsOrIs(name: string, base: string): boolean {
  if (name === base) return true;
  return (load().interfaces.get(name)?.extends ?? []).some((b) => extendsOrIs(b, base));
}

/** `#microsoft.graph.educationCsvDataProvider` (any spelling) → `EducationCsvDataProvider`. */
function interfaceNamed(odataType: string): string | undefined {
  const bare = odataType.replace(/^#?microsoft\.graph\./i, '').toLowerCase();
  return [...load().interfaces.keys()].find((name) => name.toLowerCase() === bare);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}

function check(value: unknown, type: ts.TypeNode, path: string, problems: string[]): void {
  if (ts.isParenthesizedTypeNode(type)) return check(value, type.type, path, problems);
  if (ts.isUnionTypeNode(type)) {
    const literals = type.types.filter(ts.isLiteralTypeNode);
    if (literals.length === type.types.length) {
      const allowed = literals.map((l) => (l.literal as ts.StringLiteral).text);
      if (typeof value !== 'string' || !allowed.includes(value)) {
        problems.push(`${path}: ${JSON.stringify(value)} is not one of ${allowed.join(', ')}`);
      }
      return;
    }
    // A union of shapes: fine if any branch accepts the value.
    const attempts = type.types.map((t) => {
      const found: string[] = [];
      check(value, t, path, found);
      return found;
    });
    if (!attempts.some((found) => found.length === 0)) problems.push(...attempts[0]!);
    return;
  }
  if (ts.isArrayTypeNode(type)) {
    if (!Array.isArray(value))
      return void problems.push(`${path}: expected an array, got ${describe(value)}`);
    value.forEach((item, i) => check(item, type.elementType, `${path}[${i}]`, problems));
    return;
  }
  switch (type.kind) {
    case ts.SyntaxKind.StringKeyword:
      if (typeof value !== 'string') problems.push(`${path}: expected a string, got ${describe(value)}`);
      return;
    case ts.SyntaxKind.NumberKeyword:
      if (typeof value !== 'number') problems.push(`${path}: expected a number, got ${describe(value)}`);
      return;
    case ts.SyntaxKind.BooleanKeyword:
      if (typeof value !== 'boolean') problems.push(`${path}: expected a boolean, got ${describe(value)}`);
      return;
    case ts.SyntaxKind.AnyKeyword:
    case ts.SyntaxKind.UnknownKeyword:
      return;
  }
  if (ts.isTypeReferenceNode(type)) {
    const name = ts.isIdentifier(type.typeName) ? type.typeName.text : type.typeName.right.text;
    if (name === 'NullableOption') {
      if (value === null) return;
      return check(value, type.typeArguments![0]!, path, problems);
    }
    const alias = load().aliases.get(name);
    if (alias) return check(value, alias, path, problems);
    return checkObject(value, name, path, problems);
  }
  problems.push(`${path}: the checker does not know the type ${ts.SyntaxKind[type.kind]}`);
}

function checkObject(value: unknown, declared: string, path: string, problems: string[]): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    problems.push(`${path}: expected an object (${declared}), got ${describe(value)}`);
    return;
  }
  const record = value as Record<string, unknown>;
  let actual = declared;
  const odataType = record['@odata.type'];
  if (typeof odataType === 'string') {
    const named = interfaceNamed(odataType);
    if (!named) return void problems.push(`${path}: @odata.type ${odataType} names no generated type`);
    if (!extendsOrIs(named, declared)) {
      return void problems.push(`${path}: @odata.type ${odataType} is not a ${declared}`);
    }
    actual = named;
  }
  const members = allMembers(actual);
  for (const [key, member] of Object.entries(record)) {
    if (key.startsWith('@odata.')) continue;
    const type = members.get(key);
    if (!type) problems.push(`${path}.${key}: ${actual} declares no member '${key}'`);
    else check(member, type, `${path}.${key}`, problems);
  }
}

/** Problems of `value` as a `typeName` (an interface of the generated types); [] when none. */
export function graphTypeProblems(value: unknown, typeName: string): string[] {
  const problems: string[] = [];
  checkObject(value, typeName, '$', problems);
  return problems;
}

/** Problems of a collection answer (`{ value: [...] }`) whose items are `typeName`s. */
export function graphCollectionProblems(value: unknown, typeName: string): string[] {
  if (!value || typeof value !== 'object' || !Array.isArray((value as { value?: unknown }).value)) {
    return ['$: expected a collection with a value array'];
  }
  const problems: string[] = [];
  for (const key of Object.keys(value)) {
    if (key !== 'value' && !key.startsWith('@odata.')) problems.push(`$.${key}: not part of a collection`);
  }
  (value as { value: unknown[] }).value.forEach((item, i) =>
    checkObject(item, typeName, `$.value[${i}]`, problems),
  );
  return problems;
}

/**
 * Problems of any successful answer of the profile family, by the path it answered (relative to
 * `/beta`, query string allowed): which generated type the answer must be follows from the path.
 */
export function graphAnswerProblems(path: string, body: unknown): string[] {
  const segments = path.split('?')[0]!.split('/').filter(Boolean);
  const last = segments.at(-1)!.replace(/\(\)$/, '');
  const isCollection =
    !!body && typeof body === 'object' && Array.isArray((body as { value?: unknown }).value);
  if (last === 'uploadUrl') {
    return typeof (body as { value?: unknown }).value === 'string' ? [] : ['$.value: expected a string'];
  }
  if (last === 'profileStatus') return graphTypeProblems(body, 'EducationSynchronizationProfileStatus');
  if (last === 'start')
    return graphCollectionProblems(body, 'EducationFileSynchronizationVerificationMessage');
  if (segments.at(-2) === 'errors') return graphTypeProblems(body, 'EducationSynchronizationError');
  if (last === 'errors') return graphCollectionProblems(body, 'EducationSynchronizationError');
  return isCollection
    ? graphCollectionProblems(body, 'EducationSynchronizationProfile')
    : graphTypeProblems(body, 'EducationSynchronizationProfile');
}
