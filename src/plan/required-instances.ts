/**
 * Instances needed per step: max(min, ceil(demand / (capacity × target utilisation))), capped at
 * the maximum. Where the cap bites, the shortfall is reported rather than hidden.
 */
import type { CapacityModel } from './capacity-model.ts';

export interface Shortfall {
  readonly index: number;
  readonly needed: number;
}

export interface RequiredInstances {
  readonly counts: Int32Array;
  /** Steps where `maxInstances` is below what the demand needs. */
  readonly shortfall: readonly Shortfall[];
}

/** Relative slack so a float quotient such as 3.0000000000000004 does not buy a fourth instance. */
const EPSILON = 1e-9;

/**
 * @example
 * requiredInstances([0, 140, 700], 100, { ...model, targetUtilisation: 0.7, minInstances: 1, maxInstances: 8 }).counts;
 * // Int32Array [1, 2, 8] with a shortfall at index 2 (needs 10)
 */
export function requiredInstances(
  demand: ArrayLike<number>,
  capacity: number,
  model: Pick<CapacityModel, 'targetUtilisation' | 'minInstances' | 'maxInstances'>,
): RequiredInstances {
  const perInstance = capacity * model.targetUtilisation;
  const counts = new Int32Array(demand.length);
  const shortfall: Shortfall[] = [];
  for (let i = 0; i < demand.length; i++) {
    const load = Math.max(0, demand[i] ?? 0);
    // Any positive load needs an instance, however small the quotient (or its underflow) is.
    const byLoad = load > 0 ? Math.max(1, Math.ceil((load / perInstance) * (1 - EPSILON))) : 0;
    const needed = Math.max(model.minInstances, byLoad);
    if (needed > model.maxInstances) shortfall.push({ index: i, needed });
    counts[i] = Math.min(needed, model.maxInstances);
  }
  return { counts, shortfall };
}
