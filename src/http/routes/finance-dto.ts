import { z } from '@hono/zod-openapi';
import { calendarDay } from '../../domain/calendar-day.ts';
import { DomainError } from '../../domain/errors.ts';
import { formatMoney, type Money } from '../../domain/money.ts';

const isMoney = (value: unknown): value is Money =>
  typeof value === 'object' &&
  value !== null &&
  'nanos' in value &&
  typeof (value as Money).nanos === 'bigint';

/**
 * A finance value for the wire: every Money becomes a decimal string to the cent (JSON numbers
 * are binary floats), everything else stays as it is.
 */
export function moneyJson(value: unknown): unknown {
  if (isMoney(value)) return formatMoney(value);
  if (Array.isArray(value)) return value.map(moneyJson);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, moneyJson(inner)]));
  return value;
}

/** An amount with all its digits (up to 9 decimals, at least 2), for sums that must reconcile with a file. */
export function exactMoney(value: Money): string {
  return formatMoney(value, 9).replace(/(\.\d\d\d*?)0+$/, '$1');
}

export const Decimal = z
  .string()
  .regex(/^-?\d{1,18}(\.\d{1,9})?$/, 'a decimal number as text, e.g. "1250.50"')
  .openapi({ example: '250000.00' });

export const Day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a day as YYYY-MM-DD')
  .refine((text) => {
    try {
      calendarDay(text);
      return true;
    } catch {
      return false;
    }
  }, 'not a calendar day')
  .openapi({ example: '2026-06-30' });

export const Currency = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR');

/** An object whose money fields are decimal strings; described loosely, documented per route. */
export const FiguresSchema = z.record(z.string(), z.unknown());

/** The day for `asOf`: the query value, else the clock's UTC day. */
export function asOfOf(query: string | undefined, clock: () => Date): string {
  return query ?? clock().toISOString().slice(0, 10);
}

/** Checks an optional from/to pair of days. */
export function dayRange(from: string, to: string): { from: string; to: string } {
  if (to < from) {
    const detail = `to (${to}) is before from (${from})`;
    throw new DomainError('validation', detail, [{ pointer: '/query/to', detail }]);
  }
  return { from, to };
}
