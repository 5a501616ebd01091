/**
 * On-behalf-of exchanges per 1,000 API calls, counted from the emulator's request log (token
 * endpoint, grant type jwt-bearer). A "user" here is one SSO token on one connection, making its
 * calls one after another as a tab does; several users run at once, so their calls interleave.
 *
 * The emulator has five personas, three of whom can read profiles. 100 users are therefore 100
 * distinct SSO tokens of two personas: 100 assertions, as 100 sign-ins would be. msal-node keys
 * its token cache by account and scopes, not by assertion (the assertion hash is only checked on
 * a hit), so this also shows what happens when one person has several sessions at once.
 */
import { apiRoutes } from '../contracts/api';
import { tenants } from '../emulator/directory';
import { bearer, firstProfileId, isOnBehalfOf, logSince, type BenchContext } from './context';
import { runLoad } from './load';
import type { Figure } from './report';

const SECTION = 'On-behalf-of: token requests per 1,000 calls of GET /api/profiles/:id/status';
const CALLS = 1000;

export async function measureOnBehalfOf(ctx: BenchContext): Promise<Figure[]> {
  const { emulator, stack } = ctx;
  await emulator.setConsent(tenants.fabrikam.id, true);

  // Which profile each persona polls, found with a token of its own that is not counted.
  const profileOf = new Map<string, string>();
  for (const persona of ['admin@contoso', 'reader@contoso', 'admin@fabrikam']) {
    profileOf.set(persona, await firstProfileId(ctx, await emulator.ssoToken(persona)));
  }

  /** `users` lists each user's persona; each gets a fresh token, so its first call must exchange. */
  const count = async (users: readonly string[], connectionsPerUser = 1) => {
    ctx.progress(
      `on-behalf-of: ${users.length} user(s) × ${connectionsPerUser} connection(s), ${CALLS} calls`,
    );
    const sessions = await Promise.all(
      users.map(async (persona) => ({
        token: await emulator.ssoToken(persona),
        url: `${stack.urls.app}${apiRoutes.profileStatus(profileOf.get(persona)!)}`,
      })),
    );
    const seq = await emulator.lastSeq();
    const results = await Promise.all(
      sessions.map((session) =>
        runLoad({
          url: session.url,
          connections: connectionsPerUser,
          amount: Math.round(CALLS / sessions.length),
          headers: bearer(session.token),
        }),
      ),
    );
    const exchanges = (await logSince(ctx, seq)).filter(isOnBehalfOf).length;
    const ok = results.reduce((sum, r) => sum + (r.statusCounts['200'] ?? 0), 0);
    const calls = results.reduce((sum, r) => sum + r.requests, 0);
    const error = ok === calls ? undefined : `only ${ok} of ${calls} calls answered 200`;
    return { exchanges, error };
  };

  const one = await count(['admin@contoso']);
  const readers = ['admin@contoso', 'reader@contoso', 'admin@fabrikam'];
  const three = await count(readers);
  // 333 calls each: the count of exchanges does not depend on the missing call.
  const hundred = await count(Array.from({ length: 100 }, (_, i) => readers[i % 2]!));
  const concurrent = await count(['admin@contoso'], 10);

  const figure = (
    name: string,
    measured: { exchanges: number; error?: string },
    target?: number,
    detail?: string,
  ): Figure => ({
    section: SECTION,
    name,
    value: measured.exchanges,
    unit: '',
    digits: 0,
    ...(target === undefined ? {} : { target: { comparison: 'equal' as const, value: target, unit: '' } }),
    ...(detail ? { detail } : {}),
    ...(measured.error ? { error: measured.error } : {}),
  });
  return [
    figure('1 user', one, 1),
    figure('3 users (every persona that may read), interleaved', three, 3),
    figure(
      '100 users = 100 SSO tokens of 2 personas, interleaved',
      hundred,
      100,
      'the emulator has no 100 accounts; the backend caches Graph tokens per SSO token, so interleaved ' +
        'tokens of one person do not replace each other (msal-node alone caches per account)',
    ),
    figure(
      '1 user, 10 concurrent connections',
      concurrent,
      undefined,
      'context: concurrent first calls of one token share one exchange',
    ),
  ];
}
