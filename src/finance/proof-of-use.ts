import type { FxRateEntry } from '../cost/price-catalog.ts';
import { type AsOf, addDays, asOfDay, monthOf } from '../domain/calendar-day.ts';
import { type CostCategory, costCategories } from '../domain/cost-category.ts';
import { DomainError } from '../domain/errors.ts';
import { type Money, NANOS_PER_UNIT, parseDecimal } from '../domain/money.ts';
import { bookedCosts } from './booked-costs.ts';
import type { CostRecord } from './cost-record.ts';
import { fundedShare } from './funded-share.ts';
import { checkGrant, type Grant } from './grant.ts';
import { apportion } from './largest-remainder.ts';
import { ratesUsed } from './rates-used.ts';
import { spendTimeline } from './spend-timeline.ts';

export interface ProofOfUseFigures {
  readonly spend: Money;
  readonly funded: Money;
  readonly own: Money;
}

export interface ProofOfUseLine extends ProofOfUseFigures {
  readonly category: CostCategory;
  readonly month: string;
  readonly records: number;
  /** Where the figure comes from: each file or computation with its line range. */
  readonly sources: readonly string[];
  /** Every exchange rate a cost of the line was converted with, in date order. */
  readonly rates: readonly FxRateEntry[];
}

/**
 * The figures of a proof of use (Verwendungsnachweis) for a grant and report period, per cost
 * category and month, in cents. Every total is the sum of its lines, and spend = funded + own
 * share in every line and total.
 */
export interface ProofOfUse {
  readonly grant: Grant;
  readonly from: string;
  readonly to: string;
  readonly asOf: string;
  readonly lines: readonly ProofOfUseLine[];
  readonly byCategory: readonly (ProofOfUseFigures & { readonly category: CostCategory })[];
  readonly byMonth: readonly (ProofOfUseFigures & { readonly month: string })[];
  readonly total: ProofOfUseFigures;
  /** Funding already accounted for before `from` (earlier reports), which the cap includes. */
  readonly fundedBefore: Money;
  readonly tranchesReceived: Money;
}

const CENT = NANOS_PER_UNIT / 100n;

/**
 * Groups sources like "FOCUS aws.csv, line 12" by everything but the line number, so a cell
 * built from thousands of rows names its files with line ranges instead of every row.
 *
 * @example
 * summariseSources(['FOCUS a.csv, line 3', 'FOCUS a.csv, line 9', 'Plan p1']); // ['FOCUS a.csv, lines 3-9 (2)', 'Plan p1']
 */
export function summariseSources(sources: readonly string[]): string[] {
  const groups = new Map<string, number[]>();
  for (const source of sources) {
    const match = /^(.*?), line (\d+)(.*)$/.exec(source);
    const key = match ? `${match[1]}${match[3]}` : source;
    const lines = groups.get(key) ?? [];
    if (match) lines.push(Number(match[2]));
    groups.set(key, lines);
  }
  return [...groups]
    .map(([key, lines]) => {
      if (lines.length === 0) return key;
      const min = Math.min(...lines);
      const max = Math.max(...lines);
      return min === max ? `${key}, line ${min}` : `${key}, lines ${min}-${max} (${lines.length})`;
    })
    .sort();
}

/**
 * Builds the proof of use of a grant from `from` to `to` (defaults: the grant period, up to
 * `asOf`). Cells add up the booked costs (`bookedCosts`, whole cents), so they agree with the
 * grant view and the monthly report to the cent; funding is the co-funding rate of the cumulative
 * spend in date order (`fundedShare`), capped by the grant amount (so the months after exhaustion
 * get none), split over a month's cells in proportion to their spend by largest remainder.
 *
 * @example
 * const report = proofOfUse(grant, records, { asOf: '2026-12-31', from: '2026-01-01', to: '2026-12-31' });
 * formatMoney(report.total.funded); // '57920.00'
 */
