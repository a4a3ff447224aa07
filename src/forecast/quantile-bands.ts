import type { OriginRecords } from './seasonal-smoother.ts';

/**
 * Empirical, conformal-style prediction bands: the multi-step errors of rolling-origin forecasts
 * inside the history, normalised by the typical error of their local time-of-day slot (bands are
 * narrower at night than at the daily peak), pooled in horizon buckets (1, 2, 3-4, 5-8, ...), and
 * turned into split-conformal quantiles per level whose finite-sample correction counts origins
 * (a forecast's errors at its many horizons are one draw, not many). Each bucket stands on its own
 * (forcing widths to grow with the horizon made the 80 % band cover 85 % and more in backtests); the
 * mean always lies inside. No band is narrower than `CALIBRATION.naiveFloor` times what the
 * seasonal naive's errors at the same origins and horizons would give: a fit that looks too good on
 * its own history is exactly the one that breaks on what comes next.
 */
export interface BandModel {
  readonly levels: readonly number[];
  readonly slotScale: Float64Array;
  /** Per level, normalised lower and upper offsets for h = 1..maxH (index h - 1). */
  readonly lower: readonly Float64Array[];
  readonly upper: readonly Float64Array[];
  readonly maxH: number;
}

/** Samples per horizon bucket: enough that the 99.5th percentile is not simply the largest error. */
const MIN_BUCKET = 400;

function bucketOf(h: number): number {
  return Math.ceil(Math.log2(h));
}

/**
 * Calibration constants, chosen on the tuning sources of `npm run bench:forecast` only (never on its
 * evaluation sources): the floor as a share of the seasonal naive's error quantile, and the cap on
 * how far the backtest may widen a band. The evaluation set is a new draw of sources, so the floor
 * is the smallest (in steps of 0.1) at which the lower decile of the tuning set's coverage over
 * resampled sets of tuning sources reaches the nominal level of both bands one day and one week
 * ahead (0.6 left the 80 % band's decile one week ahead at 79.4 %; 0.7 gives 80.3 %, and 95.3 %
 * for the 95 % band). `npm run bench:forecast` prints these deciles.
 */
export const CALIBRATION = {
  naiveFloor: 0.7,
  maxWidening: 2,
} as const;

/**
 * Split-conformal quantile of `sorted` (ascending) at level `q`, counting a new forecast as one more
 * origin: the errors of one origin rise and fall together, so the finite-sample correction is
 * 1 / origins, not 1 / errors. Both tails move outward, the outer band's more than the inner one's.
 */
export function conformalQuantile(sorted: Float64Array, q: number, origins: number): number {
  const n = sorted.length;
  if (n === 0) return 0;
  const grow = 1 + 1 / Math.max(1, origins);
  if (q >= 0.5) return sorted[Math.min(n, Math.ceil(q * n * grow)) - 1] as number;
  return sorted[n - Math.min(n, Math.ceil((1 - q) * n * grow))] as number;
}

/**
 * Learns band offsets from the records whose origin passes `useOrigin`.
 *
 * @example
 * const bands = fitBands(records, z, daySlot, 24, [80, 95], 168);
 * bandOffsets(bands, 0, 5, 14); // [lower, upper] added to the mean in model units
 */
