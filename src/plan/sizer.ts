/**
 * Sizing a demand series for a capacity (required, then planned instances) depends only on the
 * series, the capacity and the model. Rightsizing, the schedules and the committed options ask for
 * the same pairs, so one plan shares one memo.
 */
import type { CapacityModel } from './capacity-model.ts';
import { plannedCounts, planningWindows } from './planned-counts.ts';
import { requiredInstances, type Shortfall } from './required-instances.ts';

export interface Sized {
  readonly need: Int32Array;
  readonly shortfall: readonly Shortfall[];
  readonly planned: Int32Array;
}

export type Sizer = (series: readonly number[], capacity: number) => Sized;

/**
 * @example
 * const size = createSizer(model, 3_600_000);
 * size(demand.planning, 200).planned === size(demand.planning, 200).planned; // true
 */
export function createSizer(model: CapacityModel, stepMs: number): Sizer {
  const windows = planningWindows(model, stepMs);
  const memo = new WeakMap<readonly number[], Map<number, Sized>>();
  return (series, capacity) => {
    let byCapacity = memo.get(series);
    if (!byCapacity) {
      byCapacity = new Map();
      memo.set(series, byCapacity);
    }
    let sized = byCapacity.get(capacity);
    if (!sized) {
      const { counts, shortfall } = requiredInstances(series, capacity, model);
      sized = { need: counts, shortfall, planned: plannedCounts(counts, windows) };
      byCapacity.set(capacity, sized);
    }
    return sized;
  };
}
