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
    expect(await emulator.storedProfile(id)).toMatchObject({
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

describe('read leniently, write strictly (OData 4.01 §11.4.3)', () => {
  it('opens a profile that breaks write rules; the write rules name each broken field', async () => {
    const detail = await open(admin, demoProfileIds.contosoNeedsReviewCsv);
    const profile = detail.profile as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(profile.licensesToAssign[0].skuIds).toEqual(['STANDARDWOFFPACK_STUDENT']);
    expect(profile.identitySynchronizationConfiguration.userDomains[1].name).toBe('');
    // The member newer than our model is kept as Graph returned it.
    expect(profile.dataProvider.customizations.student.allowEmailUpdate).toBe(false);
    const checked = checkProfileUpdate(detail.profile);
    if (checked.ok) throw new Error('the profile should break write rules');
    // Each broken rule by its path; the newer member is not one of them.
    expect(new Set(checked.fields.map((f) => f.path))).toEqual(
      new Set(['identitySynchronizationConfiguration.userDomains.1.name', 'licensesToAssign.0.skuIds.0']),
    );
    expect(checked.fields).toContainEqual({
      path: 'licensesToAssign.0.skuIds.0',
      message: expect.stringMatching(/must be a GUID/),
    });
  });

  it('refuses to save it until fixed, then keeps the newer member untouched', async () => {
    const id = demoProfileIds.contosoNeedsReviewCsv;
    const before = await open(admin, id);
    const asLoaded = await save(admin, id, before.etag, before.profile as unknown as ProfileUpdate);
    expect(asLoaded.status).toBe(400);
    const problem = problemSchema.parse(asLoaded.body);
    expect(problem.code).toBe('validation_failed');
    expect(new Set(problem.fields?.map((f) => f.path))).toEqual(
      new Set(['identitySynchronizationConfiguration.userDomains.1.name', 'licensesToAssign.0.skuIds.0']),
    );

    const fixed = structuredClone(before.profile) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    fixed.licensesToAssign[0].skuIds = ['314c4481-f395-4525-be8b-2ec4bb1e9d91'];
    fixed.identitySynchronizationConfiguration.userDomains[1].name = 'contoso.edu';
    const saved = await save(admin, id, before.etag, fixed as ProfileUpdate);
    expect(saved.status).toBe(202);
    const stored = await emulator.storedProfile(id);
    expect(stored.content).toMatchObject({
      dataProvider: { customizations: { student: { allowEmailUpdate: false } } },
      licensesToAssign: [{ skuIds: ['314c4481-f395-4525-be8b-2ec4bb1e9d91'] }, expect.anything()],
    });
    expect(checkProfileUpdate(profileDetailSchema.parse(saved.body).profile)).toMatchObject({ ok: true });
  });

  it('refuses a nested member Graph did not return (write strictly), naming it', async () => {
    const id = demoProfileIds.contosoHealthyCsv;
    const before = await open(admin, id);
    const update = draft(before, (u) => u) as unknown as Record<string, Record<string, unknown>>;
    update.identitySynchronizationConfiguration!.madeUp = true;
    const answer = await save(admin, id, before.etag, update as unknown as ProfileUpdate);
    expect(answer.status).toBe(400);
    expect(problemSchema.parse(answer.body).fields).toEqual([
      { path: 'identitySynchronizationConfiguration.madeUp', message: 'is not a known member: remove it' },
    ]);
  });

  it('accepts a GET body sent back as is (id, state ignored); an id that is not the URL’s is refused', async () => {
    const id = demoProfileIds.contosoHealthyCsv;
    const before = await open(admin, id);
    const echoed = { ...before.profile, displayName: 'Northwind – echoed' };
    const saved = await save(admin, id, before.etag, echoed as unknown as ProfileUpdate);
    expect(saved.status).toBe(202);
    expect(profileDetailSchema.parse(saved.body).profile.displayName).toBe('Northwind – echoed');

    const current = await open(admin, id);
    const elsewhere = { ...current.profile, id: demoProfileIds.contosoPausedCsv };
    const refused = await save(admin, id, current.etag, elsewhere as unknown as ProfileUpdate);
    expect(refused.status).toBe(400);
    expect(problemSchema.parse(refused.body)).toMatchObject({
      code: 'validation_failed',
      fields: [{ path: 'id', message: expect.stringContaining(id) }],
    });
  });

  it('reads any profile the control API stores with members newer than our model', async () => {
    const id = '0c8f3a52-7e61-4d2b-9f1a-5b3c2d1e0f99';
    await emulator.storeProfile(id, {
      displayName: 'Trey Research – SDS preview',
      dataProvider: {
        '@odata.type': 'microsoft.graph.educationCsvDataProvider',
        customizations: { teacher: { optionalPropertiesToSync: [], syncPhotos: true } },
        fileFormat: { version: 'v2.1' },
      },
      identitySynchronizationConfiguration: {
        '@odata.type': 'microsoft.graph.educationIdentityCreationConfiguration',
        userDomains: [{ appliesTo: 'student', name: 'trey.edu', isPrimary: true }],
      },
      licensesToAssign: [{ appliesTo: 'student', skuIds: [''] }],
    });
    const detail = await open(admin, id);
    expect(detail.profile).toMatchObject({
      displayName: 'Trey Research – SDS preview',
      dataProvider: {
        fileFormat: { version: 'v2.1' },
        customizations: { teacher: { syncPhotos: true } },
      },
      identitySynchronizationConfiguration: { userDomains: [{ isPrimary: true }] },
    });
    const list = await call(admin, '/api/profiles');
    expect(list.status).toBe(200);
    expect(list.body.profiles.map((p: { id: string }) => p.id)).toContain(id);
  });
});
