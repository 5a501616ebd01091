/**
 * One-time download links. Inside Teams a tab cannot hand a file to the user from its iframe
 * (desktop and mobile clients ignore downloads there); it opens a URL through the host
 * (teams-js `app.openLink`), which a browser then fetches without the tab's SSO token. The tab
 * first asks for a ticket with its token (POST …/errors/export); the ticket is the link's only
 * credential:
 *
 * - single use and short-lived (TICKET_TTL_MS), bound to the tenant, the user and the profile;
 * - kept in the shared state (so any instance can redeem it), sealed with a key derived from a
 *   secret that is only in the link: the store alone never yields the SSO token inside;
 * - redeemed by validating that SSO token again (expired, revoked tenant, …: refused), which is
 *   then exchanged on-behalf-of like any request's (docs/decisions/028).
 */
import { createHash, hkdfSync, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { seal, unseal } from './auth/onBehalfOf';
import type { AuthContext, TokenValidator } from './auth/types';
import { HttpError, unauthorized } from './errors';
import type { SharedState } from './sharedState/types';

export const TICKET_TTL_MS = 60_000;
/** A used ticket is remembered this long, so a replay says "already used" rather than "unknown". */
const USED_TTL_MS = 10 * 60_000;
const TICKET_FORMAT = /^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/;

const payloadSchema = z.object({
  tenantId: z.string(),
  objectId: z.string(),
  purpose: z.string(),
  assertion: z.string(),
  expiresAt: z.number(),
});

function keyOf(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'sds-profiles', 'download ticket', 32));
}

function storeKey(id: string): string {
  // The id is random; hashing it keeps even that out of the store's key space.
  return `download-ticket:${createHash('sha256').update(id).digest('base64url')}`;
}

export type DownloadTickets = {
  /** A ticket for `purpose` (such as `errors.csv:<profileId>`), for the caller. */
  issue(auth: AuthContext, purpose: string): Promise<{ ticket: string; expiresAt: Date }>;
  /** The caller the ticket was issued to, once; throws a 401 HttpError saying why not. */
  redeem(ticket: string, purpose: string): Promise<AuthContext>;
};

const expired = () =>
  unauthorized(
    'invalid_token',
    'This download link has expired or was already used. Go back to SDS Profiles and select Export errors (CSV) again.',
  );

export function createDownloadTickets(
  shared: Pick<SharedState, 'cache' | 'locks'>,
  validator: Pick<TokenValidator, 'validate'>,
): DownloadTickets {
  return {
    async issue(auth, purpose) {
      const id = randomBytes(16).toString('base64url');
      const secret = randomBytes(32).toString('base64url');
      const expiresAt = Date.now() + TICKET_TTL_MS;
      const payload = JSON.stringify({
        tenantId: auth.tenantId,
        objectId: auth.objectId,
        purpose,
        assertion: auth.assertion,
        expiresAt,
      });
      await shared.cache.set(storeKey(id), seal(keyOf(secret), payload), TICKET_TTL_MS);
      return { ticket: `${id}.${secret}`, expiresAt: new Date(expiresAt) };
    },

    async redeem(ticket, purpose) {
      if (!TICKET_FORMAT.test(ticket)) {
        throw unauthorized('invalid_token', 'The download link is not complete. Export the errors again.');
      }
      const [id, secret] = ticket.split('.') as [string, string];
      const key = storeKey(id);
      // One redemption per ticket across every instance: the first marks it used under the lock.
      const sealed = await shared.locks.withLock(key, { waitMs: 2000 }, async () => {
        const value = await shared.cache.get(key);
        if (value === null || value === 'used') return null;
        await shared.cache.set(key, 'used', USED_TTL_MS);
        return value;
      });
      if (sealed === null) throw expired();
      const opened = unseal(keyOf(secret), sealed);
      const payload = payloadSchema.safeParse(opened ? JSON.parse(opened) : null);
      if (!payload.success || payload.data.expiresAt < Date.now()) throw expired();
      if (payload.data.purpose !== purpose) {
        throw new HttpError(403, 'forbidden', 'This download link is for another file.');
      }
      const auth = await validator.validate(payload.data.assertion);
      if (auth.tenantId !== payload.data.tenantId || auth.objectId !== payload.data.objectId) {
        throw new HttpError(403, 'forbidden', 'This download link was made for someone else.');
      }
      return auth;
    },
  };
}
