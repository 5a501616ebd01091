/**
 * The emulator's monitor surface (issue 14 §4): app-only tokens carry the application permissions
 * a tenant consented to, next-run decides how a profile's next sync ends, and a team's
 * sendActivityNotification is validated as Graph does before it reaches the activity feed.
 */
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { decodeJwt } from 'jose';
import { demoApp, tenants } from '../../emulator/directory';
import { demoProfileIds } from '../../emulator/graph/demo-data';
import { NEXT_RUN_SECONDS } from '../../emulator/graph/lifecycle';
import { teamFor } from '../../emulator/teams-host/protocol';
import { createEmulatorClient } from '../support/emulator-client';

const urls = inject('urls');
const emulator = createEmulatorClient({ entraUrl: urls.entra, graphUrl: urls.graph });
const contosoTeam = teamFor(tenants.contoso.id);
const profileId = demoProfileIds.contosoHealthyCsv;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers, checked field by field
type Json = any;

const appToken = (tenantId: string) => emulator.appToken(tenantId);

async function control(method: string, path: string, body?: unknown) {
  const response = await fetch(`${urls.graph}/_emulator${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Json };
}

async function graph(token: string, method: string, path: string, body?: unknown, version = 'v1.0') {
  const response = await fetch(`${urls.graph}/${version}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text === '' ? undefined : JSON.parse(text)) as Json };
}

const deepLink = `https://teams.microsoft.com/l/entity/app/all?context=${encodeURIComponent(JSON.stringify({ subEntityId: `profile:${profileId}` }))}`;

function notification(overrides: Record<string, unknown> = {}) {
  return {
    topic: { source: 'text', value: 'Contoso High CSV', webUrl: deepLink },
    activityType: 'syncBroken',
    previewText: { content: 'Contoso High CSV stopped syncing: error, 3 errors' },
    recipient: {
      '@odata.type': 'microsoft.graph.channelMembersNotificationRecipient',
      teamId: contosoTeam.groupId,
      channelId: contosoTeam.channelId,
    },
    templateParameters: [
      { name: 'profileName', value: 'Contoso High CSV' },
      { name: 'problem', value: 'sync failed' },
    ],
    ...overrides,
  };
}

const send = (token: string, body: unknown, teamId = contosoTeam.groupId) =>
  graph(token, 'POST', `/teams/${teamId}/sendActivityNotification`, body);

beforeEach(async () => {
  await emulator.reset();
});

describe('application permissions per tenant consent', () => {
  it('gives a consented tenant EduAdministration.Read.All and TeamsActivity.Send', async () => {
    expect(decodeJwt(await appToken(tenants.contoso.id)).roles).toEqual([
      'EduAdministration.Read.All',
      'TeamsActivity.Send',
    ]);
  });

  it('gives a tenant that consented without the application permissions a token without roles, which Graph refuses', async () => {
    const consent = await control('POST', '/consent', {
      tenantId: tenants.contoso.id,
      granted: true,
      application: false,
    });
    expect(consent.body).toMatchObject({ granted: true, application: false, appConsentedTenants: [] });
    const token = await appToken(tenants.contoso.id);
    expect(decodeJwt(token).roles).toBeUndefined();
    const answer = await graph(token, 'GET', '/education/synchronizationProfiles', undefined, 'beta');
    expect(answer.status).toBe(403);
    expect(answer.body.error.message).toMatch(/Missing role permissions.*EduAdministration\.Read\.All/);
  });
});

describe('POST /_emulator/graph/profiles/{id}/next-run', () => {
  const status = async () =>
    (
      await graph(
        await appToken(tenants.contoso.id),
        'GET',
        `/education/synchronizationProfiles/${profileId}/profileStatus`,
        undefined,
        'beta',
      )
    ).body;

  it('makes the next run fail with the asked error count, then recover', async () => {
    const answer = await control('POST', `/graph/profiles/${profileId}/next-run`, {
      outcome: 'error',
      errorCount: 3,
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ id: profileId, outcome: 'error', errorCount: 3 });
    expect(['unknownFutureValue', 'inProgress']).toContain((await status()).status);
    await emulator.advanceClock(NEXT_RUN_SECONDS);
    expect(await status()).toMatchObject({ status: 'error', errorCount: 3 });

    await control('POST', `/graph/profiles/${profileId}/next-run`, { outcome: 'success' });
    await emulator.advanceClock(NEXT_RUN_SECONDS);
    expect(await status()).toMatchObject({ status: 'success', errorCount: 0 });
  });

  it('halts a quarantined run after one run', async () => {
    await control('POST', `/graph/profiles/${profileId}/next-run`, { outcome: 'quarantined', errorCount: 2 });
    await emulator.advanceClock(3 * 3600);
    expect(await status()).toMatchObject({ status: 'quarantined', errorCount: 2 });
  });

  it('refuses bad bodies, unknown profiles and a paused profile, saying why', async () => {
    expect(
      (await control('POST', `/graph/profiles/${profileId}/next-run`, { outcome: 'broken' })).status,
    ).toBe(400);
    const extra = await control('POST', `/graph/profiles/${profileId}/next-run`, {
      outcome: 'error',
      __proto__: { x: 1 },
      errorCount: -1,
    });
    expect(extra.status).toBe(400);
    expect(extra.body.error.message).toMatch(/errorCount/);
    expect(
      (
        await control('POST', '/graph/profiles/00000000-0000-4000-8000-000000000000/next-run', {
          outcome: 'error',
        })
      ).status,
    ).toBe(404);
    const paused = await control('POST', `/graph/profiles/${demoProfileIds.contosoPausedCsv}/next-run`, {
      outcome: 'error',
    });
    expect(paused.status).toBe(409);
    expect(paused.body.error.message).toMatch(/paused; resume it first/);
  });
});

