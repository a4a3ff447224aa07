import { lastDayOfMonth, monthOf } from '../domain/calendar-day.ts';
import type { CostCategory } from '../domain/cost-category.ts';
import type { Money } from '../domain/money.ts';
import type { CostRecord } from './cost-record.ts';
import { roundLinesToCents } from './largest-remainder.ts';

/**
 * The cost of one day, service and category as booked by one import (or computation), in whole
 * cents. Every finance figure (grant and budget status, monthly report, import summary, proof of
 * use, member statements) is a sum of these, so figures that cover the same costs agree to the
 * cent however they are grouped.
 */
export interface BookedCost {
  readonly day: string;
  readonly serviceId: string | null;
  readonly category: CostCategory;
  /** Whole cents. */
  readonly amount: Money;
  /** The sources of the records it sums, one per record. */
  readonly sources: readonly string[];
}

interface Cell {
  readonly serviceId: string | null;
  readonly category: CostCategory;
  readonly currency: string;
  nanos: bigint;
  /** Exact nano-units and sources per day. */
  readonly days: Map<string, { nanos: bigint; sources: string[] }>;
}

const byKey = <T>(entries: Iterable<[string, T]>) =>
  [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, value]) => value);

/**
 * Rounds cost records to cents: the only place a booked amount is rounded. The records of one
 * import (or the computed costs of one month) are added up exactly per month, service and
 * category, and those sums rounded together by largest remainder, so an import's booked total is
 * the exact total of its file rounded once (half away from zero) and each month, service and
 * category is within a cent of its exact sum. Each of those is then spread over its days the same
 * way. Give it every record of the imports it touches (`bookingRange`), or the cents may fall
 * differently from one report to the next.
 *
 * @example
 * bookedCosts([
 *   { day: '2026-03-01', serviceId: 's', category: 'compute', amount: money('0.004', 'EUR'), source: 'a' },
 *   { day: '2026-03-02', serviceId: 's', category: 'compute', amount: money('0.004', 'EUR'), source: 'b' },
 * ]); // 0.008 in all rounds to 0.01: [{ day: '2026-03-01', amount: money('0.01', 'EUR'), … }, { day: '2026-03-02', amount: money('0', 'EUR'), … }]
 */
export function bookedCosts(records: readonly CostRecord[]): BookedCost[] {
  const groups = new Map<string, Map<string, Cell>>();
  for (const record of records) {
    const currency = record.amount.currency;
    // An import (a billing period, which the tenant's time zone may stretch into the next day)
    // is rounded as a whole; computed costs month by month.
    const group = record.importId
      ? `import|${record.importId}|${currency}`
      : `computed|${monthOf(record.day)}|${currency}`;
    let cells = groups.get(group);
    if (cells === undefined) {
      cells = new Map();
      groups.set(group, cells);
    }
    const key = `${monthOf(record.day)}|${record.serviceId ?? ''}|${record.category}`;
    let cell = cells.get(key);
    if (cell === undefined) {
      cell = { serviceId: record.serviceId, category: record.category, currency, nanos: 0n, days: new Map() };
      cells.set(key, cell);
    }
    cell.nanos += record.amount.nanos;
    const day = cell.days.get(record.day);
    if (day === undefined)
      cell.days.set(record.day, { nanos: record.amount.nanos, sources: [record.source] });
    else {
      day.nanos += record.amount.nanos;
      day.sources.push(record.source);
    }
  }
  const booked: BookedCost[] = [];
  for (const cells of groups.values()) {
    // In key order, so the cents fall the same whatever order the records came in.
    const ordered = byKey(cells.entries());
    const cellCents = roundLinesToCents(ordered.map((cell) => cell.nanos));
    ordered.forEach((cell, index) => {
      const days = [...cell.days.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
      const dayCents = roundLinesToCents(
        days.map(([, d]) => d.nanos),
        cellCents[index]!,
      );
      days.forEach(([day, { sources }], k) => {
        booked.push({
          day,
          serviceId: cell.serviceId,
          category: cell.category,
          amount: { nanos: dayCents[k]! * CENT, currency: cell.currency },
          sources,
        });
      });
    });
  }
  return booked;
}

const CENT = 10_000_000n;

/**
 * The total of records as booked: the sum of their cents.
 *
 * @example bookedTotal(records, 'EUR'); // money('17.99', 'EUR')
 */
export function bookedTotal(records: readonly CostRecord[], currency: string): Money {
  const nanos = bookedCosts(records).reduce((total, cost) => total + cost.amount.nanos, 0n);
  return { nanos, currency };
}

/**
 * The days to read so that `bookedCosts` sees every record of the imports a range touches: whole
 * months and one more on either side (a billing period reaches a day into the next month in
 * time zones east of UTC).
 *
 * @example bookingRange({ from: '2026-03-15', to: '2026-04-02' }); // { from: '2026-02-01', to: '2026-05-31' }
 */
export function bookingRange(range: { readonly from: string; readonly to: string }): {
  from: string;
  to: string;
} {
  const shift = (day: string, months: number) =>
    new Date(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1 + months, 1))
      .toISOString()
      .slice(0, 7);
  return { from: `${shift(range.from, -1)}-01`, to: lastDayOfMonth(shift(range.to, 1)) };
}
