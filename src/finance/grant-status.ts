import { type AsOf, asOfDay, daysBetween, monthOf, monthsBetween } from '../domain/calendar-day.ts';
import { type Money, NANOS_PER_UNIT, parseDecimal, roundToCents } from '../domain/money.ts';
import type { CostRecord, PlannedDailyCost, Range, Scenario } from './cost-record.ts';
import { fundedShare } from './funded-share.ts';
import { checkGrant, type Grant } from './grant.ts';
import { spendTimeline } from './spend-timeline.ts';

export interface BurnDownMonth {
  /** `YYYY-MM`. */
  readonly month: string;
  readonly actual: Money;
  readonly planned: Range<Money>;
  /** Grant money not yet used up at the end of the month. */
  readonly remaining: Range<Money>;
}

export interface GrantStatus {
  readonly grantId: string;
  readonly asOf: string;
  readonly currency: string;
  readonly daysElapsed: number;
  readonly daysTotal: number;
  /** The spend the grant can co-fund in full: amount / co-funding rate. */
  readonly eligibleVolume: Money;
  readonly spendToDate: Money;
  readonly fundedToDate: Money;
  readonly ownShareToDate: Money;
  readonly tranchesReceived: Money;
  /** Funded spend not yet covered by disbursed tranches (negative: money received in advance). */
  readonly awaitingDisbursement: Money;
  /** Eligible spend to the end of the period: actual so far plus planned. */
  readonly forecastSpend: Range<Money>;
  readonly forecastFunded: Range<Money>;
  readonly forecastOwnShare: Range<Money>;
  /** Grant money projected to be left (and lost) at the end of the period. */
  readonly unspentAtExpiry: Range<Money>;
  /** The day the grant is used up, or null if it lasts the period. `high` spend comes first. */
  readonly exhaustionDay: Range<string | null>;
  readonly outlook: 'exhausted-early' | 'unspent-at-expiry' | 'on-target';
  readonly burnDown: readonly BurnDownMonth[];
}

const sumOf = (values: readonly bigint[]) => values.reduce((a, b) => a + b, 0n);

/**
 * Where a grant stands on `asOf`: eligible spend to date and its funded and own share, the
 * forecast to the end of the period from the planned daily costs (low, expected, high), the day
 * the money runs out or the amount left unspent, and a burn-down per month.
 *
 * @example
 * const status = grantStatus(grant, costRecords, plannedCosts, new Date('2026-06-30T12:00:00Z'));
 * status.outlook;                          // 'unspent-at-expiry'
 * formatMoney(status.unspentAtExpiry.expected); // '41250.00'
 */
export function grantStatus(
  grant: Grant,
  records: readonly CostRecord[],
  projection: readonly PlannedDailyCost[],
  asOf: AsOf,
): GrantStatus {
  checkGrant(grant);
  const today = asOfDay(asOf);
  const currency = grant.amount.currency;
  const { start, end } = grant.period;
  const timeline = spendTimeline({
    records,
    projection,
    from: start,
    to: end,
    asOf: today,
    currency,
    scope: { serviceIds: grant.eligibleServiceIds, categories: grant.eligibleCategories },
  });
  const rate = parseDecimal(grant.coFundingRate);
  const amount = grant.amount.nanos;
  const m = (nanos: bigint): Money => ({ nanos, currency });
  const funded = (spend: bigint) => fundedShare(spend, rate, amount);

  const spendToDate = sumOf(timeline.actual);
  const range = <T>(f: (scenario: Scenario) => T): Range<T> => ({
    low: f('low'),
    expected: f('expected'),
    high: f('high'),
  });
  const forecast = range((s) => spendToDate + sumOf(timeline.planned[s]));
  const exhaustionDay = range((scenario) => {
    let cumulative = 0n;
    for (let i = 0; i < timeline.days.length; i++) {
      cumulative += timeline.actual[i]! + timeline.planned[scenario][i]!;
      // Compared unrounded: used up when rate x spend reaches the amount.
      if (cumulative * rate >= amount * NANOS_PER_UNIT) return timeline.days[i]!;
    }
    return null;
  });

  const burnDown: BurnDownMonth[] = [];
  const cumulative = { low: 0n, expected: 0n, high: 0n };
  let index = 0;
  for (const month of monthsBetween(start, end)) {
    let actual = 0n;
    const planned = { low: 0n, expected: 0n, high: 0n };
    for (; index < timeline.days.length && monthOf(timeline.days[index]!) === month; index++) {
      actual += timeline.actual[index]!;
      for (const s of ['low', 'expected', 'high'] as const) planned[s] += timeline.planned[s][index]!;
    }
    for (const s of ['low', 'expected', 'high'] as const) cumulative[s] += actual + planned[s];
    burnDown.push({
      month,
      actual: m(actual),
      planned: range((s) => m(planned[s])),
      remaining: range((s) => m(amount - funded(cumulative[s]))),
    });
  }

  const tranchesReceived = grant.tranches
    .filter((t) => t.day <= today)
    .reduce((total, t) => total + t.amount.nanos, 0n);
  const fundedToDate = funded(spendToDate);
  const unspent = range((s) => amount - funded(forecast[s]));
  const outlook =
    exhaustionDay.expected !== null && exhaustionDay.expected < end
      ? 'exhausted-early'
      : unspent.expected > 0n
        ? 'unspent-at-expiry'
        : 'on-target';
  return {
    grantId: grant.id,
    asOf: today,
    currency,
    // the operands are day strings
    daysElapsed: today < start ? 0 : daysBetween(start, today < end ? today : end),
    daysTotal: daysBetween(start, end),
    eligibleVolume: roundToCents(m((amount * NANOS_PER_UNIT) / rate)),
    spendToDate: m(spendToDate),
    fundedToDate: m(fundedToDate),
    ownShareToDate: m(spendToDate - fundedToDate),
    tranchesReceived: m(tranchesReceived),
    awaitingDisbursement: m(fundedToDate - tranchesReceived),
    forecastSpend: range((s) => m(forecast[s])),
    forecastFunded: range((s) => m(funded(forecast[s]))),
    forecastOwnShare: range((s) => m(forecast[s] - funded(forecast[s]))),
    unspentAtExpiry: range((s) => m(unspent[s])),
    exhaustionDay,
    outlook,
    burnDown,
  };
}
