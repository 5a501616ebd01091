/**
 * Bad input gets a clear answer that names what to fix: one test per body rule (400 naming the
 * field), Content-Type (415), malformed JSON, query options, tokens (401) and unknown routes.
 */
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { GRAPH_RESOURCE, latestExpirationDate } from '../../contracts/graph';
import { demoProfileIds } from '../../emulator/graph/demo-data';
import { createEmulatorClient } from '../support/emulator-client';

const urls = inject('urls');
const emulator = createEmulatorClient({ entraUrl: urls.entra, graphUrl: urls.graph });
const BETA = `${urls.graph}/beta`;
const PROFILES = '/education/synchronizationProfiles';
const healthy = demoProfileIds.contosoHealthyCsv;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers, checked field by field
type Json = any;

let token: string;

async function send(
  method: string,
  path: string,
  init: { body?: string; headers?: Record<string, string>; auth?: string | null; base?: string } = {},
) {
  const auth = init.auth === undefined ? `Bearer ${token}` : init.auth;
  const response = await fetch(`${init.base ?? BETA}${path}`, {
    method,
    headers: { ...(auth ? { authorization: auth } : {}), ...init.headers },
    body: init.body,
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: (text === '' ? undefined : JSON.parse(text)) as Json,
  };
}

const sendJson = (method: string, path: string, json: unknown) =>
  send(method, path, { body: JSON.stringify(json), headers: { 'content-type': 'application/json' } });

const valid = () => ({
  displayName: 'Rules check',
  dataProvider: { '@odata.type': '#microsoft.graph.educationCsvDataProvider' },
  identitySynchronizationConfiguration: {
    '@odata.type': '#microsoft.graph.educationIdentityCreationConfiguration',
    userDomains: [{ appliesTo: 'student', name: 'students.contoso.edu' }],
  },
  licensesToAssign: [{ appliesTo: 'student', skuIds: ['7cfd9a2b-e110-4c39-bf20-c6a3f36a3121'] }],
});

/** A 400 in Graph's shape whose target and message name the field. */
function expectFieldError(answer: { status: number; body: Json }, target: string, message: RegExp) {
  expect(answer.status).toBe(400);
  expect(answer.body.error.code).toBe('invalidRequest');
  expect(answer.body.error.target).toBe(target);
  expect(answer.body.error.message).toMatch(message);
  expect(answer.body.error.details[0]).toMatchObject({ target });
}

beforeEach(async () => {
  await emulator.reset();
  token = await emulator.graphToken('admin@contoso');
});

describe('profile bodies: 400 naming the field', () => {
  it('an unknown enum value', async () => {
    const body = { ...valid(), licensesToAssign: [{ appliesTo: 'principal', skuIds: [] }] };
    expectFieldError(
      await sendJson('POST', PROFILES, body),
      'licensesToAssign.0.appliesTo',
      /'licensesToAssign.0.appliesTo' must be one of student, teacher, faculty, none, unknownFutureValue \(got "principal"\)/,
    );
  });

  it('a wrong type', async () => {
    expectFieldError(
      await sendJson('POST', PROFILES, { ...valid(), displayName: 42 }),
      'displayName',
      /'displayName' must be a string, not number/,
    );
    expectFieldError(
      await sendJson('POST', PROFILES, { ...valid(), handleSpecialCharacterConstraint: 'yes' }),
      'handleSpecialCharacterConstraint',
      /must be a boolean, not string/,
    );
  });

  it('a missing displayName', async () => {
    const { displayName: _, ...body } = valid();
    expectFieldError(await sendJson('POST', PROFILES, body), 'displayName', /'displayName' is required/);
  });

  it('a malformed skuId GUID', async () => {
    const body = { ...valid(), licensesToAssign: [{ appliesTo: 'student', skuIds: ['A3-for-students'] }] };
    expectFieldError(
      await sendJson('POST', PROFILES, body),
      'licensesToAssign.0.skuIds.0',
      /must be a GUID such as 6fd2c87f-b296-42f0-b197-1e91e994b900 \(got "A3-for-students"\)/,
    );
  });

  it('an expirationDate more than 18 months after the profile was created', async () => {
    const now = await emulator.advanceClock(0);
    const limit = latestExpirationDate(now);
    const tooLate = new Date(Date.parse(limit) + 86_400_000).toISOString().slice(0, 10);
    expectFieldError(
      await sendJson('POST', PROFILES, { ...valid(), expirationDate: tooLate }),
      'expirationDate',
      new RegExp(`more than 18 months after the profile was created: the latest allowed date is ${limit}`),
    );
    expect((await sendJson('POST', PROFILES, { ...valid(), expirationDate: limit })).status).toBe(202);
  });

  it('measures the 18 months from the profile’s creation on update, not from today', async () => {
    // The demo profile was created 120 days ago: a date 17 months from today is too late for it.
    const seventeenMonths = new Date(Date.now() + 17 * 30.5 * 86_400_000).toISOString().slice(0, 10);
    expect((await sendJson('POST', PROFILES, { ...valid(), expirationDate: seventeenMonths })).status).toBe(
      202,
    );
    expectFieldError(
      await sendJson('PATCH', `${PROFILES}/${healthy}`, { expirationDate: seventeenMonths }),
      'expirationDate',
      /more than 18 months after the profile was created/,
    );
  });

  it('a malformed expirationDate', async () => {
    expectFieldError(
      await sendJson('POST', PROFILES, { ...valid(), expirationDate: '2026-13-01' }),
      'expirationDate',
      /must be a date in the form YYYY-MM-DD/,
    );
  });

  it('an unknown property, at the top or nested', async () => {
    expectFieldError(
      await sendJson('POST', PROFILES, { ...valid(), colour: 'blue' }),
      'colour',
      /Unknown property 'colour': remove it from the body/,
    );
    const nested = { ...valid(), dataProvider: { ...valid().dataProvider, shoeSize: 44 } };
    expectFieldError(
      await sendJson('POST', PROFILES, nested),
      'dataProvider.shoeSize',
      /Unknown property 'dataProvider.shoeSize'/,
    );
  });

  it('a read-only member echoed from a GET is ignored, not refused (OData 4.01 §11.4.3)', async () => {
    const answer = await sendJson('POST', PROFILES, {
      ...valid(),
      '@odata.context': `${urls.graph}/beta/$metadata#education/synchronizationProfiles/$entity`,
      state: 'provisioned',
      errors: [],
      profileStatus: null,
    });
    expect(answer.status).toBe(202);
    expect(answer.body.state).toBe('provisioning');
  });

  it('an unknown @odata.type', async () => {
    const body = {
      ...valid(),
      dataProvider: { '@odata.type': '#microsoft.graph.educationExcelDataProvider' },
    };
    expectFieldError(
      await sendJson('POST', PROFILES, body),
      'dataProvider.@odata.type',
      /has an unknown value "#microsoft.graph.educationExcelDataProvider": must have an @odata.type of #microsoft.graph.educationCsvDataProvider/,
    );
  });

  it('an id on create', async () => {
    expectFieldError(
      await sendJson('POST', PROFILES, { ...valid(), id: healthy }),
      'id',
      /assigned by the service/,
    );
  });

  it('an id in the body that differs from the URL', async () => {
    const body = { ...valid(), id: demoProfileIds.contosoPausedCsv };
    expectFieldError(
      await sendJson('PUT', `${PROFILES}/${healthy}`, body),
      'id',
      /differs from the profile id in the URL/,
    );
  });

  it('lists every problem in details when there are several', async () => {
    const answer = await sendJson('POST', PROFILES, { ...valid(), displayName: '', colour: 1 });
    expect(answer.status).toBe(400);
    expect(answer.body.error.details.map((d: Json) => d.target).sort()).toEqual(['colour', 'displayName']);
    expect(answer.body.error.message).toMatch(/and 1 more problem, listed in details/);
  });

  it('never echoes a secret in an error', async () => {
    const body = {
      ...valid(),
      dataProvider: {
        '@odata.type': '#microsoft.graph.educationPowerSchoolDataProvider',
        connectionUrl: 'http://not-https.example.com',
        clientId: 'c',
        clientSecret: 'top-secret-value',
      },
    };
    const answer = await sendJson('POST', PROFILES, body);
    expectFieldError(answer, 'dataProvider.connectionUrl', /must be an https URL/);
    expect(JSON.stringify(answer.body)).not.toMatch(/top-secret-value/);
  });
});

describe('body format', () => {
  it.each(['POST', 'PUT', 'PATCH'])('%s without Content-Type is a 415', async (method) => {
    const path = method === 'POST' ? PROFILES : `${PROFILES}/${healthy}`;
    const answer = await send(method, path, { body: JSON.stringify(valid()) });
    expect(answer.status).toBe(415);
    expect(answer.body.error.message).toMatch(/Content-Type must be application\/json/);
  });

  it('a Content-Type other than JSON is a 415 naming it', async () => {
    const answer = await send('POST', PROFILES, {
      body: 'displayName=x',
      headers: { 'content-type': 'text/plain' },
    });
    expect(answer.status).toBe(415);
    expect(answer.body.error.message).toMatch(/not text\/plain/);
  });

  it('accepts the create page’s spelling Application/json with a charset', async () => {
    const answer = await send('POST', PROFILES, {
      body: JSON.stringify(valid()),
      headers: { 'content-type': 'Application/json; charset=utf-8' },
    });
    expect(answer.status).toBe(202);
  });

  it('malformed JSON is a 400', async () => {
    const answer = await send('POST', PROFILES, {
      body: '{"displayName": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toMatch(/^The request body is not valid JSON/);
  });

  it('a body over 4 MB is a 413 in Graph’s shape', async () => {
    const huge = JSON.stringify({ ...valid(), displayName: 'x'.repeat(5 * 1024 * 1024) });
    const answer = await send('POST', PROFILES, {
      body: huge,
      headers: { 'content-type': 'application/json' },
    });
    expect(answer.status).toBe(413);
    expect(answer.body.error).toMatchObject({
      code: 'requestTooLarge',
      message: 'The request body is larger than 4mb.',
    });
    expect(answer.headers.get('request-id')).toBe(answer.body.error.innerError['request-id']);
  });

  it('a JSON array or an empty body is a 400', async () => {
    expect((await sendJson('POST', PROFILES, [valid()])).body.error.message).toBe(
      'The request body must be a JSON object.',
    );
    const empty = await send('POST', PROFILES, { headers: { 'content-type': 'application/json' } });
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toMatch(/body is empty/);
  });
});

describe('query options', () => {
  it.each([
    [`${PROFILES}?$top=abc`, '$top'],
    [`${PROFILES}?$expand=errors`, '$expand'],
    [`${PROFILES}?$filter=displayName gt 'a'`, '$filter'],
    [`${PROFILES}?$orderby=state`, '$orderby'],
    [`${PROFILES}/${healthy}?$top=1`, '$top'],
    [`${PROFILES}/${healthy}?$select=nickname`, '$select'],
    [`${PROFILES}/${healthy}/errors?$select=id`, '$select'],
  ])('GET %s is a 400 naming %s', async (path, option) => {
    const answer = await send('GET', path);
    expect(answer.status).toBe(400);
    expect(answer.body.error.target).toBe(option);
    expect(answer.body.error.message).toContain(option === '$filter' ? "operator 'gt'" : option);
  });
});

describe('tokens', () => {
  it('no token is a 401 InvalidAuthenticationToken with WWW-Authenticate', async () => {
    const answer = await send('GET', PROFILES, { auth: null });
    expect(answer.status).toBe(401);
    expect(answer.body.error).toMatchObject({
      code: 'InvalidAuthenticationToken',
      message: 'Access token is empty.',
    });
    expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer realm="", authorization_uri=/);
  });

  it('an expired token is refused once the emulator clock passes its expiry', async () => {
    expect((await send('GET', PROFILES)).status).toBe(200);
    await emulator.advanceClock(2 * 3600);
    const answer = await send('GET', PROFILES);
    expect(answer.status).toBe(401);
    expect(answer.body.error.message).toBe('Lifetime validation failed, the token is expired.');
  });

  it('a token for another audience (the Teams SSO token) is refused', async () => {
    const sso = await emulator.ssoToken('admin@contoso');
    const answer = await send('GET', PROFILES, { auth: `Bearer ${sso}` });
    expect(answer.status).toBe(401);
    expect(answer.body.error.message).toMatch(/Invalid audience: expected https:\/\/graph.microsoft.com/);
  });

  it('a token from another issuer is refused', async () => {
    const forged = await emulator.ssoToken('admin@contoso', {
      audience: GRAPH_RESOURCE,
      scopes: ['EduAdministration.ReadWrite'],
      extraClaims: { iss: 'https://login.example.com/evil/v2.0' },
    });
    const answer = await send('GET', PROFILES, { auth: `Bearer ${forged}` });
    expect(answer.status).toBe(401);
    expect(answer.body.error.message).toMatch(/Invalid issuer/);
  });

  it('a tampered or garbage token is refused', async () => {
    const [header, payload] = token.split('.');
    const tampered = `${header}.${payload}.${'A'.repeat(342)}`;
    expect((await send('GET', PROFILES, { auth: `Bearer ${tampered}` })).status).toBe(401);
    const garbage = await send('GET', PROFILES, { auth: 'Bearer not-a-jwt' });
    expect(garbage.status).toBe(401);
    expect(garbage.body.error.message).toMatch(/^Access token validation failure/);
  });

  it('every refused request is in the log too', async () => {
    // A marker parameter (Graph ignores parameters without $) singles out this test's request.
    const path = `${PROFILES}?test=refused-request-logged`;
    const since = await emulator.lastSeq();
    await send('GET', path, { auth: null });
    const logged = (await emulator.requests(since)).filter((r) => r.path === `/beta${path}`);
    expect(logged).toEqual([expect.objectContaining({ service: 'graph', method: 'GET', status: 401 })]);
  });
});

describe('routes', () => {
  it('an unknown segment is a 400 naming it', async () => {
    const answer = await send('GET', '/education/synchronizationProfilez');
    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toBe("Resource not found for the segment 'synchronizationProfilez'.");
    const deeper = await send('GET', `${PROFILES}/${healthy}/history`);
    expect(deeper.body.error.message).toBe("Resource not found for the segment 'history'.");
  });

  it('an unsupported method is a 405 with Allow', async () => {
    const answer = await send('DELETE', PROFILES);
    expect(answer.status).toBe(405);
    expect(answer.headers.get('allow')).toBe('GET, POST, PUT');
  });

  it('v1.0 does not have the profile family', async () => {
    const answer = await send('GET', PROFILES, { base: `${urls.graph}/v1.0` });
    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toMatch(/available in \/beta only/);
  });

  it('path segments match in any letter case, and OData key syntax works', async () => {
    expect((await send('GET', `/Education/SynchronizationProfiles/${healthy}/ProfileStatus`)).status).toBe(
      200,
    );
    const keyed = await send('GET', `/education/synchronizationProfiles('${healthy}')`);
    expect(keyed.status).toBe(200);
    expect(keyed.body.id).toBe(healthy);
  });

  it('leaves the control API alone', async () => {
    const answer = await fetch(`${urls.graph}/_emulator/health`);
    expect(answer.status).toBe(200);
  });
});
