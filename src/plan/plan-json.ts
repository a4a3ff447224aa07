/**
 * A plan (or a scenario, a catalog, any value built here) as plain JSON: money becomes
 * `{ amount: "123.456789012", currency: "EUR" }` with all nine decimals, so totals stay exactly the
 * sums of their lines when read back; epoch-ms fields named `from`/`to`/`start`/`end` gain an ISO
 * twin; typed arrays become arrays. The HTTP layer can send the result as it is.
 */
import { formatMoney, type Money } from '../domain/money.ts';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

const TIME_KEYS = new Set(['from', 'to', 'start', 'end']);

function isMoney(value: object): value is Money {
  return (
    'nanos' in value &&
    typeof (value as Money).nanos === 'bigint' &&
    typeof (value as Money).currency === 'string'
  );
}

/**
 * @example
 * toJson({ total: money('12.5', 'EUR'), from: Date.UTC(2027, 0, 1) });
 * // { total: { amount: "12.500000000", currency: "EUR" }, from: 1798761600000, fromIso: "2027-01-01T00:00:00.000Z" }
 */
export function toJson(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number>, (v) => Number(v));
  if (Array.isArray(value)) return value.map(toJson);
  if (typeof value === 'object') {
    if (isMoney(value)) return { amount: formatMoney(value, 9), currency: value.currency };
    const out: { [key: string]: JsonValue } = {};
    for (const [key, field] of Object.entries(value)) {
      if (field === undefined || typeof field === 'function') continue;
      out[key] = toJson(field);
      if (
        TIME_KEYS.has(key) &&
        typeof field === 'number' &&
        Number.isSafeInteger(field) &&
        field > 946_684_800_000
      ) {
        out[`${key}Iso`] = new Date(field).toISOString();
      }
    }
    return out;
  }
  return null;
}
