/**
 * Entra ID's token endpoint goes down (POST /_emulator/entra/outage): a user whose token must be
 * exchanged gets a clear 503 entra_unavailable with Retry-After; a user whose Graph token is
 * already cached keeps working; and when Entra is back, the same backend process recovers
 * without a restart.
 */
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { apiRoutes, profileListSchema } from '../../contracts/api';
import { connectApi, problemOf, type Api } from '../resilience/api';

let api: Api;

beforeAll(() => {
  api = connectApi();
});

afterEach(async () => {
  await api.emulator.setEntraOutage(false);
});

describe('Entra token endpoint outage', () => {
  test('answers 503 entra_unavailable with Retry-After, serves cached users, and recovers', async () => {
    const { emulator } = api;
    await emulator.reset();
    const warm = await emulator.ssoToken('admin@contoso');
    const list = await api.request('GET', apiRoutes.profiles, warm);
    expect(list.status).toBe(200);
    const profileId = profileListSchema.parse(list.body).profiles[0]!.id;
    const statusPath = apiRoutes.profileStatus(profileId);

    await emulator.setEntraOutage(true);

    // A new SSO token is a new assertion: the backend must go to Entra, which does not answer.
    const fresh = await emulator.ssoToken('reader@contoso');
    const refused = await api.request('GET', statusPath, fresh);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(problemOf(refused).code).toBe('entra_unavailable');
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(
      Number.isInteger(retryAfter) && retryAfter > 0,
      `Retry-After: ${refused.headers.get('retry-after')}`,
    ).toBe(true);

    // The admin's Graph token is cached: no exchange needed, so Entra's outage does not matter.
    expect((await api.request('GET', statusPath, warm)).status).toBe(200);

    await emulator.setEntraOutage(false);
    const recovered = await api.request('GET', statusPath, fresh);
    expect(recovered.status, JSON.stringify(recovered.body)).toBe(200);
  });
});
