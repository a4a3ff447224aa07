/**
 * German VAT (Umsatzsteuer). Most municipalities cannot reclaim input VAT, so what they pay is the
 * gross price; gross is therefore the default view. Services bought from providers abroad fall
 * under the reverse-charge rule (§ 13b UStG): the municipality owes the VAT itself, so a net list
 * price still becomes a gross cost. Each price is converted from the basis its source states.
 */
import { divRound, type Money, NANOS_PER_UNIT, parseDecimal } from '../domain/money.ts';
import type { VatBasis } from './price-catalog.ts';

/** How a tenant wants prices shown: `gross` (default) or `net`. */
export type VatDisplay = 'gross' | 'net';

export const DEFAULT_VAT_DISPLAY: VatDisplay = 'gross';

/** Regular German VAT rate, § 12 (1) UStG. */
export const GERMAN_VAT_RATE = '0.19';

/**
 * Converts a price from its stated basis to the display basis. A price whose basis is `unknown`
 * is treated as net: the gross view then adds VAT, which errs on the side of the higher cost.
 *
 * @example
 * toVatBasis(money('0.0114', 'EUR'), 'gross', 'net'); // 0.009579832 EUR
 * toVatBasis(money('5.49', 'EUR'), 'net', 'gross');   // 6.5331 EUR
 */
export function toVatBasis(
  amount: Money,
  from: VatBasis,
  to: VatDisplay,
  rate: string = GERMAN_VAT_RATE,
): Money {
  const stated = from === 'unknown' ? 'net' : from;
  if (stated === to) return amount;
  const factor = NANOS_PER_UNIT + parseDecimal(rate);
  const nanos =
    to === 'gross'
      ? divRound(amount.nanos * factor, NANOS_PER_UNIT)
      : divRound(amount.nanos * NANOS_PER_UNIT, factor);
  return { nanos, currency: amount.currency };
}
