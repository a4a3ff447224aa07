/**
 * Costs of count series over the whole horizon as one line, for rightsizing and alternatives. A
 * plan prices the same storage, egress and backup at the same provider many times over; unless
 * the provider's traffic allowance grows with the instances, those parts do not depend on the
 * counts and are computed once per provider and end of the range.
 */
import type { EffectiveCatalog, EffectiveType } from '../cost/effective-prices.ts';
import { type CostBreakdown, costPlan, type ResourceUsage } from '../cost/plan-cost.ts';

export interface WholeHorizonDeps {
  readonly start: number;
  readonly stepMs: number;
  readonly byProvider: ReadonlyMap<string, EffectiveCatalog>;
  readonly resourcesAt: (
    catalog: EffectiveCatalog,
    notes: string[],
  ) => { p50: ResourceUsage; planning: ResourceUsage };
}

export type WholeHorizonCost = (
  counts: Int32Array,
  which: 'p50' | 'planning',
  type: EffectiveType,
) => CostBreakdown;

/**
 * @example
 * const cost = wholeHorizonCost({ start, stepMs, byProvider, resourcesAt });
 * cost(Int32Array.from([2, 2, 3]), 'planning', cx33).total;
 */
export function wholeHorizonCost(deps: WholeHorizonDeps): WholeHorizonCost {
  const memo = new Map<string, CostBreakdown>();
  return (counts, which, type) => {
    const catalog = deps.byProvider.get(type.provider)!;
    const segments = [{ startIndex: 0, endIndex: counts.length }];
    const base = { start: deps.start, stepMs: deps.stepMs, counts, segments, type, catalog };
    if ((catalog.egress?.freeUnitsPerInstanceMonth ?? 0) > 0) {
      return costPlan({ ...base, resources: deps.resourcesAt(catalog, [])[which] }).totals;
    }
    const key = `${type.provider}\u0000${which}`;
    let resources = memo.get(key);
    if (!resources) {
      resources = costPlan({ ...base, resources: deps.resourcesAt(catalog, [])[which] }).totals;
      memo.set(key, resources);
    }
    const { compute } = costPlan(base).totals;
    const { storage, egress, backup } = resources;
    return {
      compute,
      storage,
      egress,
      backup,
      total: {
        nanos: compute.nanos + storage.nanos + egress.nanos + backup.nanos,
        currency: compute.currency,
      },
    };
  };
}
