import { z } from '@hono/zod-openapi';
import { calendarDay } from '../../domain/calendar-day.ts';
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

/**
 * A grant's or budget line's status for the wire: its figures as decimal strings, where its
 * projection comes from, and the thresholds crossed.
 */
export function statusJson(result: {
  readonly status: unknown;
  readonly projectionSource: string;
  readonly planIds: readonly string[];
  readonly alertsCrossed: readonly unknown[];
}): unknown {
  return {
    ...(moneyJson(result.status) as object),
    projectionSource: result.projectionSource,
    planIds: [...result.planIds],
    alertsCrossed: result.alertsCrossed,
    // The documented shape of moneyJson(status); tests/http/finance-status-schema checks it.
  };
}

/** An amount of money on the wire: a decimal string to the cent. */
const Amount = z.string().openapi({ description: 'Decimal to the cent', example: '12500.00' });
const AmountRange = z.object({ low: Amount, expected: Amount, high: Amount });
const projectionFields = {
  projectionSource: z.enum(['plans', 'run-rate', 'plans+run-rate', 'none']).openapi({
    description: 'Where the forecast comes from: approved plans, the run rate of actual costs, both, or none',
  }),
  planIds: z.array(z.string()),
  alertsCrossed: z
    .array(
      z.object({
        key: z.string(),
        measure: z.enum(['actual', 'forecast', 'unspent-at-expiry']),
        threshold: z.number().int().nullable(),
      }),
    )
    .openapi({
      description:
        'Thresholds crossed as of the day (actual spend, forecast, or unspent at expiry). Reading the status changes nothing: the alerts job stores each crossing of today once and sends its webhook.',
    }),
};

/** `GET /v1/budgets/{id}/status`; further fields may be added. */
export const BudgetStatusSchema = z
  .looseObject({
    lineId: z.string(),
    fiscalYear: z.number().int(),
    period: z.object({ start: z.string(), end: z.string() }),
    asOf: z.string(),
    amount: Amount,
    spendToDate: Amount,
    percentSpent: z.number().openapi({ description: 'For display, not for sums' }),
    projected: AmountRange,
    remaining: AmountRange.openapi({ description: 'Negative: the line will be overrun' }),
    monthly: z.array(z.looseObject({ month: z.string(), actual: Amount, planned: AmountRange })),
    ...projectionFields,
  })
  .openapi('BudgetStatus');

/** `GET /v1/grants/{id}/status`; further fields may be added. */
export const GrantStatusSchema = z
  .looseObject({
    grantId: z.string(),
    asOf: z.string(),
    currency: z.string(),
    daysElapsed: z.number().int(),
    daysTotal: z.number().int(),
    eligibleVolume: Amount,
    spendToDate: Amount,
    fundedToDate: Amount,
    ownShareToDate: Amount,
    tranchesReceived: Amount,
    awaitingDisbursement: Amount,
    forecastSpend: AmountRange,
    forecastFunded: AmountRange,
    forecastOwnShare: AmountRange,
    unspentAtExpiry: AmountRange,
    exhaustionDay: z.object({
      low: z.string().nullable(),
      expected: z.string().nullable(),
      high: z.string().nullable(),
    }),
    outlook: z.enum(['exhausted-early', 'unspent-at-expiry', 'on-target']),
    burnDown: z.array(
      z.looseObject({ month: z.string(), actual: Amount, planned: AmountRange, remaining: AmountRange }),
    ),
    ...projectionFields,
  })
  .openapi('GrantStatus');
