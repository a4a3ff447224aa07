import { calendarDay } from '../domain/calendar-day.ts';
import type { CostCategory } from '../domain/cost-category.ts';
import { DomainError, type FieldError } from '../domain/errors.ts';
import { type Money, parseDecimal } from '../domain/money.ts';

/** A disbursement of grant money on a date (Mittelabruf / Auszahlung). */
export interface Tranche {
  readonly day: string;
  readonly amount: Money;
  readonly label?: string;
}

/**
 * A time-limited grant (Fördermittel). `amount` is the most the funder pays; it covers
 * `coFundingRate` of the eligible spend (e.g. '0.8': 80 % funded, 20 % own share), so the
 * eligible volume is amount / rate. Money left at the end of the period is lost; spend beyond
 * the volume falls on the own budget.
 */
export interface Grant {
  readonly id: string;
  readonly programme: string;
  readonly funder: string;
  readonly referenceNumber: string;
  readonly amount: Money;
  /** Days, both included. */
  readonly period: { readonly start: string; readonly end: string };
  readonly eligibleServiceIds: readonly string[];
  readonly eligibleCategories: readonly CostCategory[];
  /** Decimal text in (0, 1]. */
  readonly coFundingRate: string;
  readonly tranches: readonly Tranche[];
  /** The budget line that pays the own share, if any. */
  readonly ownShareBudgetLineId?: string;
}

/**
 * Checks the facts a status calculation relies on and throws one validation error that lists
 * every problem.
 *
 * @example
 * checkGrant(grant); // returns the grant, or throws DomainError('validation', ...)
 */
export function checkGrant(grant: Grant): Grant {
  const errors: FieldError[] = [];
  const at = (pointer: string, detail: string) => errors.push({ pointer, detail });
  const day = (pointer: string, text: string) => {
    try {
      calendarDay(text);
      return true;
    } catch {
      at(pointer, `not a calendar day (YYYY-MM-DD): ${JSON.stringify(text)}`);
      return false;
    }
  };
  if (
    day('/period/start', grant.period.start) &&
    day('/period/end', grant.period.end) &&
    grant.period.end < grant.period.start
  ) {
    at('/period/end', 'the period ends before it starts');
  }
  let rate = 0n;
  try {
    rate = parseDecimal(grant.coFundingRate);
  } catch {
    at('/coFundingRate', `not a decimal number: ${JSON.stringify(grant.coFundingRate)}`);
  }
  if (rate <= 0n || rate > 1_000_000_000n)
    at('/coFundingRate', 'the co-funding rate must be above 0 and at most 1');
  if (grant.amount.nanos <= 0n) at('/amount', 'the grant amount must be positive');
  grant.tranches.forEach((tranche, index) => {
    day(`/tranches/${index}/day`, tranche.day);
    if (tranche.amount.currency !== grant.amount.currency) {
      at(
        `/tranches/${index}/amount`,
        `tranche in ${tranche.amount.currency}, grant in ${grant.amount.currency}`,
      );
    }
  });
  const tranched = grant.tranches.reduce((total, t) => total + t.amount.nanos, 0n);
  if (tranched > grant.amount.nanos) at('/tranches', 'the tranches add up to more than the grant amount');
  if (errors.length > 0)
    throw new DomainError(
      'validation',
      `invalid grant ${grant.id}: ${errors.map((e) => e.detail).join('; ')}`,
      errors,
    );
  return grant;
}
