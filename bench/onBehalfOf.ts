/**
 * On-behalf-of exchanges per 1,000 API calls, counted from the emulator's request log (token
 * endpoint, grant type jwt-bearer). A "user" here is one SSO token on one connection, making its
 * calls one after another as a tab does. The emulator has five personas, so 100 users are 100
 * distinct SSO tokens of the two personas that may read (different tokens are different
 * assertions, hence different MSAL cache entries, exactly as 100 people would be).
 */
import { apiRoutes } from '../contracts/api';
import { bearer, firstProfileId, isOnBehalfOf, logSince, type BenchContext } from './context';
import { runLoad } from './load';
import type { Figure } from './report';

const SECTION = 'On-behalf-of: token requests per 1,000 calls of GET /api/profiles/:id/status';
const CALLS = 1000;
const READERS = ['admin@contoso', 'reader@contoso'] as const;

export async function measureOnBehalfOf(ctx: BenchContext): Promise<Figure[]> {
  const { emulator, stack } = ctx;
  const setupToken = await emulator.ssoToken('admin@contoso');
  const profileId = await firstProfileId(ctx, setupToken);
  const url = `${stack.urls.app}${apiRoutes.profileStatus(profileId)}`;

  const count = async (users: number, connectionsPerUser: number) => {
    // Fresh tokens: none of them has been exchanged yet, so the first call of each must miss.
    const tokens = await Promise.all(
      Array.from({ length: users }, (_, i) => emulator.ssoToken(READERS[i % READERS.length]!)),
    );
    const seq = await emulator.lastSeq();
    const result = await runLoad({
      url,
      connections: users * connectionsPerUser,
      amount: CALLS,
      headersForConnection: (index) => bearer(tokens[Math.floor(index / connectionsPerUser)]!),
    });
    const exchanges = (await logSince(ctx, seq)).filter(isOnBehalfOf).length;
    const ok = result.statusCounts['200'] ?? 0;
    const error =
      ok === CALLS
        ? undefined
        : `only ${ok} of ${CALLS} calls answered 200 (${JSON.stringify(result.statusCounts)})`;
    return { exchanges, error };
  };

  ctx.progress('on-behalf-of: 1 user, then 100 users, 1,000 calls each');
  const one = await count(1, 1);
  const hundred = await count(100, 1);
  const stampede = await count(1, 10);

  const note = '100 users = 100 distinct SSO tokens (admin@contoso, reader@contoso alternating)';
  return [
    {
      section: SECTION,
      name: '1 user, 1 connection',
      value: one.exchanges,
      unit: '',
      digits: 0,
      target: { comparison: 'equal', value: 1, unit: '' },
      detail: 'counted from GET /_emulator/requests (service entra, grantType jwt-bearer)',
      ...(one.error ? { error: one.error } : {}),
    },
    {
      section: SECTION,
      name: '100 users, 1 connection each',
      value: hundred.exchanges,
      unit: '',
      digits: 0,
      target: { comparison: 'equal', value: 100, unit: '' },
      detail: note,
      ...(hundred.error ? { error: hundred.error } : {}),
    },
    {
      section: SECTION,
      name: '1 user, 10 concurrent connections',
      value: stampede.exchanges,
      unit: '',
      digits: 0,
      detail: 'context: concurrent first calls of one token before its exchange is cached',
      ...(stampede.error ? { error: stampede.error } : {}),
    },
  ];
}
