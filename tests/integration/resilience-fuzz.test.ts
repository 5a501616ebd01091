/**
 * Property-based fuzzing of PUT /api/profiles/:id with bodies derived from the contract's own
 * schema (contracts/api.ts profileUpdateSchema, through tests/resilience/arbitraries.ts): valid
 * bodies, then the same bodies with one member broken. The backend never answers 5xx, and every
 * 4xx names the field: `problem.fields[].path` is non-empty, points into the body that was sent,
 * and one of them is the member that was broken. Oversized bodies get 413, malformed JSON 400.
 * Hostile bodies (nesting far past MAX_JSON_DEPTH, prototype keys, encodings that are not what
 * they claim, names of invisible or half characters) get the 4xx that says what is wrong.
 * The backend's real per-user rate limit applies in the full run; a 429 is waited out.
 * Runs are bounded (numRuns) and reproducible (fixed seed; FUZZ_SEED overrides it).
 */
import fc from 'fast-check';
import { beforeAll, beforeEach, describe, expect, test } from 'vitest';
import {
  apiRoutes,
  MAX_JSON_BODY_BYTES,
  profileDetailSchema,
  profileListSchema,
  profileUpdateSchema,
  type ProfileSummary,
} from '../../contracts/api';
import { canonicalODataType, odataTypes, providerKindOf, type ProviderKind } from '../../contracts/graph';
import { MAX_JSON_DEPTH } from '../../contracts/json';
import { connectApi, problemOf, type Api, type ApiAnswer } from '../resilience/api';
import {
  applyMutation,
  arbitraryOf,
  hostileCasesOf,
  jsonSchemaOf,
  mutationsOf,
  pointsInto,
  related,
  type Mutation,
} from '../resilience/arbitraries';
import { FUZZ_SEED, resilience } from '../resilience/settings';

const updateSchema = jsonSchemaOf(profileUpdateSchema);
const validBody = arbitraryOf(updateSchema);
const runs = { numRuns: resilience.fuzzRuns, seed: FUZZ_SEED, endOnFailure: true };

let api: Api;
let token: string;
/** One profile of each provider kind, with the ETag to send next. */
const targets = new Map<ProviderKind, { id: string; etag: string }>();

async function currentEtag(id: string): Promise<string> {
  const answer = await api.request('GET', apiRoutes.profile(id), token);
  expect(answer.status).toBe(200);
  return profileDetailSchema.parse(answer.body).etag;
}

function targetFor(body: unknown) {
  const type = (body as { dataProvider: { '@odata.type': string } }).dataProvider['@odata.type'];
  const target = targets.get(providerKindOf({ '@odata.type': canonicalODataType(type) }));
  if (!target) throw new Error(`The demo data has no profile with a ${type} data provider`);
  return target;
}

function put(
  id: string,
  etag: string,
  body: string | Buffer,
  headers: Record<string, string> = {},
): Promise<ApiAnswer> {
  return api.request('PUT', apiRoutes.profile(id), token, {
    headers: { 'if-match': etag, ...headers },
    body,
  });
}

/** The problem with every field path checked against the body that was sent. */
function expectFieldsNamed(answer: ApiAnswer, sent: unknown, mutation?: Mutation) {
  const problem = problemOf(answer);
  const fields = problem.fields ?? [];
  const context = `${answer.status} ${problem.code} for ${JSON.stringify(mutation ?? 'a valid body')}: ${JSON.stringify(fields)}`;
  expect(fields.length, context).toBeGreaterThan(0);
  for (const field of fields) {
    expect(field.path, context).not.toBe('');
    expect(pointsInto(sent, field.path), `${field.path} is not in the body; ${context}`).toBe(true);
  }
  if (mutation) {
    expect(
      fields.some((f) => related(f.path, mutation.path)),
      `no field names ${mutation.path.join('.')}; ${context}`,
    ).toBe(true);
  }
  return problem;
}

beforeAll(() => {
  api = connectApi();
});

beforeEach(async () => {
  await api.emulator.reset();
  token = await api.emulator.ssoToken('admin@contoso');
  const list = await api.request('GET', apiRoutes.profiles, token);
  expect(list.status).toBe(200);
  targets.clear();
  const byKind = new Map<ProviderKind, ProfileSummary>();
  for (const p of profileListSchema.parse(list.body).profiles)
    if (!byKind.has(p.provider)) byKind.set(p.provider, p);
  for (const [kind, summary] of byKind)
    targets.set(kind, { id: summary.id, etag: await currentEtag(summary.id) });
});

