import type { Context } from 'hono';
import { HeldTransaction } from '../store/held-transaction.ts';
import { type TenantTx, withTenant } from '../store/with-tenant.ts';
import type { AppEnv } from './app-env.ts';

/**
 * Runs `work` in a transaction confined to the caller's tenant by row-level security. In a write
 * that the audit trail records, every call joins the request's one transaction, which
 * `authenticate` commits together with the audit entry once the handler has answered (see
 * `HeldTransaction`); otherwise each call is a transaction of its own.
 */
export function inTenant<T>(
  c: Context<AppEnv>,
  work: (tx: TenantTx, tenantId: string) => Promise<T>,
): Promise<T> {
  const tenantId = c.get('principal').tenantId;
  if (!c.get('auditWords')) return withTenant(c.get('deps').database, tenantId, (tx) => work(tx, tenantId));
  let held = c.get('heldTransaction');
  if (!held) {
    held = new HeldTransaction(c.get('deps').database, tenantId);
    c.set('heldTransaction', held);
  }
  return held.run((tx) => work(tx, tenantId));
}

/**
 * A transaction of its own even in an audited write: for a read that precedes a long step (the
 * streamed upload of an import), so that no connection is held while the body arrives.
 */
export function inTenantAlone<T>(
  c: Context<AppEnv>,
  work: (tx: TenantTx, tenantId: string) => Promise<T>,
): Promise<T> {
  const tenantId = c.get('principal').tenantId;
  return withTenant(c.get('deps').database, tenantId, (tx) => work(tx, tenantId));
}

/**
 * `inTenant` or `inTenantAlone` bound to the request, for a use case that opens more than one
 * transaction (`TenantWork`).
 */
export function inTenantWork(
  c: Context<AppEnv>,
  run: typeof inTenant,
): <T>(work: (tx: TenantTx, tenantId: string) => Promise<T>) => Promise<T> {
  return (work) => run(c, work);
}

// Routes check ids before they reach the store; the use cases check the ids inside bodies.
export { isUuid } from '../domain/uuid.ts';
