/**
 * Exact sums of integer micro-unit quantities without a bigint per addition: doubles hold integers
 * exactly up to 2^53, so the running sum moves into a bigint before it gets near that.
 */
import { GB_PER_GIB } from './effective-prices.ts';

export const FLUSH_AT = 2 ** 52;

/**
 * Several exact sums side by side (one per tier, say). Hot loops add to `small[k]` directly and
 * call `carry(k)` when it reaches `FLUSH_AT`; method calls per addition cost too much there.
 *
 * @example
 * const sums = new MicroSums(2);
 * sums.small[1]! += 1_500_000;
 * sums.take(1); // 1500000n
 */
export class MicroSums {
  readonly small: Float64Array;
  private readonly big: bigint[];

  constructor(size: number) {
    this.small = new Float64Array(size);
    this.big = new Array<bigint>(size).fill(0n);
  }

  carry(k: number): void {
    this.big[k] = (this.big[k] ?? 0n) + BigInt(this.small[k]!);
    this.small[k] = 0;
  }

  /** Sum `k` so far, exactly; resets it. */
  take(k: number): bigint {
    this.carry(k);
    const total = this.big[k]!;
    this.big[k] = 0n;
    return total;
  }
}

/**
 * A GiB quantity as whole micro-units of the price's size unit (1 GiB = 1.073741824 GB).
 *
 * @example
 * microUnits(1, true); // 1073742 (1 GiB in micro-GB)
 */
export function microUnits(gib: number, perGb: boolean): number {
  return toMicro(gib, microFactor(perGb));
}

/** Micro-units per GiB for a price per GB or per GiB; hot loops take it once, then call `toMicro`. */
export function microFactor(perGb: boolean): number {
  return perGb ? GB_PER_GIB * 1e6 : 1e6;
}

/**
 * @example
 * toMicro(2.5, microFactor(false)); // 2500000
 */
export function toMicro(gib: number, factor: number): number {
  return gib > 0 ? Math.round(gib * factor) : 0;
}

const prefixCache = new WeakMap<object, Map<number, Float64Array | null>>();

/**
 * Running sums of a series in whole micro-units (`prefix[i]` = steps before i), so any range sums
 * in O(1). `undefined` when the total would leave the range where doubles count exactly (2^53);
 * callers then add step by step. Cached per series and factor: a plan asks for the same ones at
 * every provider.
 *
 * @example
 * microPrefix([1, 2.5], microFactor(false)); // Float64Array [0, 1000000, 3500000]
 */
export function microPrefix(series: ArrayLike<number>, factor: number): Float64Array | undefined {
  let byFactor = prefixCache.get(series);
  if (!byFactor) {
    byFactor = new Map();
    prefixCache.set(series, byFactor);
  }
  const hit = byFactor.get(factor);
  if (hit !== undefined) return hit ?? undefined;
  const prefix = new Float64Array(series.length + 1);
  let total = 0;
  for (let i = 0; i < series.length; i++) {
    const value = series[i] ?? 0;
    total += value > 0 ? Math.round(value * factor) : 0;
    prefix[i + 1] = total;
  }
  const exact = total < 2 ** 53 ? prefix : null;
  byFactor.set(factor, exact);
  return exact ?? undefined;
}
