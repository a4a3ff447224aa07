import { type CostCategory, costCategoryOfCharge } from '../domain/cost-category.ts';
import type { FocusCharge } from '../ingest/focus/focus-charge.ts';
import { mapChargeToService, type ServiceRule } from '../ingest/focus/map-charge-to-service.ts';
import type { PlainCost } from '../ingest/focus/parse-plain-costs.ts';
import { convertOnDay, type RateLookup } from './convert-on-day.ts';
import type { CostRecord } from './cost-record.ts';

export interface ChargeBooking {
  /** `billed` follows the invoices; `effective` spreads prepaid purchases over their use. */
  readonly basis: 'billed' | 'effective';
  readonly currency: string;
  readonly rates: RateLookup;
  readonly rules: readonly ServiceRule[];
  /** Names the file in each record's source, e.g. "aws-2026-01.csv". */
  readonly fileName: string;
  /** Overrides the default category mapping (e.g. a tenant-specific one). */
  readonly categoryOf?: (charge: FocusCharge) => CostCategory;
  /**
   * The tenant's time zone (e.g. 'Europe/Berlin'): a charge belongs to the local day its period
   * starts on, so an hourly charge at 23:00 UTC on 31 March counts for April in Germany.
   * UTC by default.
   */
  readonly timeZone?: string;
}

/** The local calendar day of an instant, with one cached formatter per zone. */
function localDay(timeZone: string): (instant: string) => string {
  if (timeZone === 'UTC') return (instant) => instant.slice(0, 10);
  // en-CA formats as YYYY-MM-DD.
  const format = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  const cache = new Map<string, string>();
  return (instant) => {
    // Charges start on whole hours or days: cache per hour.
    const hour = instant.slice(0, 13);
    let day = cache.get(hour);
    if (day === undefined) {
      day = format.format(new Date(instant));
      cache.set(hour, day);
    }
    return day;
  };
}

/**
 * Turns imported FOCUS charges into cost records: the service by the tenant's rules, the cost
 * category, the chosen cost basis converted with the rate of the charge's day (the day, in the
 * tenant's time zone, the charge period starts on). Zero amounts are left out. With the `effective` basis a purchase
 * counts as 0 and its usage carries it, so the two bases never count a commitment twice.
 *
 * @example
 * costRecordsFromCharges(charges, { basis: 'billed', currency: 'EUR', rates, rules, fileName: 'aws.csv' });
 * // [{ day: '2026-01-05', serviceId: 'svc-wahl', category: 'compute', amount: money('0.78', 'EUR'), source: 'FOCUS aws.csv, line 2' }, ...]
 */
export function costRecordsFromCharges(
  charges: readonly FocusCharge[],
  booking: ChargeBooking,
): CostRecord[] {
  const records: CostRecord[] = [];
  const dayOf = localDay(booking.timeZone ?? 'UTC');
  for (const charge of charges) {
    const amount = booking.basis === 'billed' ? charge.billedCost : charge.effectiveCost;
    if (amount.nanos === 0n) continue;
    const day = dayOf(charge.chargePeriodStart);
    const converted = convertOnDay(amount, day, booking.currency, booking.rates);
    records.push({
      day,
      serviceId: mapChargeToService(charge, booking.rules) ?? null,
      category: booking.categoryOf ? booking.categoryOf(charge) : costCategoryOfCharge(charge),
      amount: converted.amount,
      fx: converted.fx,
      source: `FOCUS ${booking.fileName}, line ${charge.line}${charge.invoiceId ? `, invoice ${charge.invoiceId}` : ''}`,
    });
  }
  return records;
}

/**
 * Cost records from a plain cost file; `serviceIdOf` resolves the service names in the file.
 *
 * @example
 * costRecordsFromPlain(costs, { currency: 'EUR', rates, fileName: 'rz.csv', serviceIdOf: (name) => ids.get(name) });
 */
export function costRecordsFromPlain(
  costs: readonly PlainCost[],
  options: {
    readonly currency: string;
    readonly rates: RateLookup;
    readonly fileName: string;
    readonly serviceIdOf: (name: string) => string | undefined;
  },
): CostRecord[] {
  return costs.map((cost) => {
    const converted = convertOnDay(cost.amount, cost.day, options.currency, options.rates);
    return {
      day: cost.day,
      serviceId: options.serviceIdOf(cost.service) ?? null,
      category: cost.category,
      amount: converted.amount,
      fx: converted.fx,
      source: `CSV ${options.fileName}, line ${cost.line}`,
    };
  });
}
