import type { FxRateEntry } from '../cost/price-catalog.ts';
import { DomainError } from '../domain/errors.ts';
import { divRound, type Money, NANOS_PER_UNIT, parseDecimal } from '../domain/money.ts';
import type { RateLookup } from './rate-history.ts';

export type { RateLookup } from './rate-history.ts';

/** How a foreign amount became the booked one: the amount as billed and the rate as published. */
export interface AppliedRate {
  readonly original: Money;
  readonly rate: FxRateEntry;
}

/** A converted amount with the rate it used (none when it was in the target currency already). */
export interface Converted {
  readonly amount: Money;
  readonly fx: AppliedRate | undefined;
}

/**
 * Applies a rate in whichever direction it was published: 1 EUR = 1.1684 USD divides a USD
 * amount, 1 USD = 0.8559 EUR multiplies it. Exact to the nano-unit, rounded half away from zero.
 *
 * @example
 * applyRate(money('11.684', 'USD'), { base: 'EUR', quote: 'USD', rate: '1.1684', date: '2026-04-13', source: 'ECB' }, 'EUR'); // 10 EUR
 */
export function applyRate(amount: Money, rate: FxRateEntry, to: string): Money {
  const factor = parseDecimal(rate.rate);
  if (rate.base === amount.currency && rate.quote === to)
    return { nanos: divRound(amount.nanos * factor, NANOS_PER_UNIT), currency: to };
  if (rate.base === to && rate.quote === amount.currency)
    return { nanos: divRound(amount.nanos * NANOS_PER_UNIT, factor), currency: to };
  throw new RangeError(`a ${rate.base}/${rate.quote} rate cannot convert ${amount.currency} into ${to}`);
}

/**
 * Converts an amount with the rate of the given day and keeps that rate; a missing or stale rate
 * is an error rather than a silent guess, since the figure may end up in a proof of use.
 *
 * @example
 * convertOnDay(money('10', 'USD'), '2026-04-12', 'EUR', lookup);
 * // { amount: money('8.539...', 'EUR'), fx: { original: money('10', 'USD'), rate: { base: 'EUR', quote: 'USD', rate: '1.1711', date: '2026-04-10', source: 'ECB' } } }
 */
export function convertOnDay(amount: Money, day: string, to: string, rates: RateLookup): Converted {
  if (amount.currency === to) return { amount, fx: undefined };
  const found = rates(amount.currency, to, day);
  if (found.kind !== 'found') {
    throw new DomainError('validation', found.detail, [{ pointer: '', detail: found.detail }], {
      currency: amount.currency,
      day,
    });
  }
  return { amount: applyRate(amount, found.entry, to), fx: { original: amount, rate: found.entry } };
}
