import { sql } from 'kysely';
import { formatMoney, type Money, money } from '../domain/money.ts';
import type { Alert } from '../finance/evaluate-alerts.ts';
import type { TenantTx } from './with-tenant.ts';

/** A raised alert with the state of its webhook delivery (null when no webhook was set). */
export interface StoredAlert {
  readonly key: string;
  readonly subjectKind: 'grant' | 'budget';
  readonly subjectId: string;
  readonly measure: Alert['measure'];
  readonly threshold: number | null;
  readonly value: Money;
  readonly limit: Money;
  readonly asOf: string;
  readonly message: string;
  readonly raisedAt: Date;
  readonly delivery: {
    readonly state: 'pending' | 'delivered' | 'gave-up';
    readonly attempts: number;
    readonly nextAttemptAt: Date;
    readonly lastStatus: number | null;
    readonly lastError: string | null;
    readonly deliveredAt: Date | null;
  } | null;
}

/** The keys already raised for one subject: the state evaluateAlerts continues from. */
export async function firedAlertKeys(
  tx: TenantTx,
  subjectKind: 'grant' | 'budget',
  subjectId: string,
): Promise<string[]> {
  const rows = await tx
    .selectFrom('alerts')
    .select('key')
    .where('subject_kind', '=', subjectKind)
    .where('subject_id', '=', subjectId)
    .execute();
  return rows.map((row) => row.key);
}

/**
 * Stores new alerts; a key that exists already is skipped (another process raised it first),
 * so a crossing is stored, and delivered, once. With `deliver` each stored alert gets a pending
 * webhook delivery due at `now`. Returns the keys stored by this call.
 */
export async function insertAlerts(
  tx: TenantTx,
  tenantId: string,
  alerts: readonly { readonly alert: Alert; readonly body: string }[],
  now: Date,
  deliver: boolean,
): Promise<string[]> {
  if (alerts.length === 0) return [];
  const rows = await tx
    .insertInto('alerts')
    .values(
      alerts.map(({ alert, body }) => ({
        tenant_id: tenantId,
        key: alert.key,
        subject_kind: alert.subjectKind,
        subject_id: alert.subjectId,
        measure: alert.measure,
        threshold: alert.threshold,
        value: formatMoney(alert.value, 9),
        limit_amount: formatMoney(alert.limit, 9),
        currency: alert.value.currency,
        as_of: alert.asOf,
        message: alert.message,
        body,
        raised_at: now,
      })),
    )
    .onConflict((oc) => oc.columns(['tenant_id', 'key']).doNothing())
    .returning('key')
    .execute();
  const keys = rows.map((row) => row.key);
  if (deliver && keys.length > 0) {
    await tx
      .insertInto('alert_deliveries')
      .values(
        keys.map((key) => ({
          tenant_id: tenantId,
          alert_key: key,
          state: 'pending' as const,
          attempts: 0,
          next_attempt_at: now,
        })),
      )
      .execute();
  }
  return keys;
}

/** The tenant's alerts, newest first. */
export async function listAlerts(tx: TenantTx, options: { readonly limit: number }): Promise<StoredAlert[]> {
  const rows = await tx
    .selectFrom('alerts as a')
    .leftJoin('alert_deliveries as d', (join) =>
      join.onRef('d.tenant_id', '=', 'a.tenant_id').onRef('d.alert_key', '=', 'a.key'),
    )
    .select([
      'a.key',
      'a.subject_kind',
      'a.subject_id',
      'a.measure',
      'a.threshold',
      'a.value',
      'a.limit_amount',
      'a.currency',
      'a.as_of',
      'a.message',
      'a.raised_at',
      'd.state',
      'd.attempts',
      'd.next_attempt_at',
      'd.last_status',
      'd.last_error',
      'd.delivered_at',
    ])
    .orderBy('a.raised_at', 'desc')
    .orderBy('a.key')
    .limit(options.limit)
    .execute();
  return rows.map((row) => {
    const currency = row.currency.trim();
    return {
      key: row.key,
      subjectKind: row.subject_kind,
      subjectId: row.subject_id,
      measure: row.measure as Alert['measure'],
      threshold: row.threshold,
      value: money(row.value, currency),
      limit: money(row.limit_amount, currency),
      asOf: row.as_of,
      message: row.message,
      raisedAt: row.raised_at,
      delivery:
        row.state === null || row.state === undefined
          ? null
          : {
              state: row.state,
              attempts: row.attempts ?? 0,
              nextAttemptAt: row.next_attempt_at as Date,
              lastStatus: row.last_status ?? null,
              lastError: row.last_error ?? null,
              deliveredAt: row.delivered_at ?? null,
            },
    };
  });
}

/** A delivery taken for one attempt. */
export interface ClaimedDelivery {
  readonly alertKey: string;
  readonly body: string;
  readonly attempts: number;
}

/**
 * Takes the due deliveries for an attempt: their next attempt moves `leaseMs` ahead, so another
 * process (or a crash mid-attempt) cannot send them again before the attempt is recorded.
 */
export async function claimDueDeliveries(
  tx: TenantTx,
  now: Date,
  leaseMs: number,
  limit: number,
): Promise<ClaimedDelivery[]> {
  const result = await sql<{ alert_key: string; body: string; attempts: number }>`
    update alert_deliveries d set next_attempt_at = ${new Date(now.getTime() + leaseMs)}
    from alerts a
    where a.tenant_id = d.tenant_id and a.key = d.alert_key
      and (d.tenant_id, d.alert_key) in (
        select tenant_id, alert_key from alert_deliveries
        where state = 'pending' and next_attempt_at <= ${now}
        order by next_attempt_at limit ${limit} for update skip locked)
    returning d.alert_key, a.body, d.attempts`.execute(tx);
  return result.rows.map((row) => ({
    alertKey: row.alert_key,
    body: row.body,
    attempts: Number(row.attempts),
  }));
}

/** Records the outcome of one attempt: delivered, retry at `retryAt`, or given up (retryAt null). */
export async function recordDeliveryAttempt(
  tx: TenantTx,
  alertKey: string,
  outcome: { readonly ok: boolean; readonly status: number | null; readonly error: string | null },
  now: Date,
  retryAt: Date | null,
): Promise<void> {
  await tx
    .updateTable('alert_deliveries')
    .set((eb) => ({
      attempts: eb('attempts', '+', 1),
      last_status: outcome.status,
      last_error: outcome.error,
      ...(outcome.ok
        ? { state: 'delivered' as const, delivered_at: now }
        : retryAt === null
          ? { state: 'gave-up' as const }
          : { next_attempt_at: retryAt }),
    }))
    .where('alert_key', '=', alertKey)
    .execute();
}
