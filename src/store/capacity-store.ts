import { jsonb } from './jsonb.ts';
import type { TenantTx } from './with-tenant.ts';

export interface StoredCapacityModel<T> {
  readonly serviceId: string;
  readonly model: T;
  readonly updatedAt: Date;
}

/** The service's capacity model as last put, or undefined. */
export async function findCapacityModel<T>(
  tx: TenantTx,
  serviceId: string,
): Promise<StoredCapacityModel<T> | undefined> {
  const row = await tx
    .selectFrom('capacity_models')
    .select(['service_id', 'model', 'updated_at'])
    .where('service_id', '=', serviceId)
    .executeTakeFirst();
  return row ? { serviceId: row.service_id, model: row.model as T, updatedAt: row.updated_at } : undefined;
}

/** Every capacity model of the tenant, in one query. */
export async function listCapacityModels<T>(tx: TenantTx): Promise<StoredCapacityModel<T>[]> {
  const rows = await tx.selectFrom('capacity_models').select(['service_id', 'model', 'updated_at']).execute();
  return rows.map((row) => ({ serviceId: row.service_id, model: row.model as T, updatedAt: row.updated_at }));
}

/** Creates or replaces the model; returns whether it was new. */
export async function putCapacityModel<T>(
  tx: TenantTx,
  tenantId: string,
  serviceId: string,
  model: T,
  now: Date,
): Promise<{ stored: StoredCapacityModel<T>; created: boolean }> {
  const before = await findCapacityModel<T>(tx, serviceId);
  const row = await tx
    .insertInto('capacity_models')
    .values({
      tenant_id: tenantId,
      service_id: serviceId,
      model: jsonb(model as Record<string, unknown>),
      updated_at: now,
    })
    .onConflict((oc) =>
      oc
        .columns(['tenant_id', 'service_id'])
        .doUpdateSet({ model: jsonb(model as Record<string, unknown>), updated_at: now }),
    )
    .returning(['service_id', 'model', 'updated_at'])
    .executeTakeFirstOrThrow();
  return {
    stored: { serviceId: row.service_id, model: row.model as T, updatedAt: row.updated_at },
    created: before === undefined,
  };
}
