import { listTenants } from '../store/tenant-store.ts';
import type { Tenant } from '../tenancy/tenant.ts';
import type { JobContext } from './job-context.ts';

/**
 * Runs `work` for every tenant; one tenant's failure is logged and counted, and the others still
 * get their turn.
 */
export async function forEachTenant(
  context: JobContext,
  job: string,
  work: (tenant: Tenant) => Promise<void>,
): Promise<{ tenants: number; failedTenants: number }> {
  let tenants = 0;
  let failedTenants = 0;
  for (const tenant of await listTenants(context.database)) {
    tenants += 1;
    try {
      await work(tenant);
    } catch (error) {
      failedTenants += 1;
      context.logger.error(`job ${job} failed for a tenant`, {
        tenant: tenant.slug,
        error: (error as Error).message,
      });
    }
  }
  return { tenants, failedTenants };
}
