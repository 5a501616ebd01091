/**
 * The profile ids each tenant's last list gave, kept by this instance as the next list's guess
 * (server/graph/listWithStatuses.ts asks for their statuses beside the list). A guess only: a
 * wrong one costs a batch, never a wrong answer, so nothing is shared between instances. Bounded
 * both ways: the tenants listed least recently go first, and a hint holds at most
 * MAX_HINTED_IDS ids (with the list, ten batches of 20 leave together; the statuses of a larger
 * tenant's other profiles follow in a second round).
 */
export const MAX_HINTED_IDS = 199;
const MAX_TENANTS = 1_000;

export type ProfileIdHints = {
  /** The ids to guess for `tenantId` (none yet: an empty list). */
  get: (tenantId: string) => readonly string[];
  /** Remembers what `tenantId`'s list just gave. */
  set: (tenantId: string, ids: readonly string[]) => void;
};

export function createProfileIdHints(maxTenants = MAX_TENANTS): ProfileIdHints {
  const hints = new Map<string, readonly string[]>();
  return {
    get: (tenantId) => hints.get(tenantId) ?? [],
    set(tenantId, ids) {
      hints.delete(tenantId);
      hints.set(tenantId, ids.slice(0, MAX_HINTED_IDS));
      if (hints.size > maxTenants) hints.delete(hints.keys().next().value!);
    },
  };
}
