import { DomainError } from '../domain/errors.ts';
import { convert, type Money } from '../domain/money.ts';

/**
 * Looks up the exchange rate valid on a day: units of `to` per unit of `from`, as decimal text
 * (e.g. the ECB reference rate of that day), or undefined when none is known.
 */
export type RateLookup = (from: string, to: string, day: string) => string | undefined;

/**
 * Converts an amount with the rate of the given day; a missing rate is an error rather than a
 * silent guess, since the figure may end up in a proof of use.
 *
 * @example
 * const rates: RateLookup = (from, to, day) => (from === 'USD' && to === 'EUR' && day === '2026-01-02' ? '0.9123' : undefined);
 * convertOnDay(money('10', 'USD'), '2026-01-02', 'EUR', rates); // money('9.123', 'EUR')
 */
export function convertOnDay(amount: Money, day: string, to: string, rates: RateLookup): Money {
  if (amount.currency === to) return amount;
  const rate = rates(amount.currency, to, day);
  if (rate === undefined) {
    const detail = `no ${amount.currency}/${to} exchange rate for ${day}`;
    throw new DomainError('validation', detail, [{ pointer: '', detail }], {
      currency: amount.currency,
      day,
    });
  }
  return convert(amount, rate, to);
}
