/**
 * How long each instance "slot" runs: `atLeast[k]` is the number of steps in which at least k
 * instances run. Monthly caps, committed baselines and burst sizes all follow from it, and one
 * count series is asked these questions by many prices, so profiles are cached per series.
 */
import type { BillingMonth } from './billing-months.ts';

export interface CountProfile {
  /** Index k: steps with at least k instances (index 0 = all steps). */
  readonly atLeast: Int32Array;
  readonly peak: number;
}

/**
 * @example
 * countProfile(Int32Array.from([2, 2, 2, 5]), 0, 4).atLeast; // Int32Array [4, 4, 4, 1, 1, 1]
 */
export function countProfile(counts: ArrayLike<number>, from: number, to: number): CountProfile {
  let peak = 0;
  for (let i = from; i < to; i++) peak = Math.max(peak, counts[i] ?? 0);
  const atLeast = new Int32Array(peak + 1);
  for (let i = from; i < to; i++) atLeast[counts[i] ?? 0]! += 1;
  for (let k = peak - 1; k >= 0; k--) atLeast[k]! += atLeast[k + 1]!;
  return { atLeast, peak };
}

const wholeCache = new WeakMap<object, CountProfile>();
const monthCache = new WeakMap<object, { months: readonly BillingMonth[]; profiles: CountProfile[] }>();

/**
 * The profile of a whole series, computed once per series object.
 *
 * @example
 * wholeProfile(planned).atLeast[3]; // steps with three or more instances
 */
export function wholeProfile(counts: ArrayLike<number>): CountProfile {
  let profile = wholeCache.get(counts);
  if (!profile) {
    profile = countProfile(counts, 0, counts.length);
    wholeCache.set(counts, profile);
  }
  return profile;
}

/**
 * One profile per billing month, computed once per series and month list.
 *
 * @example
 * monthProfiles(planned, months)[0]?.peak; // most instances in the first month
 */
export function monthProfiles(counts: ArrayLike<number>, months: readonly BillingMonth[]): CountProfile[] {
  const hit = monthCache.get(counts);
  if (hit?.months === months) return hit.profiles;
  const profiles = months.map((m) => countProfile(counts, m.startIndex, m.endIndex));
  monthCache.set(counts, { months, profiles });
  return profiles;
}
