/**
 * The tenant part of an Entra URL (`/{tenant}/...`): a tenant id, a verified domain, or one of the
 * aliases `common`, `organizations` and `consumers`. Entra matches them case-insensitively.
 */
import { tenants, type Tenant } from '../directory';

export type TenantAlias = 'common' | 'organizations' | 'consumers';

export type TenantPath = {
  /** As written in the URL. */
  segment: string;
  /** The tenant the URL names, when it names one (`consumers` names the consumers tenant). */
  tenant?: Tenant;
  alias?: TenantAlias;
};

const aliases: readonly TenantAlias[] = ['common', 'organizations', 'consumers'];

/** The tenants that have verified domains (personal accounts' domains are not verified domains). */
const directoryTenants: readonly Tenant[] = [tenants.contoso, tenants.fabrikam];

export function resolveTenantPath(segment: string): TenantPath | undefined {
  const lower = segment.toLowerCase();
  const alias = aliases.find((a) => a === lower);
  if (alias)
    return alias === 'consumers' ? { segment, alias, tenant: tenants.consumers } : { segment, alias };
  const tenant =
    Object.values(tenants).find((t) => t.id === lower) ??
    directoryTenants.find((t) => t.defaultDomain.toLowerCase() === lower);
  return tenant ? { segment, tenant } : undefined;
}

export function findTenantById(tenantId: string): Tenant | undefined {
  return Object.values(tenants).find((t) => t.id === tenantId.toLowerCase());
}

/** Every way a URL may name a tenant, for error messages. */
export function knownTenantSegments(): string[] {
  return [
    ...Object.values(tenants).map((t) => t.id),
    ...directoryTenants.map((t) => t.defaultDomain),
    ...aliases,
  ];
}