describe('POST /teams/{teamId}/sendActivityNotification', () => {
  it('accepts a declared activity type for the channel members and lists it in the feed', async () => {
    const token = await appToken(tenants.contoso.id);
    const answer = await send(token, notification());
    expect(answer.status).toBe(204);
    const feed = await control('GET', '/teams/activity');
    expect(feed.body.notifications).toEqual([
      expect.objectContaining({
        tenantId: tenants.contoso.id,
        teamId: contosoTeam.groupId,
        channelId: contosoTeam.channelId,
        activityType: 'syncBroken',
        text: 'Contoso High CSV: sync failed',
        topic: { source: 'text', value: 'Contoso High CSV', webUrl: deepLink },
        senderClientId: demoApp.clientId,
        recipients: expect.arrayContaining(['admin@contoso', 'reader@contoso']),
      }),
    ]);
    expect((await control('GET', '/teams/activity?persona=admin@fabrikam')).body.notifications).toEqual([]);
  });

  it.each([
    [
      'an undeclared activity type',
      { activityType: 'somethingElse' },
      400,
      /not declared in the app manifest/,
    ],
    [
      'a missing template parameter',
      { templateParameters: [{ name: 'profileName', value: 'x' }] },
      400,
      /missing problem/,
    ],
    [
      'an unknown template parameter',
      {
        templateParameters: [
          { name: 'profileName', value: 'x' },
          { name: 'problem', value: 'y' },
          { name: 'extra', value: 'z' },
        ],
      },
      400,
      /not in the template: extra/,
    ],
    ['a text topic without webUrl', { topic: { source: 'text', value: 'x' } }, 400, /webUrl is required/],
    [
      'a webUrl that is no Teams deep link',
      { topic: { source: 'text', value: 'x', webUrl: 'https://evil.example/l/' } },
      400,
      /Teams deep link/,
    ],
    [
      'an entityUrl that is no Graph URL',
      { topic: { source: 'entityUrl', value: 'https://example.com/x' } },
      400,
      /Microsoft Graph URL/,
    ],
    ['an unknown member', { surprise: true }, 400, /'surprise' does not exist/],
    ['a prototype key', JSON.parse('{"__proto__": {"polluted": true}}'), 400, /__proto__/],
    [
      'another channel',
      {
        recipient: {
          '@odata.type': '#microsoft.graph.channelMembersNotificationRecipient',
          teamId: contosoTeam.groupId,
          channelId: '19:other@thread.tacv2',
        },
      },
      404,
      /was not found in team/,
    ],
    [
      'an unknown recipient type',
      { recipient: { '@odata.type': 'microsoft.graph.everyone' } },
      400,
      /recipient/,
    ],
  ])('refuses %s', async (_name, overrides, status, message) => {
    const token = await appToken(tenants.contoso.id);
    const answer = await send(token, { ...notification(), ...overrides });
    expect(answer.status).toBe(status);
    expect(answer.body.error.message).toMatch(message);
    expect(answer.body.error.innerError['request-id']).toEqual(expect.any(String));
    expect((await control('GET', '/teams/activity')).body.notifications).toEqual([]);
  });

  it('refuses another tenant’s team as not found, and a token without TeamsActivity.Send with 403', async () => {
    const fabrikamTeam = teamFor(tenants.fabrikam.id);
    expect(
      (await send(await appToken(tenants.contoso.id), notification(), fabrikamTeam.groupId)).status,
    ).toBe(404);
    const delegated = await emulator.graphToken('admin@contoso');
    const refused = await send(delegated, notification());
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/TeamsActivity\.Send/);
  });

  it('refuses a deeply nested body before reading it', async () => {
    const nested = `${'{"a":'.repeat(200)}1${'}'.repeat(200)}`;
    const answer = await send(await appToken(tenants.contoso.id), nested);
    expect(answer.status).toBe(400);
  });
});
