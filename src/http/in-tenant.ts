import type { Context } from 'hono';
import { type TenantTx, withTenant } from '../store/with-tenant.ts';
import type { AppEnv } from './app-env.ts';

/** Runs `work` in a transaction confined to the caller's tenant by row-level security. */
export function inTenant<T>(
  c: Context<AppEnv>,
  work: (tx: TenantTx, tenantId: string) => Promise<T>,
): Promise<T> {
  const tenantId = c.get('principal').tenantId;
  return withTenant(c.get('deps').database, tenantId, (tx) => work(tx, tenantId));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids are UUIDs; anything else cannot name a stored row. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
