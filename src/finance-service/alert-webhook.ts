import { DomainError } from '../domain/errors.ts';
import {
  checkOutboundUrl,
  defaultOutboundPolicy,
  type OutboundPolicy,
  OutboundRefused,
} from '../outbound/check-outbound-target.ts';
import { putAlertWebhook } from '../store/alert-webhook-store.ts';
import type { TenantWork } from '../tenancy-service/tenant-work.ts';

/**
 * Sets the tenant's alert webhook once its URL is known to lead to an address the policy allows
 * (checked before the transaction: resolving the host may take a while).
 */
export async function setAlertWebhook(
  inTenant: TenantWork,
  webhook: { readonly url: string; readonly secret: string },
  deps: { readonly outbound?: OutboundPolicy | undefined; readonly clock: () => Date },
): Promise<void> {
  try {
    await checkOutboundUrl(deps.outbound ?? defaultOutboundPolicy, webhook.url);
  } catch (error) {
    if (!(error instanceof OutboundRefused)) throw error;
    throw new DomainError('refused-target', error.message, [{ pointer: '/url', detail: error.message }]);
  }
  await inTenant((tx, tenantId) => putAlertWebhook(tx, tenantId, webhook, deps.clock()));
}
