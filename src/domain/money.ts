/**
 * Money without binary floating point. An amount is a bigint count of nano-units (10^-9) of its
 * currency, so hourly prices such as 0.0071 EUR and their products over thousands of hours add
 * up exactly. Rounding to cents happens only where a figure is shown or booked, half away from
 * zero ("kaufmännisch").
 *
 * @example
 * const hourly = money('0.0071', 'EUR');
 * const month = times(hourly, 720);        // 5.112 EUR exactly
 * formatMoney(roundToCents(month));         // "5.11"
 */
export type Currency = string;

export interface Money {
  readonly nanos: bigint;
  readonly currency: Currency;
}

export const NANOS_PER_UNIT = 1_000_000_000n;
const SCALE_DIGITS = 9;
const DECIMAL = /^([+-])?(\d+)(?:\.(\d+))?$/;

/** Parses a decimal string (or a safe integer) into nano-units; throws on anything else. */
export function parseDecimal(value: string | number): bigint {
  const text = typeof value === 'number' ? numberToDecimalString(value) : value.trim();
  const match = DECIMAL.exec(text);
  if (!match) throw new RangeError(`not a decimal number: ${JSON.stringify(value)}`);
  const [, sign, whole = '0', fraction = ''] = match;
  const kept = fraction.slice(0, SCALE_DIGITS).padEnd(SCALE_DIGITS, '0');
  let nanos = BigInt(whole) * NANOS_PER_UNIT + BigInt(kept);
  const dropped = fraction.slice(SCALE_DIGITS);
  if (dropped.length > 0 && dropped.charCodeAt(0) >= 53 /* '5' */) nanos += 1n;
  return sign === '-' ? -nanos : nanos;
}

/**
 * A JSON number as decimal text: the digits a person typed for every value with up to 9 decimals
 * (JSON.parse already made a float), and whole numbers beyond toFixed's range exactly.
 *
 * @example numberToDecimalString(0.0071) // "0.007100000"
 */
export function numberToDecimalString(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
  // toFixed switches to exponent notation from 1e21 on; such numbers are whole anyway.
  if (Math.abs(value) >= 1e21) return BigInt(value).toString();
  return value.toFixed(SCALE_DIGITS);
}

export function money(value: string | number, currency: Currency): Money {
  return { nanos: parseDecimal(value), currency };
}

export function zero(currency: Currency): Money {
  return { nanos: 0n, currency };
}

function sameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) throw new RangeError(`cannot combine ${a.currency} with ${b.currency}`);
}

export function add(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return { nanos: a.nanos + b.nanos, currency: a.currency };
}

export function subtract(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return { nanos: a.nanos - b.nanos, currency: a.currency };
}

export function sum(items: readonly Money[], currency: Currency): Money {
  return items.reduce((total, item) => add(total, item), zero(currency));
}

/** Multiplies by an integer count (instances, hours). */
export function times(a: Money, count: number | bigint): Money {
  const factor = typeof count === 'bigint' ? count : BigInt(count);
  return { nanos: a.nanos * factor, currency: a.currency };
}

/** Multiplies by a decimal factor given as a string or number (a rate, a share, a quantity in GiB). */
export function scale(a: Money, factor: string | number): Money {
  return { nanos: divRound(a.nanos * parseDecimal(factor), NANOS_PER_UNIT), currency: a.currency };
}

/** Converts with an exchange rate (units of `to` per unit of `a.currency`). */
export function convert(a: Money, rate: string | number, to: Currency): Money {
  return { nanos: scale(a, rate).nanos, currency: to };
}

/** Integer division rounded half away from zero. */
export function divRound(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError('division by zero');
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const q = (n + d / 2n) / d;
  return negative ? -q : q;
}

export function roundToCents(a: Money): Money {
  const unit = NANOS_PER_UNIT / 100n;
  return { nanos: divRound(a.nanos, unit) * unit, currency: a.currency };
}

/** Whole cents as a bigint, rounded half away from zero. */
export function toCents(a: Money): bigint {
  return divRound(a.nanos, NANOS_PER_UNIT / 100n);
}

/** A plain decimal string with the given number of fraction digits (default 2, rounded). */
export function formatMoney(a: Money, digits = 2): string {
  const unit = 10n ** BigInt(SCALE_DIGITS - digits);
  const rounded = divRound(a.nanos, unit);
  const negative = rounded < 0n;
  const abs = (negative ? -rounded : rounded).toString().padStart(digits + 1, '0');
  const whole = abs.slice(0, abs.length - digits);
  const fraction = abs.slice(abs.length - digits);
  return `${negative ? '-' : ''}${whole}${digits > 0 ? `.${fraction}` : ''}`;
}

/** For charts only: never sum the result. */
export function toNumber(a: Money): number {
  return Number(a.nanos) / 1e9;
}

export function compare(a: Money, b: Money): -1 | 0 | 1 {
  sameCurrency(a, b);
  return a.nanos < b.nanos ? -1 : a.nanos > b.nanos ? 1 : 0;
}
