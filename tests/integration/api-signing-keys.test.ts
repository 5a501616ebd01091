/**
 * Signing keys Entra withdraws, over real HTTPS against the emulator's Entra: the token validator
 * re-reads the keys on a schedule, drops validations it cached for a key that is gone and refuses
 * tokens signed with it; a token with a new kid makes it read the keys early (rate-limited). The
 * running backend refuses tokens issued in the future. The validator runs in-process here with a
 * short schedule; the backend's own (KEY_REFRESH_MS) is asserted to stay within 60 s.
 */
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { problemSchema } from '../../contracts/api';
import { demoApp, tenants } from '../../emulator/directory';
import { createTokenValidator, KEY_REFRESH_MS } from '../../server/auth/tokenValidator';
import { HttpError } from '../../server/errors';
import { createEmulatorClient } from '../support/emulator-client';

const urls = inject('urls');
const emulator = createEmulatorClient({ entraUrl: urls.entra, graphUrl: urls.graph });

beforeEach(async () => {
  await emulator.reset();
});

async function validatorFor(token: string, refreshMs: number) {
  return createTokenValidator({
    clientId: demoApp.clientId,
    appIdUri: String(decodeJwt(token).aud),
    tenantId: demoApp.homeTenantId,
    authorityHost: urls.entra,
    allowedTenantIds: [tenants.contoso.id],
    keyRefreshMs: refreshMs,
    unknownKidCooldownMs: 0,
  });
}

async function refusal(promise: Promise<unknown>): Promise<HttpError> {
  const error = await promise.then(
    () => new Error('the token was accepted'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HttpError);
  return error as HttpError;
}

/** Retries `check` until it passes or `withinMs` is over. */
async function eventually(check: () => Promise<void>, withinMs: number): Promise<number> {
  const started = Date.now();
  for (;;) {
    try {
      await check();
      return Date.now() - started;
    } catch (error) {
      if (Date.now() - started > withinMs) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

describe('a withdrawn signing key', () => {
  it('stops verifying, cached validations included, by the next scheduled read of the keys', async () => {
    const token = await emulator.ssoToken('admin@contoso');
    const validator = await validatorFor(token, 300);
    await expect(validator.validate(token)).resolves.toMatchObject({ tenantId: tenants.contoso.id });
    // Cached now: this answer comes from memory.
    await expect(validator.validate(token)).resolves.toBeTruthy();

    const { withdrawnKid, currentKid } = await emulator.withdrawKey();
    expect(withdrawnKid).toBe(decodeProtectedHeader(token).kid);
    expect(currentKid).not.toBe(withdrawnKid);

    await eventually(async () => {
      const error = await refusal(validator.validate(token));
      expect(error.status).toBe(401);
      expect(error.message).toMatch(/no longer publishes/);
    }, 3000);

    // A token signed with the new key names a kid the validator has not seen: it reads the keys early.
    const fresh = await emulator.ssoToken('admin@contoso');
    expect(decodeProtectedHeader(fresh).kid).toBe(currentKid);
    await expect(validator.validate(fresh)).resolves.toMatchObject({ tenantId: tenants.contoso.id });
  });

  it('reads the keys early for an unknown kid at most once per cooldown', async () => {
    const token = await emulator.ssoToken('admin@contoso');
    const validator = createTokenValidator({
      clientId: demoApp.clientId,
      appIdUri: String(decodeJwt(token).aud),
      tenantId: demoApp.homeTenantId,
      authorityHost: urls.entra,
      allowedTenantIds: [tenants.contoso.id],
      keyRefreshMs: 60_000,
      unknownKidCooldownMs: 60_000,
    });
    await validator.validate(token);
    // An emergency rotation: a routine rollover signs with a key the JWKS already published.
    await emulator.rotateKeys(600, 'emergency');
    const since = await emulator.lastSeq();
    const rotated = await emulator.ssoToken('admin@contoso');
    for (let i = 0; i < 5; i++) expect((await refusal(validator.validate(rotated))).status).toBe(401);
    const keyReads = (await emulator.requests(since)).filter((e) => e.path.includes('/discovery/'));
    expect(keyReads).toEqual([]);
  });

  it('is re-read by the backend on a schedule short enough to refuse it within 60 s', () => {
    expect(KEY_REFRESH_MS + 5_000).toBeLessThanOrEqual(60_000);
  });

  it('can be withdrawn by kid only when published, the emulator says', async () => {
    await expect(emulator.withdrawKey('no-such-kid')).rejects.toThrow(/not a published signing key/);
  });
});

describe('the running backend', () => {
  it('refuses a token whose iat is more than 5 minutes in the future', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = await emulator.ssoToken('admin@contoso', { extraClaims: { iat: now + 600 } });
    const response = await fetch(`${urls.app}/api/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(401);
    const problem = problemSchema.parse(await response.json());
    expect(problem.code).toBe('invalid_token');
    expect(problem.detail).toMatch(/issued in the future/);
  });

  it('still accepts a token issued a little ahead of its clock', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = await emulator.ssoToken('admin@contoso', { extraClaims: { iat: now + 120 } });
    const response = await fetch(`${urls.app}/api/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
  });
});
