/**
 * What must never leave the backend (telemetry, logs): the admin's SSO token, the app's client
 * secret, a provider secret the test saved and the demo tenant's own, and any JSON Web Token at
 * all (the Graph token the backend got on-behalf-of included).
 */
import { expect } from 'vitest';
import { demoApp } from '../../emulator/directory';

export function expectNoSecretIn(
  exported: string,
  { token, providerSecret }: { token: string; providerSecret: string },
) {
  for (const secret of [
    token,
    token.split('.')[2]!,
    demoApp.clientSecret,
    providerSecret,
    'emulator-only-powerschool-secret',
  ]) {
    expect(exported.includes(secret), `exported telemetry contains ${secret.slice(0, 12)}…`).toBe(false);
  }
  expect(exported).not.toMatch(/eyJ[\w-]{10,}\.eyJ[\w-]{10,}/);
  expect(exported).not.toMatch(/bearer\s/i);
}
