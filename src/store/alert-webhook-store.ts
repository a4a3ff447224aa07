import type { TenantTx } from './with-tenant.ts';

export interface AlertWebhook {
  readonly url: string;
  readonly secret: string;
}

/** The tenant's alert webhook, if one is set. */
export async function findAlertWebhook(tx: TenantTx): Promise<AlertWebhook | undefined> {
  const row = await tx
    .selectFrom('finance_settings')
    .select(['webhook_url', 'webhook_secret'])
    .executeTakeFirst();
  return row?.webhook_url && row.webhook_secret
    ? { url: row.webhook_url, secret: row.webhook_secret }
    : undefined;
}

/** Sets (or with null removes) the tenant's alert webhook. */
export async function putAlertWebhook(
  tx: TenantTx,
  tenantId: string,
  webhook: AlertWebhook | null,
  now: Date,
): Promise<void> {
  const values = {
    webhook_url: webhook?.url ?? null,
    webhook_secret: webhook?.secret ?? null,
    updated_at: now,
  };
  await tx
    .insertInto('finance_settings')
    .values({ tenant_id: tenantId, ...values })
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet(values))
    .execute();
}
