/**
 * Editing a profile through the backend: If-Match against our ETag so no admin silently
 * overwrites another, connection details and secrets kept whatever the tab sends, and Graph's
 * refusal of a Global Reader's change explained.
 */
import { beforeEach, describe, expect, inject, it } from 'vitest';
import {
  problemSchema,
  profileDetailSchema,
  type ProfileDetail,
  type ProfileUpdate,
  checkProfileUpdate,
} from '../../contracts/api';
import { odataTypes } from '../../contracts/graph';
import { demoProfileIds } from '../../emulator/graph/demo-data';
import { createEmulatorClient } from '../support/emulator-client';
import { jsonRequest, type JsonAnswer } from '../support/json-request';

const urls = inject('urls');
const emulator = createEmulatorClient({ entraUrl: urls.entra, graphUrl: urls.graph });

function call(
  token: string,
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: unknown } = {},
) {
  return jsonRequest(`${urls.app}${path}`, token, {
    method: init.method,
    headers: init.headers,
    json: init.body,
  });
}

async function open(token: string, id: string): Promise<ProfileDetail> {
  const answer = await call(token, `/api/profiles/${id}`);
  expect(answer.status).toBe(200);
  return profileDetailSchema.parse(answer.body);
}

/** What the editor sends: the profile minus its read-only members, changed by `edit`. */
function draft(detail: ProfileDetail, edit: (update: ProfileUpdate) => ProfileUpdate): ProfileUpdate {
  const checked = checkProfileUpdate(detail.profile);
  if (!checked.ok)
    throw new Error(`the loaded profile breaks write rules: ${JSON.stringify(checked.fields)}`);
  return edit(structuredClone(checked.update));
}

function save(
  token: string,
  id: string,
  etag: string | undefined,
  update: ProfileUpdate,
): Promise<JsonAnswer> {
  return call(token, `/api/profiles/${id}`, {
    method: 'PUT',
    headers: etag ? { 'if-match': etag } : {},
    body: update,
  });
}

let admin: string;
beforeEach(async () => {
  await emulator.reset();
  admin = await emulator.ssoToken('admin@contoso');
});

