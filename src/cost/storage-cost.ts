/**
 * Storage cost per segment from a GiB series: the price per unit-month spread over the month's
 * hours, or a base fee with included volume and a price beyond it. Quantities are summed as exact
 * micro-units per segment and meet the price once, so only one division per segment rounds.
 */
import { divRound } from '../domain/money.ts';
import type { Segment } from './compute-cost.ts';
import type { EffectiveStorage } from './effective-prices.ts';
import { FLUSH_AT, MicroSums, microFactor, microPrefix } from './micro-sum.ts';

const MICRO = 1_000_000n;
const MS_PER_HOUR = 3_600_000n;

export interface SegmentCosts {
  /** Nano-units per segment. */
  readonly perSegment: readonly bigint[];
  readonly unpriced: readonly string[];
}

/**
 * Cost of holding `gib[i]` GiB during each step, summed per segment.
 *
 * @example
 * storageSegmentCosts(Array(730).fill(100), gp3, 3_600_000, [{ startIndex: 0, endIndex: 730 }]).perSegment[0];
 * // 100 GiB-months at the gp3 price, in nanos
 */
export function storageSegmentCosts(
  gib: ArrayLike<number>,
  store: EffectiveStorage,
  stepMs: number,
  segments: readonly Segment[],
): SegmentCosts {
  const denominator = MICRO * BigInt(store.hoursPerMonth) * MS_PER_HOUR;
  const perGb = store.sizeUnit === 'GB';
  const included = Math.round(store.includedUnits * 1e6);
  // Imported bindings are read through getters under tsx; hot loops use local copies.
  const factor = microFactor(perGb);
  const flushAt = FLUSH_AT;
  const held = new MicroSums(1);
  const small = held.small;
  const base = store.baseMonthly !== undefined;
  let beyondUnpriced = false;
  const sums = base ? undefined : microPrefix(gib, factor);
  const perSegment = segments.map((segment) => {
    if (sums) {
      small[0] = sums[segment.endIndex]! - sums[segment.startIndex]!;
    } else {
      for (let i = segment.startIndex; i < segment.endIndex; i++) {
        const value = gib[i] ?? 0;
        const units = value > 0 ? Math.round(value * factor) : 0;
        small[0]! += base ? Math.max(0, units - included) : units;
        if (small[0]! >= flushAt) held.carry(0);
      }
    }
    const units = held.take(0);
    let monthlyMicro = 0n;
    if (store.baseMonthly) {
      monthlyMicro += store.baseMonthly.nanos * MICRO * BigInt(segment.endIndex - segment.startIndex);
      if (units > 0n && !store.perUnitMonth) beyondUnpriced = true;
    }
    if (store.perUnitMonth) monthlyMicro += store.perUnitMonth.nanos * units;
    return divRound(monthlyMicro * BigInt(stepMs), denominator);
  });
  const unpriced = beyondUnpriced
    ? [
        `${store.provider} ${store.name}: storage beyond the ${store.includedUnits} ${store.sizeUnit} included has no price`,
      ]
    : [];
  return { perSegment, unpriced };
}
