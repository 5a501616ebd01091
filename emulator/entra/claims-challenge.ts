/**
 * Conditional Access step-up as clients meet it (issue 11 §4). When a policy asks more of a user
 * than their sign-in proved (MFA, an authentication context), Entra refuses the on-behalf-of
 * exchange with `interaction_required`, AADSTS50076 and a `claims` challenge; the client must get
 * a new token through an interactive prompt that satisfies it and try again.
 *
 * The emulator turns this on per persona (`POST /_emulator/entra/claims-challenge`). Its challenge
 * is an authentication-context one, the form Microsoft documents for Conditional Access
 * authentication context: `{"access_token":{"acrs":{"essential":true,"value":"c1"}}}`. A token
 * issued after the user satisfied it carries the context in `acrs` (and `mfa` in `amr`), which is
 * what the on-behalf-of exchange then accepts.
 * https://learn.microsoft.com/entra/identity-platform/developer-guide-conditional-access-authentication-context
 */
import type { JWTPayload } from 'jose';

/** The authentication context the emulator's policy requires ("Require MFA for SDS administration"). */
export const STEP_UP_AUTH_CONTEXT = 'c1';

/** The claims challenge exactly as the token endpoint sends it: a JSON string. */
export const STEP_UP_CLAIMS = JSON.stringify({
  access_token: { acrs: { essential: true, value: STEP_UP_AUTH_CONTEXT } },
});

/** Whether a token proves the step-up: its `acrs` names the required authentication context. */
export function satisfiesStepUp(claims: JWTPayload): boolean {
  return Array.isArray(claims.acrs) && claims.acrs.includes(STEP_UP_AUTH_CONTEXT);
}

export class UnsatisfiableClaimsError extends Error {}

/**
 * The claims a token carries once the user went through the prompt for `challenges` (each a
 * claims request as the tab passes it to `getAuthToken({ claims })`): the requested authentication
 * contexts in `acrs`, and `mfa` in `amr`. A request the emulator cannot satisfy is refused.
 */
export function claimsSatisfying(challenges: readonly string[]): JWTPayload {
  const contexts = new Set<string>();
  for (const challenge of challenges) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(challenge);
    } catch {
      throw new UnsatisfiableClaimsError(`The claims request is not JSON: ${challenge.slice(0, 80)}`);
    }
    const acrs = (parsed as { access_token?: { acrs?: { value?: unknown; values?: unknown } } })?.access_token
      ?.acrs;
    const values = [acrs?.value, ...(Array.isArray(acrs?.values) ? acrs.values : [])].filter(
      (v): v is string => typeof v === 'string' && /^c([1-9]|[1-9][0-9])$/.test(v),
    );
    if (values.length === 0) {
      throw new UnsatisfiableClaimsError(
        'The claims request asks for nothing this emulator can satisfy: it understands access_token.acrs (authentication contexts c1–c99).',
      );
    }
    values.forEach((v) => contexts.add(v));
  }
  return { acrs: [...contexts], amr: ['pwd', 'mfa'] };
}