export function fitBands(
  records: OriginRecords,
  z: Float64Array,
  daySlot: Int32Array,
  slotsPerDay: number,
  levels: readonly number[],
  maxH: number,
  useOrigin: (origin: number) => boolean = () => true,
  naiveLag: number = slotsPerDay > 1 ? slotsPerDay : 7,
): BandModel | undefined {
  // The records to learn from, and their errors.
  const use = new Int32Array(records.count);
  let used = 0;
  for (let k = 0; k < records.count; k++) if (useOrigin(records.origin[k] as number)) use[used++] = k;
  if (used < 20) return undefined;
  const err = new Float64Array(used);
  for (let u = 0; u < used; u++) {
    const k = use[u] as number;
    err[u] = (z[records.target[k] as number] as number) - (records.forecast[k] as number);
  }
  // A robust cap first: one spike must not blow up the scale of its time-of-day slot.
  // A sample of every `every`-th record (of all records, so that it does not depend on the filter).
  const every = Math.max(1, Math.floor(records.count / 2000));
  let sampled = 0;
  const sampleAt = new Int32Array(used);
  for (let u = 0; u < used; u++) if ((use[u] as number) % every === 0) sampleAt[sampled++] = u;
  const sample = new Float64Array(sampled);
  for (let j = 0; j < sampled; j++) sample[j] = Math.abs(err[sampleAt[j] as number] as number);
  sample.sort();
  const typical = (sample[sample.length >> 1] as number | undefined) ?? 0;
  const cap = typical > 0 ? 5 * typical : Number.POSITIVE_INFINITY;
  const sumAbs = new Float64Array(slotsPerDay);
  const count = new Float64Array(slotsPerDay);
  let total = 0;
  for (let u = 0; u < used; u++) {
    const e = Math.min(cap, Math.abs(err[u] as number));
    const s = daySlot[records.target[use[u] as number] as number] as number;
    sumAbs[s] = (sumAbs[s] as number) + e;
    count[s] = (count[s] as number) + 1;
    total += e;
  }
  const globalMean = total / used;
  if (!(globalMean > 0)) {
    // No error at all (a constant series): zero-width bands.
    const zeros = levels.map(() => new Float64Array(maxH));
    return { levels, slotScale: new Float64Array(slotsPerDay).fill(1), lower: zeros, upper: zeros, maxH };
  }
  // Per slot, the larger of the capped mean and the median absolute error: the median lets a slot
  // with a recurring large error (a daily batch peak) keep wide bands that the cap would cut.
  const slotStart = new Int32Array(slotsPerDay + 1);
  for (let j = 0; j < sampled; j++) {
    const s = daySlot[records.target[use[sampleAt[j] as number] as number] as number] as number;
    slotStart[s + 1] = (slotStart[s + 1] as number) + 1;
  }
  for (let s = 0; s < slotsPerDay; s++)
    slotStart[s + 1] = (slotStart[s + 1] as number) + (slotStart[s] as number);
  const bySlot = new Float64Array(slotStart[slotsPerDay] as number);
  const fill = slotStart.slice(0, slotsPerDay);
  for (let j = 0; j < sampled; j++) {
    const s = daySlot[records.target[use[sampleAt[j] as number] as number] as number] as number;
    bySlot[fill[s] as number] = Math.abs(err[sampleAt[j] as number] as number);
    fill[s] = (fill[s] as number) + 1;
  }
  const slotScale = new Float64Array(slotsPerDay);
  const shrink = 30;
  for (let s = 0; s < slotsPerDay; s++) {
    const abs = bySlot.subarray(slotStart[s] as number, slotStart[s + 1] as number).sort();
    const med = abs.length ? (abs[abs.length >> 1] as number) * 1.25 : 0;
    const capped = ((sumAbs[s] as number) + shrink * globalMean) / ((count[s] as number) + shrink);
    const robust = (abs.length * med + shrink * capped) / (abs.length + shrink);
    slotScale[s] = Math.max(capped, robust) || globalMean;
  }
  const buckets = bucketOf(Math.max(1, maxH)) + 1;
  // Bucket of each horizon, looked up instead of a logarithm per record.
  const bucketAt = new Int32Array(maxH + 1);
  for (let h = 1; h <= maxH; h++) bucketAt[h] = bucketOf(h);
  const sizes = new Int32Array(buckets);
  for (let u = 0; u < used; u++) {
    const b = bucketAt[records.h[use[u] as number] as number] as number;
    sizes[b] = (sizes[b] as number) + 1;
  }
  // Merge thin buckets into their longer-horizon neighbour (the last one into its predecessor).
  const owner = new Int32Array(buckets);
  const groupSize: number[] = [];
  let acc = 0;
  for (let b = 0; b < buckets; b++) {
    owner[b] = groupSize.length;
    acc += sizes[b] as number;
    if (acc >= MIN_BUCKET) {
      groupSize.push(acc);
      acc = 0;
    }
  }
  if (acc > 0 || groupSize.length === 0) {
    if (groupSize.length > 0 && acc < MIN_BUCKET) {
      for (let b = 0; b < buckets; b++) if (owner[b] === groupSize.length) owner[b] = groupSize.length - 1;
      groupSize[groupSize.length - 1] = (groupSize[groupSize.length - 1] as number) + acc;
    } else groupSize.push(acc);
  }
  const groups = groupSize.length;
  const lag = Math.max(1, naiveLag);
  const ours: Float64Array[] = groupSize.map((size) => new Float64Array(size));
  const naive: Float64Array[] = groupSize.map((size) => new Float64Array(size));
  const nOurs = new Int32Array(groups);
  const nNaive = new Int32Array(groups);
  const origins = new Int32Array(groups);
  const lastSeen = new Int32Array(groups).fill(-1);
  for (let u = 0; u < used; u++) {
    const k = use[u] as number;
    const target = records.target[k] as number;
    const h = records.h[k] as number;
    const g = owner[bucketAt[h] as number] as number;
    const scale = slotScale[daySlot[target] as number] as number;
    // Records come origin by origin.
    if (lastSeen[g] !== records.origin[k]) {
      lastSeen[g] = records.origin[k] as number;
      origins[g] = (origins[g] as number) + 1;
    }
    (ours[g] as Float64Array)[nOurs[g] as number] = (err[u] as number) / scale;
    nOurs[g] = (nOurs[g] as number) + 1;
    const past = target - lag * Math.ceil(h / lag);
    const seasonal = past >= 0 ? (z[past] as number) : Number.NaN;
    if (!Number.isNaN(seasonal)) {
      (naive[g] as Float64Array)[nNaive[g] as number] = ((z[target] as number) - seasonal) / scale;
      nNaive[g] = (nNaive[g] as number) + 1;
    }
  }
  for (let g = 0; g < groups; g++) {
    ours[g] = (ours[g] as Float64Array).subarray(0, nOurs[g]).sort();
    naive[g] = (naive[g] as Float64Array).subarray(0, nNaive[g]).sort();
  }
  const lower = levels.map(() => new Float64Array(maxH));
  const upper = levels.map(() => new Float64Array(maxH));
  levels.forEach((level, li) => {
    const a = (1 - level / 100) / 2;
    const floorOf = (g: number, q: number): number =>
      (naive[g] as Float64Array).length >= MIN_BUCKET / 4
        ? CALIBRATION.naiveFloor * conformalQuantile(naive[g] as Float64Array, q, origins[g] as number)
        : 0;
    const lo: number[] = [];
    const hi: number[] = [];
    for (let g = 0; g < groups; g++) {
      const own = ours[g] as Float64Array;
      lo.push(Math.min(conformalQuantile(own, a, origins[g] as number), floorOf(g, a)));
      hi.push(Math.max(conformalQuantile(own, 1 - a, origins[g] as number), floorOf(g, 1 - a)));
    }
    for (let h = 1; h <= maxH; h++) {
      const p = owner[bucketAt[h] as number] as number;
      (lower[li] as Float64Array)[h - 1] = Math.min(0, lo[p] as number);
      (upper[li] as Float64Array)[h - 1] = Math.max(0, hi[p] as number);
    }
  });
  return { levels, slotScale, lower, upper, maxH };
}

/**
 * Offsets `[lower, upper]` in model units for level index `li`, `h` steps ahead, at day slot
 * `slot`. Beyond the horizons seen in the backtest the width grows like sqrt(h), at most threefold.
 *
 * @example
 * bandOffsets(bands, 1, 24, 9); // e.g. [-3.1, 4.2]
 */
export function bandOffsets(model: BandModel, li: number, h: number, slot: number): [number, number] {
  const at = Math.min(h, model.maxH) - 1;
  const grow = h > model.maxH ? Math.min(3, Math.sqrt(h / model.maxH)) : 1;
  const scale = (model.slotScale[slot] as number) * grow;
  return [
    ((model.lower[li] as Float64Array)[at] as number) * scale,
    ((model.upper[li] as Float64Array)[at] as number) * scale,
  ];
}
