import { addDays, daysBetween, lastDayOfMonth, monthOf, monthsBetween } from '../domain/calendar-day.ts';
import type { CostCategory } from '../domain/cost-category.ts';
import type { CostRecord, PlannedDailyCost } from '../finance/cost-record.ts';
import { laterDay } from './day-order.ts';

/**
 * How far before `asOf` the projection reads records: 90 days of rate history behind a last
 * booking that may itself lie up to 30 days back.
 */
export const RUN_RATE_HISTORY_DAYS = 120;

/**
 * A daily stream without a booking in the last 30 days has stopped; a monthly one after two
 * months without an invoice (invoices often come weeks after their month).
 */
const STOPPED_AFTER_DAYS = { daily: 30, monthly: 62 } as const;

interface Stream {
  readonly serviceId: string;
  readonly category: CostCategory;
  /** Booked nano-units per day. */
  readonly days: Map<string, bigint>;
}

const firstOfNextMonth = (day: string) => addDays(lastDayOfMonth(monthOf(day)), 1);

/** The 1st of the month `months` before the month of `day`. */
function monthsBefore(day: string, months: number): string {
  return new Date(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1 - months, 1))
    .toISOString()
    .slice(0, 10);
}

/** The range around the recent rate and the longer one: the lower less 10 %, the higher plus 10 %. */
function scenarios(recent: bigint, longer: bigint, currency: string) {
  const lower = recent < longer ? recent : longer;
  const upper = recent > longer ? recent : longer;
  return {
    low: { nanos: (lower * 9n) / 10n, currency },
    expected: { nanos: recent, currency },
    high: { nanos: (upper * 11n) / 10n, currency },
  };
}

/**
 * Extrapolates actual costs per cost stream (service, category and origin: computed, plain file
 * or FOCUS). Each stream continues after its own last booked day, not after `asOf`, so a bill
 * booked ahead is not counted again and a bill not yet imported is not left out:
 *
 * - A stream booked only on the 1st of months (monthly invoices) covers the whole month of its
 *   last booking; it continues with one booking on the 1st of every later month. Expected is the
 *   last month's amount, the range spans it and the mean of the last three months.
 * - Any other stream is daily: it continues on every day after its last booked day at the daily
 *   rate of the 30 days up to that day (expected), with the range spanning that and the 90-day
 *   rate (fewer days when the history is shorter).
 *
 * A stream without a booking for 30 days (monthly: two months) has stopped and is not continued. Records without a service or in another currency are left out.
 *
 * @example
 * runRateProjection(records, { asOf: '2026-11-23', to: '2027-12-31', currency: 'EUR' });
 * // [{ day: '2026-11-23', serviceId: 'svc', category: 'compute', low, expected, high }, ...]
 */
export function runRateProjection(
  records: readonly CostRecord[],
  options: { readonly asOf: string; readonly to: string; readonly currency: string },
): PlannedDailyCost[] {
  const { asOf, to, currency } = options;
  if (to <= asOf) return [];
  const from = addDays(asOf, 1 - RUN_RATE_HISTORY_DAYS);
  const streams = new Map<string, Stream>();
  for (const record of records) {
    if (record.serviceId === null || record.day < from || record.day > asOf) continue;
    if (record.amount.currency !== currency) continue;
    const key = `${record.serviceId}|${record.category}|${record.origin ?? ''}`;
    let stream = streams.get(key);
    if (stream === undefined) {
      stream = { serviceId: record.serviceId, category: record.category, days: new Map() };
      streams.set(key, stream);
    }
    stream.days.set(record.day, (stream.days.get(record.day) ?? 0n) + record.amount.nanos);
  }
  const out: PlannedDailyCost[] = [];
  const ordered = [...streams.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [, stream] of ordered) {
    const booked = [...stream.days.keys()].sort();
    const first = booked[0]!;
    const last = booked.at(-1)!;
    const sumFrom = (day: string) => {
      let sum = 0n;
      for (const [d, nanos] of stream.days) if (d >= day) sum += nanos;
      return sum;
    };
    const emit = (day: string, range: ReturnType<typeof scenarios>) =>
      out.push({ day, serviceId: stream.serviceId, category: stream.category, ...range });

    if (booked.every((day) => day.endsWith('-01'))) {
      if (lastDayOfMonth(monthOf(last)) < addDays(asOf, -STOPPED_AFTER_DAYS.monthly)) continue;
      const since = laterDay(first, monthsBefore(last, 2));
      const mean = sumFrom(since) / BigInt(monthsBetween(since, last).length);
      const range = scenarios(stream.days.get(last)!, mean, currency);
      for (let day = firstOfNextMonth(last); day <= to; day = firstOfNextMonth(day)) emit(day, range);
      continue;
    }
    if (last < addDays(asOf, -STOPPED_AFTER_DAYS.daily)) continue;
    const from90 = laterDay(first, addDays(last, -89));
    const from30 = laterDay(first, addDays(last, -29));
    const rate90 = sumFrom(from90) / BigInt(daysBetween(from90, last));
    const rate30 = sumFrom(from30) / BigInt(daysBetween(from30, last));
    const range = scenarios(rate30, rate90, currency);
    for (let day = addDays(last, 1); day <= to; day = addDays(day, 1)) emit(day, range);
  }
  return out;
}
