import { type Money, money } from '../../domain/money.ts';

/**
 * Cell parsers for FOCUS values. Each returns the value or a string that says what is wrong, so
 * the row parser can name the column without the cost of an exception per bad cell.
 */
export type Parsed<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly problem: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = (problem: string): Parsed<never> => ({ ok: false, problem });

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d{1,4}))?$/;

/**
 * Rewrites decimal text, also in exponent notation ("1.5E-05"), as plain decimal text by moving
 * the decimal point in the digits: the value never passes through a binary float.
 *
 * @example
 * plainDecimal('1.5E-05'); // { ok: true, value: '0.000015' }
 */
export function plainDecimal(text: string): Parsed<string> {
  const match = DECIMAL.exec(text.trim());
  if (!match) return bad(`not a decimal number: ${JSON.stringify(text)}`);
  const [, sign = '', whole = '', fraction = '', exponent] = match;
  if (whole === '' && fraction === '') return bad(`not a decimal number: ${JSON.stringify(text)}`);
  if (exponent === undefined)
    return ok(`${sign === '-' ? '-' : ''}${whole || '0'}${fraction ? `.${fraction}` : ''}`);
  const shift = Number(exponent);
  const digits = whole + fraction;
  let point = whole.length + shift;
  let padded = digits;
  if (point <= 0) {
    padded = '0'.repeat(1 - point) + digits;
    point = 1;
  } else if (point > digits.length) {
    padded = digits + '0'.repeat(point - digits.length);
  }
  const head = padded.slice(0, point).replace(/^0+(?=\d)/, '');
  const tail = padded.slice(point);
  return ok(`${sign === '-' ? '-' : ''}${head}${tail ? `.${tail}` : ''}`);
}

/**
 * Money from decimal text in the given currency.
 *
 * @example
 * moneyCell('-0.25', 'USD'); // { ok: true, value: money('-0.25', 'USD') }
 */
export function moneyCell(text: string, currency: string): Parsed<Money> {
  const plain = plainDecimal(text);
  return plain.ok ? ok(money(plain.value, currency)) : plain;
}

const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|z|UTC|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * An ISO 8601 date-time as a UTC instant in the form `Date.toISOString()` gives. FOCUS writes
 * UTC with `Z`; an offset is converted, and a value without zone is taken as UTC as the spec
 * prescribes for all its date-times. Impossible dates (2026-02-30) are rejected.
 *
 * @example
 * utcInstant('2026-01-01T01:00:00+01:00'); // { ok: true, value: '2026-01-01T00:00:00.000Z' }
 */
export function utcInstant(text: string): Parsed<string> {
  const match = INSTANT.exec(text.trim());
  if (!match) return bad(`not an ISO 8601 date-time: ${JSON.stringify(text)}`);
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', zone = 'Z'] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  const ms = Number(fraction.padEnd(3, '0').slice(0, 3));
  if (month < 1 || month > 12 || day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate()) {
    return bad(`no such date: ${JSON.stringify(text)}`);
  }
  if (hour > 24 || minute > 59 || second > 59 || (hour === 24 && (minute > 0 || second > 0 || ms > 0))) {
    return bad(`no such time: ${JSON.stringify(text)}`);
  }
  let offsetMinutes = 0;
  if (zone !== 'Z' && zone !== 'z' && zone !== 'UTC') {
    const digits = zone.replace(':', '');
    const sign = digits.startsWith('-') ? -1 : 1;
    offsetMinutes = sign * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5) || '0'));
  }
  const epoch = Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMinutes * 60_000;
  return ok(new Date(epoch).toISOString());
}

const CURRENCY = /^[A-Z]{3}$/;

/** An ISO 4217 alphabetic code (upper case, three letters). */
export function currencyCell(text: string): Parsed<string> {
  const code = text.trim();
  return CURRENCY.test(code) ? ok(code) : bad(`not an ISO 4217 currency code: ${JSON.stringify(text)}`);
}

/**
 * FOCUS `Tags`: a JSON object of string keys to values. Numbers and booleans become their text;
 * a key without value (`null`, allowed by the spec for "key-only" tags) becomes ''.
 *
 * @example
 * tagsCell('{"service":"wahlschein","cost-center":1101}'); // { service: 'wahlschein', 'cost-center': '1101' }
 */
export function tagsCell(text: string): Parsed<Readonly<Record<string, string>>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return bad('Tags is not valid JSON');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    return bad('Tags is not a JSON object');
  // No prototype, so a tag named "__proto__" is just a tag.
  const tags: Record<string, string> = Object.create(null);
  for (const [key, value] of Object.entries(parsed)) {
    if (value === null) tags[key] = '';
    else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      tags[key] = String(value);
    else return bad(`tag ${JSON.stringify(key)} has a nested value`);
  }
  return ok(tags);
}