describe('PUT /api/profiles/:id fuzzing', () => {
  test('valid bodies are saved or refused with named fields, never a 5xx', async () => {
    const outcomes: Record<number, number> = {};
    await fc.assert(
      fc.asyncProperty(validBody, async (body) => {
        const target = targetFor(body);
        const answer = await put(target.id, target.etag, JSON.stringify(body));
        outcomes[answer.status] = (outcomes[answer.status] ?? 0) + 1;
        expect(answer.status, JSON.stringify(answer.body)).toBeLessThan(500);
        if (answer.status === 202) {
          target.etag = profileDetailSchema.parse(answer.body).etag;
        } else {
          // A rule the schema cannot express (across members, or Graph's own): still named.
          expect(answer.status).toBe(400);
          expectFieldsNamed(answer, body);
        }
      }),
      runs,
    );
    // Bodies straight from the contract's schema are mostly saved; otherwise the property is hollow.
    expect(outcomes[202] ?? 0, JSON.stringify(outcomes)).toBeGreaterThan(resilience.fuzzRuns / 2);
  });

  test('bodies with one member broken get 400 naming that member, and change nothing', async () => {
    const before = new Map([...targets].map(([kind, t]) => [kind, t.etag]));
    const broken = validBody.chain((body) =>
      mutationsOf(body, updateSchema).map((mutation) => ({ body, mutation })),
    );
    await fc.assert(
      fc.asyncProperty(broken, async ({ body, mutation }) => {
        const sent = applyMutation(body, mutation);
        // A mutation that happens to leave the body valid (null where null is allowed) is no test.
        fc.pre(!profileUpdateSchema.safeParse(sent).success);
        const target = targetFor(body);
        const answer = await put(target.id, target.etag, JSON.stringify(sent));
        expect(answer.status, JSON.stringify(answer.body)).toBe(400);
        expect(problemOf(answer).code).toBe('validation_failed');
        expectFieldsNamed(answer, sent, mutation);
      }),
      runs,
    );
    for (const [kind, etag] of before) expect(await currentEtag(targets.get(kind)!.id), kind).toBe(etag);
  });

  test(`bodies over ${MAX_JSON_BODY_BYTES} bytes get 413, malformed JSON gets 400`, async () => {
    const target = targets.get('csv') ?? [...targets.values()][0]!;
    const oversized = fc.tuple(
      validBody,
      fc.integer({ min: MAX_JSON_BODY_BYTES + 1, max: MAX_JSON_BODY_BYTES * 4 }),
    );
    await fc.assert(
      fc.asyncProperty(oversized, async ([body, size]) => {
        const json = JSON.stringify({ ...(body as object), displayName: 'x'.repeat(size) });
        const answer = await put(target.id, target.etag, json);
        expect(answer.status).toBe(413);
        expect(problemOf(answer).code).toBe('payload_too_large');
      }),
      { ...runs, numRuns: Math.max(5, Math.round(resilience.fuzzRuns / 10)) },
    );
    // A valid body cut short anywhere is never JSON.
    const truncated = validBody
      .map((body) => JSON.stringify(body))
      .chain((json) => fc.integer({ min: 1, max: json.length - 1 }).map((cut) => json.slice(0, cut)));
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(truncated, fc.constantFrom('{', '{"displayName":}', "{'a':1}", '[1,]', 'nul')),
        async (text) => {
          const answer = await put(target.id, target.etag, text);
          expect(answer.status, `${text.slice(0, 80)} → ${JSON.stringify(answer.body)}`).toBe(400);
          expect(problemOf(answer).code).toBe('malformed_json');
        },
      ),
      runs,
    );
  });

  test('hostile bodies get the 4xx that says what is wrong, never a 5xx, and change nothing', async () => {
    const before = new Map([...targets].map(([kind, t]) => [kind, t.etag]));
    const hostile = validBody.chain((body) =>
      hostileCasesOf(body, updateSchema, MAX_JSON_DEPTH).map((hostileCase) => ({ body, hostileCase })),
    );
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(hostile, async ({ body, hostileCase }) => {
        seen.add(hostileCase.kind);
        const target = targetFor(body);
        const answer = await put(target.id, target.etag, hostileCase.body, hostileCase.headers);
        const { expected } = hostileCase;
        const context = `${hostileCase.kind} (${hostileCase.description}) → ${answer.status} ${JSON.stringify(answer.body)?.slice(0, 300)}`;
        expect(answer.status, context).toBe(expected.status);
        const problem = problemOf(answer);
        expect(problem.code, context).toBe(expected.code);
        if (expected.detail) expect(problem.detail, context).toMatch(expected.detail);
        if (expected.field) {
          expect(
            problem.fields?.map((f) => f.path),
            context,
          ).toContain(expected.field);
        }
      }),
      runs,
    );
    expect([...seen].sort()).toEqual(['deepNesting', 'oddEncoding', 'prototypeKey', 'unreadableName']);
    for (const [kind, etag] of before) expect(await currentEtag(targets.get(kind)!.id), kind).toBe(etag);
  });

  test('the demo data covers every provider kind the schema can generate', () => {
    // Otherwise targetFor() would throw on the bodies of a missing kind.
    const kinds = [
      odataTypes.csvDataProvider,
      odataTypes.powerSchoolDataProvider,
      odataTypes.oneRosterApiDataProvider,
    ];
    for (const type of kinds) expect(targets.has(providerKindOf({ '@odata.type': type })), type).toBe(true);
  });
});
