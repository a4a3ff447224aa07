import { divRound, formatMoney, parseDecimal } from '../../src/domain/money.ts';

/** A plan step as `GET /v1/plans/{id}` gives it: epoch-ms span and its total cost. */
export interface CostedStep {
  readonly from: number;
  readonly to: number;
  readonly cost?: { readonly total?: { readonly amount: string; readonly currency: string } };
}

/**
 * What a plan costs within [from, to): each step's total prorated by the share of its span that
 * falls inside, summed exactly (nano-units), as decimal text with two places.
 *
 * @example monthCost([{ from: 0, to: 10, cost: { total: { amount: '10', currency: 'EUR' } } }], 5, 20) // '5.00'
 */
export function monthCost(steps: readonly CostedStep[], from: number, to: number): string {
  let nanos = 0n;
  for (const step of steps) {
    const amount = step.cost?.total?.amount;
    const span = step.to - step.from;
    const inside = Math.min(step.to, to) - Math.max(step.from, from);
    if (!amount || span <= 0 || inside <= 0) continue;
    nanos += divRound(parseDecimal(amount) * BigInt(inside), BigInt(span));
  }
  return formatMoney({ nanos, currency: 'EUR' });
}