export function proofOfUse(
  grant: Grant,
  records: readonly CostRecord[],
  options: { readonly asOf: AsOf; readonly from?: string; readonly to?: string },
): ProofOfUse {
  checkGrant(grant);
  const asOf = asOfDay(options.asOf);
  const currency = grant.amount.currency;
  const from = options.from && options.from > grant.period.start ? options.from : grant.period.start;
  const lastDay = [options.to ?? grant.period.end, grant.period.end, asOf].sort()[0]!;
  const to = lastDay < from ? addDays(from, -1) : lastDay;
  const scope = { serviceIds: grant.eligibleServiceIds, categories: grant.eligibleCategories };
  const m = (nanos: bigint): Money => ({ nanos, currency });

  // Spend before the report period, for the cap; the timeline also checks currencies.
  const before =
    from > grant.period.start
      ? spendTimeline({
          records,
          projection: [],
          from: grant.period.start,
          to: addDays(from, -1),
          asOf,
          currency,
          scope,
        })
      : undefined;
  const spendBefore = before ? before.actual.reduce((a, b) => a + b, 0n) : 0n;

  const services = new Set(scope.serviceIds);
  const categories = new Set(scope.categories);
  const rates = ratesUsed();
  const cells = new Map<
    string,
    { category: CostCategory; month: string; nanos: bigint; sources: string[] }
  >();
  for (const record of bookedCosts(records)) {
    if (record.day < from || record.day > to || record.serviceId === null) continue;
    if (!services.has(record.serviceId) || !categories.has(record.category)) continue;
    if (record.amount.currency !== currency) {
      const detail = `cost of ${record.day} (${record.sources[0]}) is in ${record.amount.currency}, expected ${currency}`;
      throw new DomainError('validation', detail, [{ pointer: '', detail }]);
    }
    const month = monthOf(record.day);
    const key = `${costCategories.indexOf(record.category)}|${month}`;
    let cell = cells.get(key);
    if (cell === undefined) {
      cell = { category: record.category, month, nanos: 0n, sources: [] };
      cells.set(key, cell);
    }
    cell.nanos += record.amount.nanos;
    cell.sources.push(...record.sources);
  }
  // The rates are on the records; a booked cost only keeps their sources.
  for (const record of records) {
    if (record.day < from || record.day > to || record.serviceId === null) continue;
    if (!services.has(record.serviceId) || !categories.has(record.category)) continue;
    rates.add(`${costCategories.indexOf(record.category)}|${monthOf(record.day)}`, record);
  }
  const ordered = [...cells.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([key, cell]) => ({ ...cell, rates: rates.entries(key) }));

  const rate = parseDecimal(grant.coFundingRate);
  const cap = grant.amount.nanos;
  const toCents = (nanos: bigint) => nanos / CENT;
  const funded = (spend: bigint) => toCents(fundedShare(spend, rate, cap));
  // Booked costs are whole cents already: the cells are exact sums of them.
  const spendCents = ordered.map((c) => toCents(c.nanos));
  const fundedBefore = funded(spendBefore);
  // Funding runs in date order, as in the burn-down: each month gets the rate of its spend until
  // the grant is used up, then nothing. Month by month, the cumulative funded amount rounded to
  // cents, minus the previous month's, so the months add up to the funded total exactly.
  const fundedCents = ordered.map(() => 0n);
  let cumulative = spendBefore;
  let fundedSoFar = fundedBefore;
  for (const month of [...new Set(ordered.map((c) => c.month))].sort()) {
    const indexes = ordered.flatMap((cell, index) => (cell.month === month ? [index] : []));
    cumulative += indexes.reduce((a, index) => a + ordered[index]!.nanos, 0n);
    const fundedThrough = funded(cumulative);
    const weights = indexes.map((index) => spendCents[index]!);
    // A month whose lines round to nothing has nothing to carry its (rounding) cent.
    if (weights.some((w) => w !== 0n) && weights.reduce((a, b) => a + b, 0n) !== 0n) {
      const parts = apportion(fundedThrough - fundedSoFar, weights);
      indexes.forEach((index, k) => {
        fundedCents[index] = parts[k]!;
      });
    }
    fundedSoFar = fundedThrough;
  }

  const lines: ProofOfUseLine[] = ordered.map((cell, index) => ({
    category: cell.category,
    month: cell.month,
    spend: m(spendCents[index]! * CENT),
    funded: m(fundedCents[index]! * CENT),
    own: m((spendCents[index]! - fundedCents[index]!) * CENT),
    records: cell.sources.length,
    sources: summariseSources(cell.sources),
    rates: cell.rates,
  }));

  const totalOf = (subset: readonly ProofOfUseLine[]): ProofOfUseFigures => ({
    spend: m(subset.reduce((a, l) => a + l.spend.nanos, 0n)),
    funded: m(subset.reduce((a, l) => a + l.funded.nanos, 0n)),
    own: m(subset.reduce((a, l) => a + l.own.nanos, 0n)),
  });
  const usedCategories = costCategories.filter((c) => lines.some((l) => l.category === c));
  const months = [...new Set(lines.map((l) => l.month))].sort();
  return {
    grant,
    from,
    to,
    asOf,
    lines,
    byCategory: usedCategories.map((category) => ({
      category,
      ...totalOf(lines.filter((l) => l.category === category)),
    })),
    byMonth: months.map((month) => ({ month, ...totalOf(lines.filter((l) => l.month === month)) })),
    total: totalOf(lines),
    fundedBefore: m(fundedBefore * CENT),
    tranchesReceived: m(grant.tranches.filter((t) => t.day <= to).reduce((a, t) => a + t.amount.nanos, 0n)),
  };
}