describe('saving a profile', () => {
  it('applies the change and answers 202 with the new version and ETag', async () => {
    const id = demoProfileIds.contosoHealthyCsv;
    const before = await open(admin, id);
    const answer = await save(
      admin,
      id,
      before.etag,
      draft(before, (u) => ({ ...u, displayName: 'Northwind – renamed' })),
    );
    expect(answer.status).toBe(202);
    const after = profileDetailSchema.parse(answer.body);
    expect(after.profile.displayName).toBe('Northwind – renamed');
    expect(answer.headers.get('etag')).toBe(after.etag);
    expect(after.etag).not.toBe(before.etag);
    // What the next GET shows is what the PUT promised, ETag included.
    expect(await open(admin, id)).toMatchObject({
      etag: after.etag,
      profile: { displayName: 'Northwind – renamed' },
    });
  });

  it('sends Graph the documented update: PUT on the collection with the id in the body', async () => {
    const id = demoProfileIds.contosoHealthyCsv;
    const before = await open(admin, id);
    const since = await emulator.lastSeq();
    await save(
      admin,
      id,
      before.etag,
      draft(before, (u) => u),
    );
    const puts = (await emulator.requests(since)).filter((e) => e.service === 'graph' && e.method === 'PUT');
    expect(puts).toEqual([
      expect.objectContaining({ path: '/beta/education/synchronizationProfiles', status: 202 }),
    ]);
  });

  it('answers 412 with the current version when the ETag is stale (two admins, one profile)', async () => {
    const id = demoProfileIds.contosoPausedCsv;
    const otherAdmin = await emulator.ssoToken('admin@contoso');
    const seenByBoth = await open(admin, id);

    const first = await save(
      otherAdmin,
      id,
      seenByBoth.etag,
      draft(seenByBoth, (u) => ({ ...u, displayName: 'First admin' })),
    );
    expect(first.status).toBe(202);
    const second = await save(
      admin,
      id,
      seenByBoth.etag,
      draft(seenByBoth, (u) => ({ ...u, displayName: 'Second admin' })),
    );
    expect(second.status).toBe(412);
    const problem = problemSchema.parse(second.body);
    expect(problem.code).toBe('precondition_failed');
    expect(problem.current).toEqual(profileDetailSchema.parse(first.body));
    expect((await open(admin, id)).profile.displayName).toBe('First admin');
  });

  it('lets exactly one of two simultaneous saves with the same ETag through', async () => {
    const id = demoProfileIds.contosoAwaitingStartCsv;
    const seen = await open(admin, id);
    const since = await emulator.lastSeq();
    const answers = await Promise.all(
      ['A', 'B'].map((name) =>
        save(
          admin,
          id,
          seen.etag,
          draft(seen, (u) => ({ ...u, displayName: `Saved by ${name}` })),
        ),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([202, 412]);
    const winner = profileDetailSchema.parse(answers.find((a) => a.status === 202)!.body);
    expect((await open(admin, id)).profile.displayName).toBe(winner.profile.displayName);
    const puts = (await emulator.requests(since)).filter((e) => e.service === 'graph' && e.method === 'PUT');
    expect(puts).toHaveLength(1);
  });

  it('needs If-Match', async () => {
    const id = demoProfileIds.contosoHealthyCsv;
    const answer = await save(
      admin,
      id,
      undefined,
      draft(await open(admin, id), (u) => u),
    );
    expect(answer.status).toBe(428);
    expect(problemSchema.parse(answer.body).code).toBe('precondition_required');
  });
});

describe('what the tab may not change', () => {
  it('keeps the connection details and secrets of the data provider', async () => {
    const id = demoProfileIds.contosoInProgressPowerSchool;
    const before = await open(admin, id);
    const tampered = draft(before, (u) => ({
      ...u,
      dataProvider: {
        ...u.dataProvider,
        connectionUrl: 'https://attacker.example',
        clientId: 'stolen',
        clientSecret: 'overwritten',
        customizations: { student: { optionalPropertiesToSync: ['State ID', 'Grade'] } },
      } as ProfileUpdate['dataProvider'],
    }));
    const answer = await save(admin, id, before.etag, tampered);
    expect(answer.status).toBe(202);
    const after = profileDetailSchema.parse(answer.body);
    expect(after.profile.dataProvider).toMatchObject({
      connectionUrl: (before.profile.dataProvider as { connectionUrl: string }).connectionUrl,
      clientId: (before.profile.dataProvider as { clientId: string }).clientId,
      customizations: { student: { optionalPropertiesToSync: ['State ID', 'Grade'] } },
    });
    // The secret Graph never shows survived the save: the emulator keeps it, the tab never sees it.
    const stored = await fetch(`${urls.graph}/_emulator/graph/profiles/${id}`);
    expect(stored.status).toBe(200);
    expect(await stored.json()).toMatchObject({
      content: {
        dataProvider: {
          clientSecret: 'emulator-only-powerschool-secret',
          clientId: '4f3c9a1e-7d21-4b8e-9c55-0a6b2e1d7f90',
          connectionUrl: 'https://contoso-unified.powerschool.com',
        },
      },
    });
    expect(JSON.stringify(answer.body)).not.toContain('secret');
  });

  it('refuses another data provider type, naming dataProvider.@odata.type', async () => {
    const id = demoProfileIds.contosoInProgressPowerSchool;
    const before = await open(admin, id);
    const answer = await save(
      admin,
      id,
      before.etag,
      draft(before, (u) => ({ ...u, dataProvider: { '@odata.type': odataTypes.csvDataProvider } })),
    );
    expect(answer.status).toBe(400);
    const problem = problemSchema.parse(answer.body);
    expect(problem.code).toBe('validation_failed');
    expect(problem.fields?.map((f) => f.path)).toEqual(['dataProvider.@odata.type']);
  });

  it('names each invalid field', async () => {
    const id = demoProfileIds.contosoHealthyCsv;
    const before = await open(admin, id);
    const answer = await save(
      admin,
      id,
      before.etag,
      draft(before, (u) => ({
        ...u,
        displayName: ' ',
        licensesToAssign: [{ appliesTo: 'student', skuIds: ['not-a-guid'] }],
      })),
    );
    expect(answer.status).toBe(400);
    expect(problemSchema.parse(answer.body).fields?.map((f) => f.path)).toEqual([
      'displayName',
      'licensesToAssign.0.skuIds.0',
    ]);
  });
});

describe('rules only Graph knows', () => {
  it('names the member Graph refused (an expiration date too far out)', async () => {
    const id = demoProfileIds.contosoHealthyCsv;
    const before = await open(admin, id);
    const answer = await save(
      admin,
      id,
      before.etag,
      draft(before, (u) => ({ ...u, expirationDate: '2099-01-01' })),
    );
    expect(answer.status).toBe(400);
    const problem = problemSchema.parse(answer.body);
    expect(problem.code).toBe('validation_failed');
    expect(problem.fields).toEqual([
      { path: 'expirationDate', message: expect.stringMatching(/or earlier/) },
    ]);
    expect(problem.graph?.requestId).toEqual(expect.any(String));
  });
});

describe('who may save', () => {
  it('refuses a Global Reader with a clear 403 from Graph', async () => {
    const reader = await emulator.ssoToken('reader@contoso');
    const id = demoProfileIds.contosoHealthyCsv;
    const before = await open(reader, id);
    const answer = await save(
      reader,
      id,
      before.etag,
      draft(before, (u) => ({ ...u, displayName: 'Reader was here' })),
    );
    expect(answer.status).toBe(403);
    const problem = problemSchema.parse(answer.body);
    expect(problem.code).toBe('forbidden');
    expect(problem.detail).toMatch(/may not change SDS profiles.*Global Administrator/);
    expect(problem.graph).toMatchObject({ code: 'accessDenied', requestId: expect.any(String) });
    expect((await open(admin, id)).profile.displayName).toBe(before.profile.displayName);
  });

  it('refuses a Global Reader’s actions too', async () => {
    const reader = await emulator.ssoToken('reader@contoso');
    const answer = await call(reader, `/api/profiles/${demoProfileIds.contosoHealthyCsv}/pause`, {
      method: 'POST',
    });
    expect(answer.status).toBe(403);
    expect(problemSchema.parse(answer.body).code).toBe('forbidden');
  });
});
