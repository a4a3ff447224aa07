import type { ServiceRule } from '../ingest/focus/map-charge-to-service.ts';
import { jsonb } from './jsonb.ts';
import type { TenantTx } from './with-tenant.ts';

/** The tenant's rules that map imported charges to services, in the order they are tried. */
export async function getMappingRules(tx: TenantTx): Promise<ServiceRule[]> {
  const row = await tx.selectFrom('finance_settings').select('mapping_rules').executeTakeFirst();
  return (row?.mapping_rules ?? []) as ServiceRule[];
}

export async function putMappingRules(
  tx: TenantTx,
  tenantId: string,
  rules: readonly ServiceRule[],
  now: Date,
): Promise<void> {
  await tx
    .insertInto('finance_settings')
    .values({ tenant_id: tenantId, mapping_rules: jsonb([...rules]), updated_at: now })
    .onConflict((oc) =>
      oc.column('tenant_id').doUpdateSet({ mapping_rules: jsonb([...rules]), updated_at: now }),
    )
    .execute();
}
