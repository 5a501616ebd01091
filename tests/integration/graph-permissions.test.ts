/**
 * Who may do what (docs/architecture.md, graph-sds-api.md §1): every operation × every persona,
 * with tokens obtained the way real callers get them — on-behalf-of for users, client credentials
 * for the app. A personal account cannot get a Graph token through on-behalf-of at all, so its
 * token is minted directly with Graph's audience, to show Graph itself refuses it too.
 */
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { GRAPH_RESOURCE } from '../../contracts/graph';
import { demoApp, tenants } from '../../emulator/directory';
import { demoProfileIds } from '../../emulator/graph/demo-data';
import { createEmulatorClient } from '../support/emulator-client';

const urls = inject('urls');
const emulator = createEmulatorClient({ entraUrl: urls.entra, graphUrl: urls.graph });
const BETA = `${urls.graph}/beta`;
const PROFILES = '/education/synchronizationProfiles';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers, checked field by field
type Json = any;

async function graph(token: string, method: string, path: string, json?: unknown) {
  const response = await fetch(`${BETA}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(json !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: json === undefined ? undefined : JSON.stringify(json),
  });
  const text = await response.text();
  return { status: response.status, body: (text === '' ? undefined : JSON.parse(text)) as Json };
}

type Caller = 'admin' | 'reader' | 'teacher' | 'personal' | 'app';

async function tokenFor(caller: Caller): Promise<string> {
  switch (caller) {
    case 'admin':
      return emulator.graphToken('admin@contoso');
    case 'reader':
      return emulator.graphToken('reader@contoso');
    case 'teacher':
      return emulator.graphToken('teacher@contoso');
    case 'personal':
      return emulator.ssoToken('user@outlook.com', {
        audience: GRAPH_RESOURCE,
        scopes: ['EduAdministration.Read', 'EduAdministration.ReadWrite'],
      });
    case 'app':
      return emulator.appToken(tenants.contoso.id);
  }
}

const csvBody = {
  displayName: 'Permission check',
  dataProvider: { '@odata.type': '#microsoft.graph.educationCsvDataProvider' },
  identitySynchronizationConfiguration: {
    '@odata.type': '#microsoft.graph.educationIdentityCreationConfiguration',
    userDomains: [{ appliesTo: 'student', name: 'students.contoso.edu' }],
  },
};
const healthy = demoProfileIds.contosoHealthyCsv;
const error = demoProfileIds.contosoErrorOneRoster;

type Access = 'read' | 'write' | 'action' | 'upload';
const operations: {
  name: string;
  access: Access;
  method: string;
  path: string;
  body?: unknown;
  success: number;
}[] = [
  { name: 'list profiles', access: 'read', method: 'GET', path: PROFILES, success: 200 },
  { name: 'get profile', access: 'read', method: 'GET', path: `${PROFILES}/${healthy}`, success: 200 },
  {
    name: 'get status',
    access: 'read',
    method: 'GET',
    path: `${PROFILES}/${error}/profileStatus`,
    success: 200,
  },
  { name: 'list errors', access: 'read', method: 'GET', path: `${PROFILES}/${error}/errors`, success: 200 },
  {
    name: 'get one error',
    access: 'read',
    method: 'GET',
    path: `${PROFILES}/${error}/errors/92797B7C-02C3-4326-8ACC-E81C78753831`,
    success: 200,
  },
  { name: 'create profile', access: 'write', method: 'POST', path: PROFILES, body: csvBody, success: 202 },
  {
    name: 'update (PUT collection)',
    access: 'write',
    method: 'PUT',
    path: PROFILES,
    body: { ...csvBody, id: healthy },
    success: 202,
  },
  {
    name: 'update (PUT item)',
    access: 'write',
    method: 'PUT',
    path: `${PROFILES}/${healthy}`,
    body: csvBody,
    success: 202,
  },
  {
    name: 'update (PATCH item)',
    access: 'write',
    method: 'PATCH',
    path: `${PROFILES}/${healthy}`,
    body: { displayName: 'Renamed' },
    success: 200,
  },
  { name: 'delete profile', access: 'write', method: 'DELETE', path: `${PROFILES}/${healthy}`, success: 202 },
  { name: 'pause', access: 'action', method: 'POST', path: `${PROFILES}/${healthy}/pause`, success: 200 },
  {
    name: 'resume',
    access: 'action',
    method: 'POST',
    path: `${PROFILES}/${demoProfileIds.contosoPausedCsv}/resume`,
    success: 200,
  },
  { name: 'reset', access: 'action', method: 'POST', path: `${PROFILES}/${error}/reset`, success: 200 },
  {
    name: 'start',
    access: 'action',
    method: 'POST',
    path: `${PROFILES}/${demoProfileIds.contosoAwaitingStartCsv}/start`,
    success: 200,
  },
  {
    name: 'uploadUrl',
    access: 'upload',
    method: 'GET',
    path: `${PROFILES}/${healthy}/uploadUrl`,
    success: 200,
  },
];

/** The expected answer per caller and access: a status and the refusal's error code. */
const rules: Record<Caller, Record<Access, 'allowed' | { code: string; message: RegExp }>> = {
  admin: { read: 'allowed', write: 'allowed', action: 'allowed', upload: 'allowed' },
  reader: {
    read: 'allowed',
    write: { code: 'accessDenied', message: /read-only administrator role/ },
    action: { code: 'accessDenied', message: /read-only administrator role/ },
    upload: { code: 'accessDenied', message: /read-only administrator role/ },
  },
  teacher: {
    read: { code: 'accessDenied', message: /no administrator role/ },
    write: { code: 'accessDenied', message: /no administrator role/ },
    action: { code: 'accessDenied', message: /no administrator role/ },
    upload: { code: 'accessDenied', message: /no administrator role/ },
  },
  personal: {
    read: { code: 'notSupported', message: /Personal Microsoft accounts are not supported/ },
    write: { code: 'notSupported', message: /Personal Microsoft accounts are not supported/ },
    action: { code: 'notSupported', message: /Personal Microsoft accounts are not supported/ },
    upload: { code: 'notSupported', message: /Personal Microsoft accounts are not supported/ },
  },
  // Our registration's application permissions are the monitor's: EduAdministration.Read.All
  // (and TeamsActivity.Send), so app-only tokens read and never change a profile.
  app: {
    read: 'allowed',
    write: { code: 'notSupported', message: /Application permissions are not supported for this operation/ },
    action: { code: 'accessDenied', message: /Missing role permissions.*EduAdministration\.ReadWrite\.All/ },
    upload: { code: 'accessDenied', message: /Missing role permissions.*EduAdministration\.ReadWrite\.All/ },
  },
};

const cases = (Object.keys(rules) as Caller[]).flatMap((caller) =>
  operations.map((operation) => ({ caller, operation, expected: rules[caller][operation.access] })),
);

beforeEach(async () => {
  await emulator.reset();
});

describe('permission matrix', () => {
  it.each(
    cases.map((c) => [c.caller, c.operation.name, c.expected === 'allowed' ? 'allowed' : 403, c] as const),
  )('%s → %s: %s', async (_caller, _name, _outcome, { caller, operation, expected }) => {
    const token = await tokenFor(caller);
    const answer = await graph(token, operation.method, operation.path, operation.body);
    if (expected === 'allowed') {
      expect(answer.status, JSON.stringify(answer.body)).toBe(operation.success);
    } else {
      expect(answer.status).toBe(403);
      expect(answer.body.error.code).toBe(expected.code);
      expect(answer.body.error.message).toMatch(expected.message);
    }
  });

  it('logs who called, with the persona for users and the client id and roles for the app', async () => {
    // A marker parameter (Graph ignores parameters without $) singles out this test's requests.
    const path = `${PROFILES}?test=who-called`;
    const since = await emulator.lastSeq();
    await graph(await tokenFor('reader'), 'GET', path);
    await graph(await tokenFor('app'), 'GET', path);
    const logged = (await emulator.requests(since)).filter((r) => r.path === `/beta${path}`);
    expect(logged).toEqual([
      expect.objectContaining({
        service: 'graph',
        method: 'GET',
        status: 200,
        persona: 'reader@contoso',
        tenantId: tenants.contoso.id,
        scopes: expect.arrayContaining(['EduAdministration.Read']),
      }),
      expect.objectContaining({
        status: 200,
        tenantId: tenants.contoso.id,
        clientId: demoApp.clientId,
        scopes: ['EduAdministration.Read.All', 'TeamsActivity.Send'],
      }),
    ]);
    expect(logged[1]!.persona).toBeUndefined();
  });
});

describe('scopes on the token', () => {
  it('a token with EduAdministration.Read only may read but not write, even for an admin', async () => {
    const token = await emulator.graphToken('admin@contoso', [`${GRAPH_RESOURCE}/EduAdministration.Read`]);
    expect((await graph(token, 'GET', PROFILES)).status).toBe(200);
    const write = await graph(token, 'POST', `${PROFILES}/${healthy}/pause`);
    expect(write.status).toBe(403);
    expect(write.body.error).toMatchObject({
      code: 'accessDenied',
      message:
        "Missing scope permissions on the request. API requires one of 'EduAdministration.ReadWrite'. Scopes on the request 'EduAdministration.Read'.",
    });
  });

  it('a Graph token without any EduAdministration scope may not even read', async () => {
    const token = await emulator.ssoToken('admin@contoso', {
      audience: GRAPH_RESOURCE,
      scopes: ['User.Read'],
    });
    const answer = await graph(token, 'GET', PROFILES);
    expect(answer.status).toBe(403);
    expect(answer.body.error.message).toMatch(
      /API requires one of 'EduAdministration.Read, EduAdministration.ReadWrite'/,
    );
  });
});

describe('tenants', () => {
  /** Fabrikam has not consented to our app at start; its admin does so first. */
  async function fabrikamToken(): Promise<string> {
    await emulator.setConsent(tenants.fabrikam.id, true);
    return emulator.graphToken('admin@fabrikam');
  }

  it('each tenant sees only its own profiles', async () => {
    const contoso = await graph(await tokenFor('admin'), 'GET', PROFILES);
    const fabrikam = await graph(await fabrikamToken(), 'GET', PROFILES);
    expect(contoso.body.value).toHaveLength(10);
    expect(fabrikam.body.value.map((p: Json) => p.id)).toEqual([
      demoProfileIds.fabrikamHealthyCsv,
      demoProfileIds.fabrikamInProgressOneRoster,
    ]);
    const contosoIds = new Set(contoso.body.value.map((p: Json) => p.id));
    expect(fabrikam.body.value.some((p: Json) => contosoIds.has(p.id))).toBe(false);
  });

  it('another tenant’s profile is not found, for reads and writes alike', async () => {
    const token = await fabrikamToken();
    expect((await graph(token, 'GET', `${PROFILES}/${healthy}`)).status).toBe(404);
    expect((await graph(token, 'POST', `${PROFILES}/${healthy}/pause`)).status).toBe(404);
    expect((await graph(token, 'DELETE', `${PROFILES}/${healthy}`)).status).toBe(404);
    const contoso = await graph(await tokenFor('admin'), 'GET', `${PROFILES}/${healthy}/profileStatus`);
    expect(contoso.body.status).not.toBe('paused');
  });

  it('a profile created in one tenant appears only there', async () => {
    const created = await graph(await fabrikamToken(), 'POST', PROFILES, csvBody);
    expect(created.status).toBe(202);
    const contoso = await graph(await tokenFor('admin'), 'GET', PROFILES);
    expect(contoso.body.value.map((p: Json) => p.id)).not.toContain(created.body.id);
  });
});
