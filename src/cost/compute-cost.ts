/**
 * Compute cost of an instance count series: count × hourly price × step length, exact in
 * nano-units, plus the credit of a monthly cap where the provider bills hourly up to one.
 */
import { divRound, type Money } from '../domain/money.ts';
import type { BillingMonth } from './billing-months.ts';
import { monthProfiles } from './count-profile.ts';

const MS_PER_HOUR = 3_600_000n;

/** A half-open range of step indexes that is priced as one line. */
export interface Segment {
  readonly startIndex: number;
  readonly endIndex: number;
}

/**
 * Cost of `counts[startIndex..endIndex)` at `hourly`, rounded once per segment.
 *
 * @example
 * computeSegmentCost([2, 2, 3], { startIndex: 0, endIndex: 3 }, money('0.5', 'EUR'), 3_600_000); // 3.5 EUR
 */
export function computeSegmentCost(
  counts: ArrayLike<number>,
  segment: Segment,
  hourly: Money,
  stepMs: number,
): Money {
  let instanceSteps = 0;
  for (let i = segment.startIndex; i < segment.endIndex; i++) instanceSteps += counts[i] ?? 0;
  return {
    nanos: divRound(hourly.nanos * BigInt(instanceSteps) * BigInt(stepMs), MS_PER_HOUR),
    currency: hourly.currency,
  };
}

export interface CapCredit {
  readonly month: string;
  /** Negative: what the cap takes off the hourly sum. */
  readonly amount: Money;
  readonly instances: number;
}

/**
 * Monthly-cap credits. Instances are counted as slots: slot k runs in every step where at least k
 * instances run (the longest-running instances are the ones kept), and each slot is billed
 * min(its hours × hourly, cap) per month.
 *
 * @example
 * capCredits(Array(744).fill(1), [jan], money('0.01', 'EUR'), money('5', 'EUR'), 3_600_000);
 * // [{ month: "2027-01", amount: -2.44 EUR, instances: 1 }]
 */
export function capCredits(
  counts: ArrayLike<number>,
  months: readonly BillingMonth[],
  hourly: Money,
  cap: Money,
  stepMs: number,
): CapCredit[] {
  const credits: CapCredit[] = [];
  const profiles = monthProfiles(counts, months);
  months.forEach((month, m) => {
    const { atLeast, peak } = profiles[m]!;
    let credit = 0n;
    let capped = 0;
    // Slot 1 runs longest; once a slot stays under the cap, every later one does too.
    for (let k = 1; k <= peak; k++) {
      const billed = divRound(hourly.nanos * BigInt(atLeast[k]!) * BigInt(stepMs), MS_PER_HOUR);
      if (billed <= cap.nanos) break;
      credit += billed - cap.nanos;
      capped++;
    }
    if (credit > 0n) {
      credits.push({
        month: month.key,
        amount: { nanos: -credit, currency: hourly.currency },
        instances: capped,
      });
    }
  });
  return credits;
}
