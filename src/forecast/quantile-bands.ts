import type { OriginRecords } from './seasonal-smoother.ts';

/**
 * Empirical, conformal-style prediction bands: the multi-step errors of rolling-origin forecasts
 * inside the history, normalised by the typical error of their local time-of-day slot (bands are
 * narrower at night than at the daily peak), pooled in horizon buckets (1, 2, 3-4, 5-8, ...), and
 * turned into quantiles per level. Each bucket stands on its own (forcing widths to grow with the
 * horizon made the 80 % band cover 85 % and more in backtests); the mean always lies inside.
 * Quantiles are weighted toward recent origins (weighted conformal), and no band is narrower than
 * 90 % of what the seasonal naive's errors at the same origins and horizons would give: a fit that
 * looks too good on its own history is exactly the one that breaks on what comes next.
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

interface Sample {
  readonly v: number;
  readonly w: number;
}

/**
 * Calibration constants, chosen on the tuning sources of `npm run bench:forecast` only (never on its
 * evaluation sources): the half-life of an origin's weight as a share of the span of origins used,
 * the floor as a share of the seasonal naive's error quantile, and the cap on how far the backtest
 * may widen a band. The floor is the smallest (in steps of 0.1) at which the tuning sources' 95 %
 * band reaches its nominal 95 % one day and one week ahead (0.7 gave 95.2 % and 94.3 %, 0.9 gives
 * 95.8 % and 95.0 %): on series the model has never seen, errors run larger than on its own past.
 */
export const CALIBRATION = {
  halfLife: 0.5,
  naiveFloor: 0.9,
  maxWidening: 2,
} as const;

/**
 * Weighted conformal quantile of values sorted ascending: the new point gets the weight of the most
 * recent one (1), as if it sat beyond every observed error, so small or fading samples stay honest.
 */
function weightedQuantile(sorted: readonly Sample[], q: number): number {
  if (sorted.length === 0) return 0;
  let total = 0;
  for (const s of sorted) total += s.w;
  const need = q * (total + 1);
  let cum = 0;
  for (const s of sorted) {
    cum += s.w;
    if (cum >= need) return s.v;
  }
  return (sorted[sorted.length - 1] as Sample).v;
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
  // A robust cap first: one spike must not blow up the scale of its time-of-day slot.
  const sample: number[] = [];
  const every = Math.max(1, Math.floor(records.count / 2000));
  for (let k = 0; k < records.count; k += every) {
    if (useOrigin(records.origin[k] as number)) {
      sample.push(Math.abs((z[records.target[k] as number] as number) - (records.forecast[k] as number)));
    }
  }
  sample.sort((a, b) => a - b);
  const typical = (sample[sample.length >> 1] as number | undefined) ?? 0;
  const cap = typical > 0 ? 5 * typical : Number.POSITIVE_INFINITY;
  const sumAbs = new Float64Array(slotsPerDay);
  const count = new Float64Array(slotsPerDay);
  let total = 0;
  let used = 0;
  for (let k = 0; k < records.count; k++) {
    if (!useOrigin(records.origin[k] as number)) continue;
    const target = records.target[k] as number;
    const err = Math.min(cap, Math.abs((z[target] as number) - (records.forecast[k] as number)));
    const s = daySlot[target] as number;
    sumAbs[s] = (sumAbs[s] as number) + err;
    count[s] = (count[s] as number) + 1;
    total += err;
    used++;
  }
  if (used < 20) return undefined;
  const globalMean = total / used;
  if (!(globalMean > 0)) {
    // No error at all (a constant series): zero-width bands.
    const zeros = levels.map(() => new Float64Array(maxH));
    return { levels, slotScale: new Float64Array(slotsPerDay).fill(1), lower: zeros, upper: zeros, maxH };
  }
  // Per slot, the larger of the capped mean and the median absolute error: the median lets a slot
  // with a recurring large error (a daily batch peak) keep wide bands that the cap would cut.
  const perSlot: number[][] = Array.from({ length: slotsPerDay }, () => []);
  for (let k = 0; k < records.count; k += every) {
    if (!useOrigin(records.origin[k] as number)) continue;
    const target = records.target[k] as number;
    perSlot[daySlot[target] as number]?.push(
      Math.abs((z[target] as number) - (records.forecast[k] as number)),
    );
  }
  const slotScale = new Float64Array(slotsPerDay);
  const shrink = 30;
  for (let s = 0; s < slotsPerDay; s++) {
    const abs = (perSlot[s] as number[]).sort((a, b) => a - b);
    const med = abs.length ? (abs[abs.length >> 1] as number) * 1.25 : 0;
    const capped = ((sumAbs[s] as number) + shrink * globalMean) / ((count[s] as number) + shrink);
    const robust = (abs.length * med + shrink * capped) / (abs.length + shrink);
    slotScale[s] = Math.max(capped, robust) || globalMean;
  }
  const buckets = bucketOf(Math.max(1, maxH)) + 1;
  const sizes = new Int32Array(buckets);
  for (let k = 0; k < records.count; k++) {
    if (useOrigin(records.origin[k] as number)) {
      const b = bucketOf(records.h[k] as number);
      sizes[b] = (sizes[b] as number) + 1;
    }
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
  // Recent origins weigh more (weighted conformal): a series that changed lately is judged by how
  // the model has done lately, not by its calmer or wilder past.
  let firstOrigin = Number.POSITIVE_INFINITY;
  let lastOrigin = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < records.count; k++) {
    const o = records.origin[k] as number;
    if (!useOrigin(o)) continue;
    if (o < firstOrigin) firstOrigin = o;
    if (o > lastOrigin) lastOrigin = o;
  }
  const halfLife = Math.max(1, (lastOrigin - firstOrigin) * CALIBRATION.halfLife);
  const weightOf = (o: number): number => 0.5 ** ((lastOrigin - o) / halfLife);
  const lag = Math.max(1, naiveLag);
  const ours = groupSize.map(() => [] as Sample[]);
  const naive = groupSize.map(() => [] as Sample[]);
  for (let k = 0; k < records.count; k++) {
    const o = records.origin[k] as number;
    if (!useOrigin(o)) continue;
    const target = records.target[k] as number;
    const h = records.h[k] as number;
    const g = owner[bucketOf(h)] as number;
    const scale = slotScale[daySlot[target] as number] as number;
    const w = weightOf(o);
    (ours[g] as Sample[]).push({ v: ((z[target] as number) - (records.forecast[k] as number)) / scale, w });
    const past = target - lag * Math.ceil(h / lag);
    const seasonal = past >= 0 ? (z[past] as number) : Number.NaN;
    if (!Number.isNaN(seasonal))
      (naive[g] as Sample[]).push({ v: ((z[target] as number) - seasonal) / scale, w });
  }
  for (const list of [...ours, ...naive]) list.sort((a, b) => a.v - b.v);
  const lower = levels.map(() => new Float64Array(maxH));
  const upper = levels.map(() => new Float64Array(maxH));
  levels.forEach((level, li) => {
    const a = (1 - level / 100) / 2;
    const floorOf = (g: number, q: number): number =>
      (naive[g] as Sample[]).length >= MIN_BUCKET / 4
        ? CALIBRATION.naiveFloor * weightedQuantile(naive[g] as Sample[], q)
        : 0;
    const lo = ours.map((s, g) => Math.min(weightedQuantile(s, a), floorOf(g, a)));
    const hi = ours.map((s, g) => Math.max(weightedQuantile(s, 1 - a), floorOf(g, 1 - a)));
    for (let h = 1; h <= maxH; h++) {
      const p = owner[bucketOf(h)] as number;
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
