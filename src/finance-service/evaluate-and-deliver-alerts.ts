import { asOfDay } from '../domain/calendar-day.ts';
import { backoffSchedule } from '../finance/backoff-schedule.ts';
import { fiscalYearPeriod } from '../finance/budget-status.ts';
import { budgetAlertSubject, grantAlertRules, grantAlertSubject } from '../finance/evaluate-alerts.ts';
import { signWebhook } from '../finance/sign-webhook.ts';
import type { Logger } from '../logger.ts';
import { defaultOutboundPolicy, type OutboundPolicy } from '../outbound/check-outbound-target.ts';
import { postOutbound } from '../outbound/post-outbound.ts';
import { claimDueDeliveries, recordDeliveryAttempt } from '../store/alert-store.ts';
import { findAlertWebhook } from '../store/alert-webhook-store.ts';
import { listBudgetLines } from '../store/budget-store.ts';
import type { Database } from '../store/database.ts';
import { listGrants } from '../store/grant-store.ts';
import { listTenants } from '../store/tenant-store.ts';
import { withTenant } from '../store/with-tenant.ts';
import { loadBudgetStatus, loadGrantStatus } from './load-spend-status.ts';
import { raiseAlerts } from './raise-alerts.ts';

export interface AlertDeliveryDeps {
  readonly database: Database;
  readonly logger: Logger;
  /** Delays before each retry; the default is backoffSchedule() (30 s doubling to 1 h, 8 retries). */
  readonly retryDelaysMs?: readonly number[];
  /** How long one attempt may take (default 10 s). */
  readonly timeoutMs?: number;
  /** Which targets may be reached (LASTPLAN_WEBHOOK_ALLOW); internal addresses are refused by default. */
  readonly outbound?: OutboundPolicy;
}

export interface AlertRunSummary {
  readonly raised: number;
  readonly delivered: number;
  readonly failed: number;
  readonly gaveUp: number;
}

const LEASE_MS = 5 * 60_000;

/**
 * One round for every tenant: evaluates the thresholds of each grant and budget line whose period
 * includes `now`, stores new crossings, then sends every due webhook delivery, signed with the
 * tenant's secret (header `x-lastplan-signature: t=<unix>,v1=<hmac-sha256 hex>`), and schedules
 * a retry with backoff for each failure that a retry can fix (not a refused address or a
 * redirect, which give up at once). A crossing is stored once, so it is sent once; a
 * delivery is leased while it is being sent, so two processes do not send it both.
 */
export async function evaluateAndDeliverAlerts(deps: AlertDeliveryDeps, now: Date): Promise<AlertRunSummary> {
  const today = asOfDay(now);
  const delays = deps.retryDelaysMs ?? backoffSchedule();
  let raised = 0;
  let delivered = 0;
  let failed = 0;
  let gaveUp = 0;
  for (const tenant of await listTenants(deps.database)) {
    try {
      raised += await withTenant(deps.database, tenant.id, async (tx) => {
        let count = 0;
        for (const grant of await listGrants(tx)) {
          if (grant.period.start > today || grant.period.end < today) continue;
          const { status } = await loadGrantStatus(tx, grant, today);
          count += (await raiseAlerts(tx, tenant.id, grantAlertSubject(status), grantAlertRules(grant), now))
            .length;
        }
        for (const line of await listBudgetLines(tx)) {
          const period = fiscalYearPeriod(line.fiscalYear, line.fiscalYearStartMonth ?? 1);
          if (period.start > today || period.end < today) continue;
          const { status } = await loadBudgetStatus(tx, line, today);
          count += (
            await raiseAlerts(
              tx,
              tenant.id,
              budgetAlertSubject(status),
              { thresholds: line.alertThresholds },
              now,
            )
          ).length;
        }
        return count;
      });
      const { due, webhook } = await withTenant(deps.database, tenant.id, async (tx) => ({
        webhook: await findAlertWebhook(tx),
        due: await claimDueDeliveries(tx, now, LEASE_MS, 100),
      }));
      for (const delivery of due) {
        let outcome: { ok: boolean; status: number | null; error: string | null; permanent?: boolean };
        if (webhook === undefined) outcome = { ok: false, status: null, error: 'no webhook set' };
        else {
          const signature = await signWebhook(
            webhook.secret,
            delivery.body,
            Math.floor(now.getTime() / 1000),
          );
          outcome = await postOutbound(deps.outbound ?? defaultOutboundPolicy, webhook.url, {
            headers: {
              'content-type': 'application/json',
              'x-lastplan-signature': signature,
              'x-lastplan-delivery': delivery.alertKey,
              'user-agent': 'lastplan-alerts',
            },
            body: delivery.body,
            timeoutMs: deps.timeoutMs ?? 10_000,
          });
        }
        const delay = delays[delivery.attempts];
        const retryAt =
          outcome.ok || outcome.permanent || delay === undefined ? null : new Date(now.getTime() + delay);
        await withTenant(deps.database, tenant.id, (tx) =>
          recordDeliveryAttempt(tx, delivery.alertKey, outcome, now, retryAt),
        );
        if (outcome.ok) delivered++;
        else if (retryAt === null) gaveUp++;
        else failed++;
      }
    } catch (error) {
      deps.logger.error('alert round failed', { tenant: tenant.slug, error: (error as Error).message });
    }
  }
  return { raised, delivered, failed, gaveUp };
}
