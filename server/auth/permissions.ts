/**
 * What the signed-in user may do with SDS profiles, read from the SSO token's `wids` (directory
 * roles). This only shapes the tab (which buttons to show); Microsoft Graph stays the authority
 * and its 403 reaches the tab as `forbidden` (ADR 012).
 */
import { directoryRoleIds } from '../../contracts/identity';
import type { AuthContext } from './types';

export type SdsAccess = {
  canRead: boolean;
  canWrite: boolean;
  /** Why the user cannot read or write, in words the tab shows. */
  restriction?: string;
};

export function sdsAccessOf(auth: Pick<AuthContext, 'directoryRoles'>): SdsAccess {
  const roles = new Set(auth.directoryRoles.map((r) => r.toLowerCase()));
  if (roles.has(directoryRoleIds.globalAdministrator)) return { canRead: true, canWrite: true };
  if (roles.has(directoryRoleIds.globalReader)) {
    return {
      canRead: true,
      canWrite: false,
      restriction:
        'You can view SDS profiles because you are a Global Reader. Changing them needs the Global Administrator role.',
    };
  }
  return {
    canRead: false,
    canWrite: false,
    restriction:
      'SDS profiles are only available to Global Administrators (view and change) and Global Readers (view). Ask your IT administrator for access.',
  };
}
