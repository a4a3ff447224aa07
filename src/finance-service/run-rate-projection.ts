import { addDays, daysBetween } from '../finance/calendar-day.ts';
import type { CostCategory } from '../finance/cost-category.ts';
import type { CostRecord, PlannedDailyCost } from '../finance/cost-record.ts';
import { laterDay } from './day-order.ts';

/**
 * Extrapolates actual costs: per service and category the daily run rate of the last 30 and of
 * the last 90 days up to `asOf` (fewer when the history is shorter), continued from the day after
 * `asOf` to `to`. Expected is the 30-day rate; the range runs from the lower of the two rates
 * less 10 % to the higher plus 10 %, since recent months rarely predict a year to the cent.
 * Records without a service or in another currency are left out.
 *
 * @example
 * runRateProjection(records, { asOf: '2026-11-23', to: '2027-12-31', currency: 'EUR' });
 * // [{ day: '2026-11-24', serviceId: 'svc', category: 'compute', low, expected, high }, ...]
 */
export function runRateProjection(
  records: readonly CostRecord[],
  options: { readonly asOf: string; readonly to: string; readonly currency: string },
): PlannedDailyCost[] {
  const { asOf, to, currency } = options;
  if (to <= asOf) return [];
  const from90 = addDays(asOf, -89);
  const from30 = addDays(asOf, -29);
  const series = new Map<
    string,
    { serviceId: string; category: CostCategory; first: string; sum30: bigint; sum90: bigint }
  >();
  for (const record of records) {
    if (record.serviceId === null || record.day < from90 || record.day > asOf) continue;
    if (record.amount.currency !== currency) continue;
    const key = `${record.serviceId}|${record.category}`;
    let entry = series.get(key);
    if (entry === undefined) {
      entry = {
        serviceId: record.serviceId,
        category: record.category,
        first: record.day,
        sum30: 0n,
        sum90: 0n,
      };
      series.set(key, entry);
    }
    if (record.day < entry.first) entry.first = record.day;
    entry.sum90 += record.amount.nanos;
    if (record.day >= from30) entry.sum30 += record.amount.nanos;
  }
  const out: PlannedDailyCost[] = [];
  const days: string[] = [];
  for (let day = addDays(asOf, 1); day <= to; day = addDays(day, 1)) days.push(day);
  for (const entry of [...series.values()].sort((a, b) =>
    a.serviceId + a.category < b.serviceId + b.category ? -1 : 1,
  )) {
    const span90 = BigInt(daysBetween(laterDay(entry.first, from90), asOf));
    const span30 = BigInt(daysBetween(laterDay(entry.first, from30), asOf));
    const rate90 = entry.sum90 / span90;
    const rate30 = entry.first > asOf ? 0n : entry.sum30 / span30;
    const lower = rate30 < rate90 ? rate30 : rate90;
    const upper = rate30 > rate90 ? rate30 : rate90;
    const low = { nanos: (lower * 9n) / 10n, currency };
    const expected = { nanos: rate30, currency };
    const high = { nanos: (upper * 11n) / 10n, currency };
    for (const day of days)
      out.push({ day, serviceId: entry.serviceId, category: entry.category, low, expected, high });
  }
  return out;
}
