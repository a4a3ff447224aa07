/**
 * Rightsizing: of every instance type in the chosen catalogs, the one whose plan on the planning
 * quantile costs least while meeting the demand at the target utilisation, with the runners-up.
 * The cost compared is compute plus the provider's storage, egress and backup, since a cheap
 * server at a provider with dear traffic is not the cheap choice. Types the model cannot size, and types that cannot meet the peak within the
 * maximum instance count, are listed with the reason instead of silently dropped.
 */
import { billingMonths } from '../cost/billing-months.ts';
import { capCredits } from '../cost/compute-cost.ts';
import type { EffectiveCatalog, EffectiveType } from '../cost/effective-prices.ts';
import { divRound, type Money } from '../domain/money.ts';
import { type CapacityModel, capacityOf } from './capacity-model.ts';
import { createSizer, type Sizer } from './sizer.ts';

export interface RightsizeCandidate {
  readonly type: EffectiveType;
  readonly capacity: number;
  readonly peakInstances: number;
  /** Instance-hours over the horizon. */
  readonly instanceHours: number;
  /** Compute cost of the planned counts, monthly caps applied. */
  readonly computeCost: Money;
  /** Compute plus the provider's storage, egress and backup for this demand: the ranking key. */
  readonly totalCost: Money;
}

export interface Infeasible {
  readonly provider: string;
  readonly instanceType: string;
  readonly needed: number;
  readonly maxInstances: number;
}

export interface RightsizeResult {
  readonly best: RightsizeCandidate | undefined;
  readonly runnersUp: readonly RightsizeCandidate[];
  readonly infeasible: readonly Infeasible[];
  /** Types the capacity model gives no capacity for. */
  readonly unsized: readonly string[];
}

export interface RightsizeInput {
  readonly start: number;
  readonly stepMs: number;
  readonly series: readonly number[];
  readonly model: CapacityModel;
  readonly catalogs: readonly EffectiveCatalog[];
  /** How many runners-up to return (default 5). */
  readonly runnersUp?: number;
  /**
   * Storage, egress and backup cost at a provider, given planned counts (which only matter for
   * per-instance traffic allowances). Called once per provider, with the counts of its type that is
   * cheapest in compute, so ranking stays linear in the number of types.
   */
  readonly resourceCost?: (provider: string, planned: Int32Array) => Money;
  /** Shared sizing memo of the plan; a fresh one by default. */
  readonly sizer?: Sizer;
}

/**
 * Ranks every type by total cost; ties go to the provider and type name, so the result is
 * deterministic.
 *
 * @example
 * rightsize({ start, stepMs: 3_600_000, series: demand.planning, model, catalogs: [hetzner, stackit] }).best?.type.name; // "CX33"
 */
export function rightsize(input: RightsizeInput): RightsizeResult {
  const { start, stepMs, series, model, catalogs } = input;
  const size = input.sizer ?? createSizer(model, stepMs);
  const months = billingMonths(start, stepMs, series.length);
  const ranked: RightsizeCandidate[] = [];
  const infeasible: Infeasible[] = [];
  const unsized: string[] = [];
  const cheapestPerProvider = new Map<string, { cost: Money; planned: Int32Array }>();
  // Types of equal capacity (same vCPU count, say) share one schedule: size each capacity once.
  const byCapacity = new Map<number, { planned: Int32Array; steps: number; peak: number; needed: number }>();
  const sizedFor = (capacity: number) => {
    let sized = byCapacity.get(capacity);
    if (!sized) {
      const { shortfall, planned } = size(series, capacity);
      const needed = shortfall.reduce((a, b) => Math.max(a, b.needed), 0);
      let steps = 0;
      let peak = 0;
      for (let i = 0; i < planned.length; i++) {
        steps += planned[i]!;
        peak = Math.max(peak, planned[i]!);
      }
      sized = { planned, steps, peak, needed };
      byCapacity.set(capacity, sized);
    }
    return sized;
  };
  for (const catalog of catalogs) {
    for (const type of catalog.types) {
      const capacity = capacityOf(model, type);
      if (capacity === undefined || !(capacity > 0)) {
        unsized.push(`${type.provider}/${type.name}`);
        continue;
      }
      const sized = sizedFor(capacity);
      if (sized.needed > 0) {
        infeasible.push({
          provider: type.provider,
          instanceType: type.name,
          needed: sized.needed,
          maxInstances: model.maxInstances,
        });
        continue;
      }
      const { planned, steps, peak } = sized;
      let cost: Money = {
        nanos: divRound(type.hourly.nanos * BigInt(steps) * BigInt(stepMs), 3_600_000n),
        currency: type.hourly.currency,
      };
      if (type.monthlyCap) {
        for (const credit of capCredits(planned, months, type.hourly, type.monthlyCap, stepMs)) {
          cost = { nanos: cost.nanos + credit.amount.nanos, currency: cost.currency };
        }
      }
      const instanceHours = (steps * stepMs) / 3_600_000;
      ranked.push({ type, capacity, peakInstances: peak, instanceHours, computeCost: cost, totalCost: cost });
      const cheapest = cheapestPerProvider.get(type.provider);
      if (!cheapest || cost.nanos < cheapest.cost.nanos)
        cheapestPerProvider.set(type.provider, { cost, planned });
    }
  }
  const extra = new Map<string, bigint>();
  for (const [provider, { planned }] of cheapestPerProvider) {
    extra.set(provider, input.resourceCost?.(provider, planned).nanos ?? 0n);
  }
  const withTotals = ranked.map((c) => ({
    ...c,
    totalCost: {
      nanos: c.computeCost.nanos + (extra.get(c.type.provider) ?? 0n),
      currency: c.computeCost.currency,
    },
  }));
  withTotals.sort(
    (a, b) =>
      (a.totalCost.nanos < b.totalCost.nanos ? -1 : a.totalCost.nanos > b.totalCost.nanos ? 1 : 0) ||
      compareText(a.type.provider, b.type.provider) ||
      compareText(a.type.name, b.type.name),
  );
  return {
    best: withTotals[0],
    runnersUp: withTotals.slice(1, 1 + (input.runnersUp ?? 5)),
    infeasible,
    unsized,
  };
}

/** Code-unit order, the same on every machine (localeCompare depends on the ICU locale). */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
