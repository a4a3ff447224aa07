/**
 * Internet egress cost per step. Within each calendar month the free allowance is used first
 * (per account, plus per instance pro rata to the instance-hours run), then the tiers in order, so
 * every step is charged its marginal price and the steps add up to the monthly bill.
 */
import { divRound } from '../domain/money.ts';
import type { BillingMonth } from './billing-months.ts';
import type { EffectiveEgress } from './effective-prices.ts';
import { toMicroUnits } from './storage-cost.ts';

const MICRO = 1_000_000n;

export interface EgressStepCosts {
  readonly service: BigInt64Array;
  /** Backup transfer to an off-site target, charged after the service's own traffic of the step. */
  readonly backup: BigInt64Array;
  readonly unpriced: readonly string[];
}

/**
 * Prices `serviceGib[i]` (and `backupGib[i]`) GiB of egress per step.
 *
 * @example
 * egressStepCosts([10, 10], [0, 0], gcpEgress, [1, 1], months, 3_600_000).service; // 2 × 10 GiB at tier 1
 */
export function egressStepCosts(
  serviceGib: ArrayLike<number>,
  backupGib: ArrayLike<number>,
  egress: EffectiveEgress,
  counts: ArrayLike<number>,
  months: readonly BillingMonth[],
  stepMs: number,
): EgressStepCosts {
  const service = new BigInt64Array(serviceGib.length);
  const backup = new BigInt64Array(serviceGib.length);
  const unpriced = new Set<string>();
  const tiers = egress.tiers.map((t) => ({
    from: toMicroUnits(t.fromUnits, 'GiB'),
    to: t.toUnits === undefined ? undefined : toMicroUnits(t.toUnits, 'GiB'),
    price: t.perUnit.nanos,
  }));
  for (const month of months) {
    let instanceSteps = 0;
    for (let i = month.startIndex; i < month.endIndex; i++) instanceSteps += counts[i] ?? 0;
    const instanceMonths = (instanceSteps * stepMs) / 3_600_000 / month.hoursInMonth;
    let free = toMicroUnits(
      egress.freeUnitsPerMonth + egress.freeUnitsPerInstanceMonth * instanceMonths,
      'GiB',
    );
    let billed = 0n;
    const charge = (quantity: bigint): bigint => {
      const used = quantity < free ? quantity : free;
      free -= used;
      let rest = quantity - used;
      let cost = 0n;
      for (const tier of tiers) {
        if (rest === 0n) break;
        if (tier.to !== undefined && billed >= tier.to) continue;
        const room = tier.to === undefined ? rest : tier.to - billed;
        // biome-ignore lint/complexity/useMathMinMax: bigint has no Math.min
        const slice = rest < room ? rest : room;
        cost += tier.price * slice;
        billed += slice;
        rest -= slice;
      }
      if (rest > 0n) unpriced.add(`egress beyond the last priced tier in ${month.key}`);
      return divRound(cost, MICRO);
    };
    for (let i = month.startIndex; i < month.endIndex; i++) {
      service[i] = charge(toMicroUnits(serviceGib[i] ?? 0, egress.sizeUnit));
      backup[i] = charge(toMicroUnits(backupGib[i] ?? 0, egress.sizeUnit));
    }
  }
  return { service, backup, unpriced: [...unpriced] };
}
