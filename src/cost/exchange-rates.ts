/**
 * Dated exchange rates. Prices published in USD are converted to EUR at the rate valid on a date
 * (the latest recorded rate on or before it), so a plan states which rate it used and a tenant can
 * replace the table with its own (e.g. the Haushalt's planning rate).
 */
import { DomainError, type FieldError } from '../domain/errors.ts';
import { type Currency, divRound, type Money, NANOS_PER_UNIT, parseDecimal } from '../domain/money.ts';
import type { FxRateEntry } from './price-catalog.ts';

/** Rates sorted by date; each says 1 `base` = `rate` `quote`. */
export type ExchangeRateTable = readonly FxRateEntry[];

/**
 * Validates and sorts a rate table (e.g. one a tenant edited). Errors point at `/{index}/{field}`.
 *
 * @example
 * const table = exchangeRateTable([{ base: 'EUR', quote: 'USD', rate: '1.1133', date: '2026-10-28', source: 'ECB' }]);
 */
export function exchangeRateTable(entries: readonly FxRateEntry[]): ExchangeRateTable {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  entries.forEach((entry, index) => {
    if (!/^[A-Z]{3}$/.test(entry.base))
      errors.push({ pointer: `/${index}/base`, detail: 'base must be an ISO 4217 code' });
    if (!/^[A-Z]{3}$/.test(entry.quote))
      errors.push({ pointer: `/${index}/quote`, detail: 'quote must be an ISO 4217 code' });
    let rate = 0n;
    try {
      rate = parseDecimal(entry.rate);
    } catch {
      // reported below
    }
    if (rate <= 0n) errors.push({ pointer: `/${index}/rate`, detail: 'rate must be a positive decimal' });
    if (!/^\d{4}-\d{2}-\d{2}$/.test(entry.date))
      errors.push({ pointer: `/${index}/date`, detail: 'date must be YYYY-MM-DD' });
    const key = `${[entry.base, entry.quote].sort().join('/')}@${entry.date}`;
    if (seen.has(key)) errors.push({ pointer: `/${index}/date`, detail: `two rates for ${key}` });
    seen.add(key);
  });
  if (errors.length > 0) throw new DomainError('validation', 'exchange-rate table is invalid', errors);
  return [...entries].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/**
 * The rate used to convert `from` into `to` on `date`: the latest entry for the pair (in either
 * direction) dated on or before `date`.
 *
 * @example
 * findRate(table, 'USD', 'EUR', '2026-11-01')?.date; // "2026-10-28"
 */
export function findRate(
  table: ExchangeRateTable,
  from: Currency,
  to: Currency,
  date: string,
): FxRateEntry | undefined {
  let found: FxRateEntry | undefined;
  for (const entry of table) {
    const pair = (entry.base === from && entry.quote === to) || (entry.base === to && entry.quote === from);
    if (pair && entry.date <= date) found = entry;
  }
  return found;
}

/**
 * Converts money into `to` at the rate valid on `date`; throws a validation error naming the
 * missing rate rather than guessing one.
 *
 * @example
 * toCurrency(money('1.1133', 'USD'), 'EUR', table, '2026-11-01'); // 1.000000000 EUR
 */
export function toCurrency(amount: Money, to: Currency, table: ExchangeRateTable, date: string): Money {
  if (amount.currency === to) return amount;
  const entry = findRate(table, amount.currency, to, date);
  if (!entry) {
    throw new DomainError('validation', `no ${amount.currency}→${to} exchange rate on or before ${date}`, [
      { pointer: '/fx_rates', detail: `add a ${amount.currency}/${to} rate dated on or before ${date}` },
    ]);
  }
  const rate = parseDecimal(entry.rate);
  const nanos =
    entry.base === amount.currency
      ? divRound(amount.nanos * rate, NANOS_PER_UNIT)
      : divRound(amount.nanos * NANOS_PER_UNIT, rate);
  return { nanos, currency: to };
}
