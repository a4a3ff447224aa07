import type { Money } from '../domain/money.ts';
import type { BudgetStatus } from './budget-status.ts';
import { formatMoneyDe } from './format-money-de.ts';
import type { GrantStatus } from './grant-status.ts';

/** The figures alerts look at, taken from a grant or budget status. */
export interface SpendSubject {
  readonly kind: 'grant' | 'budget';
  readonly id: string;
  readonly asOf: string;
  /** What 100 % means: a grant's eligible volume, a budget line's amount. */
  readonly limit: Money;
  readonly actual: Money;
  /** Expected spend at the end of the period. */
  readonly forecast: Money;
  /** Grants only: money projected to be left at the end of the period. */
  readonly unspentAtExpiry?: Money;
}

export interface AlertRules {
  /** Whole percentages of the limit; 50, 80 and 100 by default. */
  readonly thresholds?: readonly number[];
  /** Alert when the projected unspent amount at expiry is above this. */
  readonly unspentAbove?: Money;
}

/** Crossings already reported, by key; kept by the caller between evaluations. */
export interface AlertState {
  readonly fired: readonly string[];
}

export interface Alert {
  /** Stable per crossing: the deduplication key (and webhook idempotency key). */
  readonly key: string;
  readonly subjectKind: SpendSubject['kind'];
  readonly subjectId: string;
  readonly measure: 'actual' | 'forecast' | 'unspent-at-expiry';
  /** Percentage crossed, or null for the unspent alert. */
  readonly threshold: number | null;
  readonly value: Money;
  readonly limit: Money;
  readonly asOf: string;
  /** German text for people. */
  readonly message: string;
}

export const defaultThresholds: readonly number[] = [50, 80, 100];

const euro = (m: Money) => formatMoneyDe(m);

/**
 * The alerts of a subject that are new since `previous`: a threshold on actual or forecast
 * spend that is now reached, or a projected unspent amount above the limit. A crossing is
 * reported once, even if spend falls back (a credit) and rises again; the returned state holds
 * every key reported so far and goes back in next time.
 *
 * @example
 * const { alerts, state } = evaluateAlerts({ fired: [] }, grantAlertSubject(status), { unspentAbove: money('10000', 'EUR') });
 * alerts.map((a) => a.key); // ['grant:grant-dk:actual:50', 'grant:grant-dk:forecast:50', ...]
 */
export function evaluateAlerts(
  previous: AlertState,
  subject: SpendSubject,
  rules: AlertRules = {},
): { alerts: Alert[]; state: AlertState } {
  const fired = new Set(previous.fired);
  const alerts: Alert[] = [];
  const raise = (alert: Omit<Alert, 'subjectKind' | 'subjectId' | 'asOf' | 'limit'>) => {
    if (fired.has(alert.key)) return;
    fired.add(alert.key);
    alerts.push({
      ...alert,
      subjectKind: subject.kind,
      subjectId: subject.id,
      asOf: subject.asOf,
      limit: subject.limit,
    });
  };
  const prefix = `${subject.kind}:${subject.id}`;
  const noun = subject.kind === 'grant' ? 'Fördermittel' : 'Haushaltsansatz';
  const thresholds = [...new Set(rules.thresholds ?? defaultThresholds)].sort((a, b) => a - b);
  for (const measure of ['actual', 'forecast'] as const) {
    const value = measure === 'actual' ? subject.actual : subject.forecast;
    for (const threshold of thresholds) {
      // value / limit >= threshold %, compared in integers.
      if (subject.limit.nanos <= 0n || value.nanos * 100n < subject.limit.nanos * BigInt(threshold)) continue;
      raise({
        key: `${prefix}:${measure}:${threshold}`,
        measure,
        threshold,
        value,
        message:
          measure === 'actual'
            ? `${noun} ${subject.id}: ${threshold} % erreicht (Ausgaben bisher ${euro(value)} von ${euro(subject.limit)}).`
            : `${noun} ${subject.id}: Prognose erreicht ${threshold} % (erwartet ${euro(value)} von ${euro(subject.limit)}).`,
      });
    }
  }
  const unspent = subject.unspentAtExpiry;
  if (rules.unspentAbove !== undefined && unspent !== undefined && unspent.nanos > rules.unspentAbove.nanos) {
    raise({
      key: `${prefix}:unspent-at-expiry:${rules.unspentAbove.nanos}`,
      measure: 'unspent-at-expiry',
      threshold: null,
      value: unspent,
      message: `${noun} ${subject.id}: voraussichtlich ${euro(unspent)} am Ende des Förderzeitraums nicht verausgabt (Grenze ${euro(rules.unspentAbove)}).`,
    });
  }
  return { alerts, state: { fired: [...fired].sort() } };
}

/** A threshold a subject has crossed on a day, whether or not its alert was sent yet. */
export interface CrossedThreshold {
  readonly key: string;
  readonly measure: Alert['measure'];
  readonly threshold: number | null;
}

/**
 * Every threshold the subject has crossed (what a status reading shows): the same evaluation as
 * the alerts job's, without the memory of what was reported, so it never changes anything.
 *
 * @example
 * crossedThresholds(grantAlertSubject(status), { thresholds: [50, 80] }).map((c) => c.key);
 * // ['grant:g1:actual:50', 'grant:g1:forecast:50', 'grant:g1:forecast:80']
 */
export function crossedThresholds(subject: SpendSubject, rules: AlertRules = {}): CrossedThreshold[] {
  return evaluateAlerts({ fired: [] }, subject, rules).alerts.map(({ key, measure, threshold }) => ({
    key,
    measure,
    threshold,
  }));
}

/** A grant's alert rules as stored with it. */
export function grantAlertRules(grant: {
  readonly alertThresholds: readonly number[];
  readonly unspentAlertAbove: Money | null;
}): AlertRules {
  return {
    thresholds: grant.alertThresholds,
    ...(grant.unspentAlertAbove ? { unspentAbove: grant.unspentAlertAbove } : {}),
  };
}

/**
 * The alert figures of a grant: eligible spend against the eligible volume.
 *
 * @example
 * evaluateAlerts(state, grantAlertSubject(grantStatus(grant, records, plan, asOf)));
 */
export function grantAlertSubject(status: GrantStatus): SpendSubject {
  return {
    kind: 'grant',
    id: status.grantId,
    asOf: status.asOf,
    limit: status.eligibleVolume,
    actual: status.spendToDate,
    forecast: status.forecastSpend.expected,
    unspentAtExpiry: status.unspentAtExpiry.expected,
  };
}

/**
 * The alert figures of a budget line.
 *
 * @example
 * evaluateAlerts(state, budgetAlertSubject(budgetStatus(line, records, plan, asOf)));
 */
export function budgetAlertSubject(status: BudgetStatus): SpendSubject {
  return {
    kind: 'budget',
    id: status.lineId,
    asOf: status.asOf,
    limit: status.amount,
    actual: status.spendToDate,
    forecast: status.projected.expected,
  };
}
