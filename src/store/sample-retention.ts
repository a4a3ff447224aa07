import { sql } from 'kysely';
import type { TenantTx } from './with-tenant.ts';

/**
 * Deletes the tenant's raw samples older than `before`; hourly rollups are kept, so forecasts
 * still see the history. Returns the number of samples deleted.
 */
export async function deleteExpiredSamples(tx: TenantTx, tenantId: string, before: Date): Promise<number> {
  const result = await sql`
    delete from samples where tenant_id = ${tenantId}::uuid and ts < ${before.toISOString()}::timestamptz`.execute(
    tx,
  );
  return Number(result.numAffectedRows ?? 0);
}
