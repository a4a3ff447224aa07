/**
 * The arithmetic of the alternatives: the best committed baseline, its cost, and own hardware
 * (capex amortised over its life plus operating cost).
 */

import { wholeProfile } from '../cost/count-profile.ts';
import type { CostBreakdown } from '../cost/plan-cost.ts';
import type { VatBasis } from '../cost/price-catalog.ts';
import { toVatBasis, type VatDisplay } from '../cost/vat.ts';
import { divRound, type Money } from '../domain/money.ts';

export interface CostRange {
  readonly p50: Money;
  readonly planning: Money;
}

/** Own hardware, as the tenant enters it. */
export interface OwnHardware {
  /** Purchase price of one server (hyperconverged node). */
  readonly capexPerServer: Money;
  readonly lifeYears: number;
  /** Power, space, maintenance, administration per server and year. */
  readonly opexPerServerYear: Money;
  /** Driver units one server carries. */
  readonly capacityPerServer: number;
  /** Spare servers beyond the peak (N+1 = 1); default 1. */
  readonly spareServers?: number;
  /** Whether the figures include VAT. */
  readonly basis: VatBasis;
}

const HOURS_PER_YEAR = 8760n;

/**
 * Alternative minus pay-as-you-go, for both ends of the range.
 *
 * @example
 * difference({ p50: money('10', 'EUR'), planning: money('12', 'EUR') }, payg); // positive: pay-as-you-go is cheaper
 */
export function difference(
  cost: CostRange,
  payg: { p50: CostBreakdown; planning: CostBreakdown },
): CostRange {
  return {
    p50: { nanos: cost.p50.nanos - payg.p50.total.nanos, currency: cost.p50.currency },
    planning: { nanos: cost.planning.nanos - payg.planning.total.nanos, currency: cost.planning.currency },
  };
}

/**
 * The committed baseline that minimises cost. Slot k (the k-th instance) runs u_k steps; committing
 * it costs the commitment rate for every step, running it on demand costs the hourly rate for u_k
 * steps, so slot k is committed exactly when u_k × hourly > steps × committed. u_k falls with k,
 * hence the best baseline is the number of such slots.
 *
 * @example
 * bestBaseline(Int32Array.from([2, 2, 2, 5]), money('1', 'EUR'), money('0.6', 'EUR')); // 2
 */
export function bestBaseline(counts: ArrayLike<number>, hourly: Money, committed: Money): number {
  const { atLeast, peak } = wholeProfile(counts);
  const total = BigInt(counts.length);
  let baseline = 0;
  for (let k = 1; k <= peak; k++) {
    if (BigInt(atLeast[k]!) * hourly.nanos > total * committed.nanos) baseline = k;
    else break;
  }
  return baseline;
}

/**
 * Compute cost with `baseline` instances committed and the rest on demand.
 *
 * @example
 * committedCost(Int32Array.from([2, 2, 2, 5]), 2, money('1', 'EUR'), money('0.6', 'EUR'), 3_600_000); // 7.8 EUR
 */
export function committedCost(
  counts: ArrayLike<number>,
  baseline: number,
  hourly: Money,
  committed: Money,
  stepMs: number,
): Money {
  const { atLeast, peak } = wholeProfile(counts);
  // Steps above the baseline: Σ_k>b (steps with at least k instances).
  let burst = 0;
  for (let k = baseline + 1; k <= peak; k++) burst += atLeast[k]!;
  const nanos =
    committed.nanos * BigInt(baseline) * BigInt(counts.length) * BigInt(stepMs) +
    hourly.nanos * BigInt(burst) * BigInt(stepMs);
  return { nanos: divRound(nanos, 3_600_000n), currency: hourly.currency };
}

/**
 * Own hardware for `hours` of the horizon: servers × (capex ÷ life + opex per year) pro rata.
 *
 * @example
 * ownHardwareCost({ capexPerServer: money('20000', 'EUR'), lifeYears: 5, opexPerServerYear: money('3000', 'EUR'), capacityPerServer: 1000, basis: 'gross' }, 3, 8760, 'gross');
 * // 3 × (4000 + 3000) = 21000 EUR
 */
export function ownHardwareCost(
  hardware: OwnHardware,
  servers: number,
  hoursMs: number,
  vat: VatDisplay,
): Money {
  const capex = toVatBasis(hardware.capexPerServer, hardware.basis, vat);
  const opex = toVatBasis(hardware.opexPerServerYear, hardware.basis, vat);
  const lifeHours = BigInt(Math.round(hardware.lifeYears * 8760));
  const perServerHourNumerator = capex.nanos * HOURS_PER_YEAR + opex.nanos * lifeHours;
  const denominator = lifeHours * HOURS_PER_YEAR * 3_600_000n;
  return {
    nanos: divRound(perServerHourNumerator * BigInt(servers) * BigInt(hoursMs), denominator),
    currency: capex.currency,
  };
}

/**
 * Servers needed for a peak: ceil(peak / (capacity × target)) plus spares.
 *
 * @example
 * serversForPeak(1500, { ...hardware, capacityPerServer: 1000, spareServers: 1 }, 0.7); // 3 + 1 = 4
 */
export function serversForPeak(peak: number, hardware: OwnHardware, targetUtilisation: number): number {
  return (
    Math.max(1, Math.ceil(peak / (hardware.capacityPerServer * targetUtilisation) - 1e-9)) +
    (hardware.spareServers ?? 1)
  );
}
