import type { ServiceRule } from '../ingest/focus/map-charge-to-service.ts';
import { putMappingRules } from '../store/cost-mapping-store.ts';
import type { TenantTx } from '../store/with-tenant.ts';
import { checkServiceIds } from '../tenancy-service/tenant-checks.ts';

/**
 * Replaces the tenant's mapping rules after checking that every rule names one of its services
 * (one query for all); they apply to imports from now on.
 */
export async function replaceMappingRules(
  tx: TenantTx,
  tenantId: string,
  rules: readonly ServiceRule[],
  now: Date,
): Promise<void> {
  await checkServiceIds(
    tx,
    rules.map((rule) => rule.serviceId),
    (index) => `/rules/${index}/serviceId`,
  );
  await putMappingRules(tx, tenantId, rules, now);
}
