/**
 * Strict timestamp and number parsing for ingest. `Date.parse` and `Number` are too forgiving
 * for data that plans are built on: `Date.parse('2026-02-30T00:00:00Z')` is 2 March and a
 * date-time without an offset is read in the server's zone; `Number('')` is 0 and
 * `Number('0x10')` is 16. These parsers accept one documented grammar and say why not otherwise.
 */

/** Parsed value, or the reason the input is not one. */
export type Parsed<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly reason: string };

const isoPattern =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?)?$/;
const epochDigits = /^-?\d{1,16}$/;
const decimalPattern = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const daysInMonth = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Parses an epoch-milliseconds number, a string of digits (epoch ms), or an ISO 8601 date-time
 * with `Z` or an offset (a bare date means midnight UTC). Fractions below 1 ms are truncated.
 *
 * @example parseTimestamp('2026-11-23T10:00:00+01:00') // { ok: true, value: 1795424400000 }
 */
export function parseTimestamp(raw: unknown): Parsed<number> {
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) return { ok: false, reason: `timestamp ${raw} is not a finite number` };
    return { ok: true, value: Math.floor(raw) };
  }
  if (typeof raw !== 'string')
    return { ok: false, reason: `timestamp must be a string or a number, got ${describe(raw)}` };
  const fast = parseCanonicalUtc(raw);
  if (fast !== undefined) return { ok: true, value: fast };
  if (epochDigits.test(raw)) return { ok: true, value: Number(raw) };
  const m = isoPattern.exec(raw);
  if (!m) return { ok: false, reason: `timestamp '${clip(raw)}' is neither ISO 8601 nor epoch milliseconds` };
  const [, y, mo, d, h, mi, s, frac, zulu, sign, oh, om] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const monthDays = month === 2 && leap ? 29 : (daysInMonth[month - 1] ?? 0);
  if (month < 1 || month > 12 || day < 1 || day > monthDays) {
    return { ok: false, reason: `timestamp '${clip(raw)}' is not a calendar date` };
  }
  if (h === undefined) return { ok: true, value: Date.UTC(year, month - 1, day) };
  if (zulu === undefined && sign === undefined) {
    return {
      ok: false,
      reason: `timestamp '${clip(raw)}' has no UTC offset: append Z for UTC or +01:00 etc.`,
    };
  }
  const hour = Number(h);
  const minute = Number(mi);
  const second = s === undefined ? 0 : Number(s);
  const offsetMinutes =
    sign === undefined ? 0 : (Number(oh) * 60 + Number(om ?? '0')) * (sign === '-' ? -1 : 1);
  if (
    hour > 23 ||
    minute > 59 ||
    second > 59 ||
    Math.abs(offsetMinutes) > 18 * 60 ||
    Number(om ?? '0') > 59
  ) {
    return { ok: false, reason: `timestamp '${clip(raw)}' has a time of day or offset out of range` };
  }
  const millis = frac === undefined ? 0 : Math.floor(Number(`0.${frac}`) * 1000);
  return {
    ok: true,
    value: Date.UTC(year, month - 1, day, hour, minute, second, millis) - offsetMinutes * 60_000,
  };
}

/**
 * The shape `toISOString` writes (`2026-11-23T10:00:00Z` or with `.123`), parsed without a regular
 * expression because it is what nearly every row carries; anything else returns `undefined`.
 */
function parseCanonicalUtc(raw: string): number | undefined {
  const n = raw.length;
  if ((n !== 20 && n !== 24) || raw.charCodeAt(n - 1) !== 90 /* Z */ || raw.charCodeAt(10) !== 84 /* T */)
    return undefined;
  if (raw[4] !== '-' || raw[7] !== '-' || raw[13] !== ':' || raw[16] !== ':') return undefined;
  if (n === 24 && raw[19] !== '.') return undefined;
  const year = digits(raw, 0, 4);
  const month = digits(raw, 5, 2);
  const day = digits(raw, 8, 2);
  const hour = digits(raw, 11, 2);
  const minute = digits(raw, 14, 2);
  const second = digits(raw, 17, 2);
  const millis = n === 24 ? digits(raw, 20, 3) : 0;
  if ((year | month | day | hour | minute | second | millis) < 0) return undefined;
  if (month < 1 || month > 12 || day < 1 || day > 28 || hour > 23 || minute > 59 || second > 59) {
    return undefined; // days 29 to 31 take the careful path, which knows month lengths
  }
  return Date.UTC(year, month - 1, day, hour, minute, second, millis);
}

function digits(text: string, from: number, count: number): number {
  let value = 0;
  for (let i = from; i < from + count; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

/**
 * Parses a decimal number (optionally signed, with exponent); rejects hex, blanks, `NaN`,
 * `Infinity` and overflow to infinity.
 *
 * @example parseDecimal('1.5e3') // { ok: true, value: 1500 }
 */
export function parseDecimal(raw: string): Parsed<number> {
  if (!decimalPattern.test(raw)) return { ok: false, reason: `value '${clip(raw)}' is not a decimal number` };
  const value = Number(raw);
  if (!Number.isFinite(value)) return { ok: false, reason: `value '${clip(raw)}' overflows a 64-bit float` };
  return { ok: true, value };
}

/**
 * A short description of a JSON value's type for error messages.
 *
 * @example describe([1]) // 'an array'
 */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `the string '${clip(value)}'`;
  return `${typeof value} ${String(value)}`;
}

/**
 * Clips long input quoted in a message, so a reason never echoes a megabyte back.
 *
 * @example clip('abcdef', 3) // 'abc…'
 */
export function clip(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
