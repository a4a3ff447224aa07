import { alertWebhookBody } from '../finance/alert-webhook-body.ts';
import {
  type Alert,
  type AlertRules,
  evaluateAlerts,
  type SpendSubject,
} from '../finance/evaluate-alerts.ts';
import { firedAlertKeys, insertAlerts } from '../store/alert-store.ts';
import { findAlertWebhook } from '../store/alert-webhook-store.ts';
import type { TenantTx } from '../store/with-tenant.ts';

/**
 * Evaluates a subject's thresholds against the crossings stored so far and stores the new ones,
 * each with a pending webhook delivery when the tenant has a webhook. The alerts' primary key is
 * the crossing, so two processes evaluating at once still store (and send) it once.
 */
export async function raiseAlerts(
  tx: TenantTx,
  tenantId: string,
  subject: SpendSubject,
  rules: AlertRules,
  now: Date,
): Promise<Alert[]> {
  const fired = await firedAlertKeys(tx, subject.kind, subject.id);
  const { alerts } = evaluateAlerts({ fired }, subject, rules);
  if (alerts.length === 0) return [];
  const webhook = await findAlertWebhook(tx);
  const stored = new Set(
    await insertAlerts(
      tx,
      tenantId,
      alerts.map((alert) => ({ alert, body: alertWebhookBody(alert) })),
      now,
      webhook !== undefined,
    ),
  );
  return alerts.filter((alert) => stored.has(alert.key));
}
