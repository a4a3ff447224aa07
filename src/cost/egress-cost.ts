/**
 * Internet egress cost per segment. Within each calendar month the free allowance is used first
 * (per account, plus per instance pro rata to the instance-hours run), then the tiers in order, so
 * each segment is charged its marginal price and the segments add up to the monthly bills. Volumes
 * are exact integer micro-units (running sums, or step by step where they would overflow); each
 * segment multiplies its per-tier volumes by the prices once.
 */
import { divRound } from '../domain/money.ts';
import type { BillingMonth } from './billing-months.ts';
import type { Segment } from './compute-cost.ts';
import type { EffectiveEgress } from './effective-prices.ts';
import { FLUSH_AT, MicroSums, microFactor, microPrefix } from './micro-sum.ts';

const MICRO = 1_000_000n;

export interface EgressSegmentCosts {
  readonly service: readonly bigint[];
  /** Backup transfer to an off-site target, charged after the service's own traffic of each step. */
  readonly backup: readonly bigint[];
  readonly unpriced: readonly string[];
}

/**
 * Prices `serviceGib[i]` (and `backupGib[i]`) GiB of egress per step, summed per segment.
 *
 * @example
 * egressSegmentCosts([10, 10], [0, 0], gcpEgress, [1, 1], months, 3_600_000, [{ startIndex: 0, endIndex: 2 }]).service;
 * // [20 GiB at the first tier]
 */
export function egressSegmentCosts(
  serviceGib: ArrayLike<number>,
  backupGib: ArrayLike<number>,
  egress: EffectiveEgress,
  counts: ArrayLike<number>,
  months: readonly BillingMonth[],
  stepMs: number,
  segments: readonly Segment[],
): EgressSegmentCosts {
  const perGb = egress.sizeUnit === 'GB';
  // Tier bounds and allowances are already in the price's unit: only rescale to micro-units.
  const tiers = egress.tiers.map((t) => ({
    from: Math.round(t.fromUnits * 1e6),
    to: t.toUnits === undefined ? Number.POSITIVE_INFINITY : Math.round(t.toUnits * 1e6),
    price: t.perUnit.nanos,
  }));
  // Imported bindings are read through getters under tsx; hot loops use local copies.
  const factor = microFactor(perGb);
  const flushAt = FLUSH_AT;
  const serviceSlices = new MicroSums(tiers.length);
  const backupSlices = new MicroSums(tiers.length);
  const unpriced = new Set<string>();
  const monthOf = new Int32Array(counts.length);
  const free = months.map((month, m) => {
    let instanceSteps = 0;
    for (let i = month.startIndex; i < month.endIndex; i++) {
      instanceSteps += counts[i] ?? 0;
      monthOf[i] = m;
    }
    const instanceMonths = (instanceSteps * stepMs) / 3_600_000 / month.hoursInMonth;
    return Math.round((egress.freeUnitsPerMonth + egress.freeUnitsPerInstanceMonth * instanceMonths) * 1e6);
  });
  const billed = months.map(() => 0);
  const charge = (quantity: number, m: number, slices: MicroSums) => {
    if (quantity === 0) return;
    const used = Math.min(quantity, free[m]!);
    free[m]! -= used;
    let rest = quantity - used;
    for (let t = 0; t < tiers.length && rest > 0; t++) {
      const room = tiers[t]!.to - billed[m]!;
      if (room <= 0) continue;
      const slice = Math.min(rest, room);
      if (slices.small[t]! + slice >= flushAt) slices.carry(t);
      slices.small[t]! += slice;
      billed[m]! += slice;
      rest -= slice;
    }
    if (rest > 0) unpriced.add(`egress beyond the last priced tier in ${months[m]!.key}`);
  };
  const service: bigint[] = [];
  const backup: bigint[] = [];
  const price = (slices: MicroSums) => {
    let cost = 0n;
    for (let t = 0; t < tiers.length; t++) cost += slices.take(t) * tiers[t]!.price;
    return divRound(cost, MICRO);
  };
  const sentSums = microPrefix(serviceGib, factor);
  const copiedSums = microPrefix(backupGib, factor);
  for (const segment of segments) {
    if (sentSums && copiedSums) {
      // Within one month a segment's traffic is one volume: the tiers see the same running total
      // as step by step; the service's traffic is charged before the backup copy's.
      let i = segment.startIndex;
      while (i < segment.endIndex) {
        const m = monthOf[i]!;
        const end = Math.min(segment.endIndex, months[m]!.endIndex);
        charge(sentSums[end]! - sentSums[i]!, m, serviceSlices);
        charge(copiedSums[end]! - copiedSums[i]!, m, backupSlices);
        i = end;
      }
    } else {
      for (let i = segment.startIndex; i < segment.endIndex; i++) {
        const sent = serviceGib[i] ?? 0;
        const copied = backupGib[i] ?? 0;
        if (sent > 0) charge(Math.round(sent * factor), monthOf[i]!, serviceSlices);
        if (copied > 0) charge(Math.round(copied * factor), monthOf[i]!, backupSlices);
      }
    }
    service.push(price(serviceSlices));
    backup.push(price(backupSlices));
  }
  return { service, backup, unpriced: [...unpriced] };
}
