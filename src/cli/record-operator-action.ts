import { userInfo } from 'node:os';
import { appendAuditEvent } from '../store/audit-store.ts';
import type { Database } from '../store/database.ts';
import { withTenant } from '../store/with-tenant.ts';

/**
 * Records an admin command's change in the tenant's audit trail, under the operator: the account
 * that ran it (`LASTPLAN_OPERATOR` names someone else, e.g. behind sudo). There is no request, so
 * the request id is one made for the command.
 */
export async function recordOperatorAction(
  database: Database,
  tenantId: string,
  change: { action: string; resourceType: string; resourceId: string; detail: Record<string, unknown> },
): Promise<void> {
  const account = process.env.LASTPLAN_OPERATOR || process.env.SUDO_USER || safeUserName();
  await withTenant(database, tenantId, (tx) =>
    appendAuditEvent(tx, tenantId, {
      at: new Date(),
      actor: { kind: 'operator', id: account, name: `${account} (lastplan CLI)` },
      action: change.action,
      resourceType: change.resourceType,
      resourceId: change.resourceId,
      detail: change.detail,
      requestId: `cli-${crypto.randomUUID()}`,
    }),
  );
}

function safeUserName(): string {
  try {
    return userInfo().username || 'unknown';
  } catch {
    return 'unknown';
  }
}
