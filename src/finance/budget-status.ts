import { type AsOf, asOfDay, lastDayOfMonth, monthOf, monthsBetween } from '../domain/calendar-day.ts';
import { type CostCategory, costCategories } from '../domain/cost-category.ts';
import { DomainError } from '../domain/errors.ts';
import type { Money } from '../domain/money.ts';
import type { CostRecord, PlannedDailyCost, Range, Scenario } from './cost-record.ts';
import { spendTimeline } from './spend-timeline.ts';

/** A line of the budget for one fiscal year (Haushaltsjahr) that pays for some services. */
export interface BudgetLine {
  readonly id: string;
  readonly name: string;
  /** The year the fiscal year starts in. */
  readonly fiscalYear: number;
  /** 1 (January, the calendar year: the default for German municipal budgets) to 12. */
  readonly fiscalYearStartMonth?: number;
  readonly amount: Money;
  readonly serviceIds: readonly string[];
  /** All categories when left out. */
  readonly categories?: readonly CostCategory[];
}

/**
 * First and last day of a fiscal year.
 *
 * @example
 * fiscalYearPeriod(2026);     // { start: '2026-01-01', end: '2026-12-31' }
 * fiscalYearPeriod(2026, 7);  // { start: '2026-07-01', end: '2027-06-30' }
 */
export function fiscalYearPeriod(year: number, startMonth = 1): { start: string; end: string } {
  if (!Number.isInteger(startMonth) || startMonth < 1 || startMonth > 12 || !Number.isInteger(year)) {
    const detail = `no fiscal year ${year} starting in month ${startMonth}`;
    throw new DomainError('validation', detail, [{ pointer: '/fiscalYearStartMonth', detail }]);
  }
  const start = `${year}-${String(startMonth).padStart(2, '0')}-01`;
  const endMonth = startMonth === 1 ? `${year}-12` : `${year + 1}-${String(startMonth - 1).padStart(2, '0')}`;
  return { start, end: lastDayOfMonth(endMonth) };
}

export interface BudgetMonth {
  readonly month: string;
  readonly actual: Money;
  readonly planned: Range<Money>;
}

export interface BudgetStatus {
  readonly lineId: string;
  readonly fiscalYear: number;
  readonly period: { readonly start: string; readonly end: string };
  readonly asOf: string;
  readonly amount: Money;
  readonly spendToDate: Money;
  /** Share of the line spent so far, in percent with two decimals (for display, not for sums). */
  readonly percentSpent: number;
  /** Spend to the end of the fiscal year: actual so far plus planned. */
  readonly projected: Range<Money>;
  /** Amount minus projected spend; negative means the line will be overrun. */
  readonly remaining: Range<Money>;
  readonly monthly: readonly BudgetMonth[];
}

/**
 * Spend to date and projection of one budget line for its fiscal year.
 *
 * @example
 * const s = budgetStatus({ id: 'b1', name: 'IT-Betrieb', fiscalYear: 2026, amount: money('50000', 'EUR'),
 *   serviceIds: ['svc-wahl'] }, records, planned, '2026-06-30');
 * formatMoney(s.remaining.expected); // '12500.00'
 */
export function budgetStatus(
  line: BudgetLine,
  records: readonly CostRecord[],
  projection: readonly PlannedDailyCost[],
  asOf: AsOf,
): BudgetStatus {
  const today = asOfDay(asOf);
  const period = fiscalYearPeriod(line.fiscalYear, line.fiscalYearStartMonth ?? 1);
  const currency = line.amount.currency;
  const timeline = spendTimeline({
    records,
    projection,
    from: period.start,
    to: period.end,
    asOf: today,
    currency,
    scope: { serviceIds: line.serviceIds, categories: line.categories ?? costCategories },
  });
  const m = (nanos: bigint): Money => ({ nanos, currency });
  const range = <T>(f: (s: Scenario) => T): Range<T> => ({
    low: f('low'),
    expected: f('expected'),
    high: f('high'),
  });
  const spendToDate = timeline.actual.reduce((a, b) => a + b, 0n);
  const projected = range((s) => spendToDate + timeline.planned[s].reduce((a, b) => a + b, 0n));

  const monthly: BudgetMonth[] = [];
  let index = 0;
  for (const month of monthsBetween(period.start, period.end)) {
    let actual = 0n;
    const planned = { low: 0n, expected: 0n, high: 0n };
    for (; index < timeline.days.length && monthOf(timeline.days[index]!) === month; index++) {
      actual += timeline.actual[index]!;
      for (const s of ['low', 'expected', 'high'] as const) planned[s] += timeline.planned[s][index]!;
    }
    monthly.push({ month, actual: m(actual), planned: range((s) => m(planned[s])) });
  }
  const amount = line.amount.nanos;
  return {
    lineId: line.id,
    fiscalYear: line.fiscalYear,
    period,
    asOf: today,
    amount: line.amount,
    spendToDate: m(spendToDate),
    percentSpent: amount === 0n ? 0 : Number((spendToDate * 10_000n) / amount) / 100,
    projected: range((s) => m(projected[s])),
    remaining: range((s) => m(amount - projected[s])),
    monthly,
  };
}
