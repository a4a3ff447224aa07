import { DomainError } from '../domain/errors.ts';
import { isUuid } from '../domain/uuid.ts';
import { findServicesByIds } from '../store/service-store.ts';
import { getCurrentTenant } from '../store/tenant-store.ts';
import type { TenantTx } from '../store/with-tenant.ts';

/**
 * The currency of a new grant or budget line: the one asked for, which must be the tenant's
 * (costs are booked in it, and amounts in two currencies cannot be compared), else the tenant's.
 */
export async function tenantCurrency(
  tx: TenantTx,
  asked: string | undefined,
  what: 'a budget' | 'a grant',
): Promise<string> {
  const tenant = await getCurrentTenant(tx);
  const currency = asked ?? tenant.currency.trim();
  if (currency !== tenant.currency.trim()) {
    const detail = `costs are booked in ${tenant.currency}; ${what} in ${currency} cannot be compared with them`;
    throw new DomainError('validation', detail, [{ pointer: '/currency', detail }]);
  }
  return currency;
}

/**
 * Refuses the first id (in order) that names no service of the tenant, with `pointer(index)`;
 * all ids are looked up in one query.
 */
export async function checkServiceIds(
  tx: TenantTx,
  ids: readonly string[],
  pointer: (index: number) => string,
): Promise<void> {
  const found = new Set((await findServicesByIds(tx, ids.filter(isUuid))).map((s) => s.id.toLowerCase()));
  for (const [index, id] of ids.entries()) {
    if (!isUuid(id) || !found.has(id.toLowerCase())) {
      const detail = `no service ${id}`;
      throw new DomainError('validation', detail, [{ pointer: pointer(index), detail }]);
    }
  }
}
