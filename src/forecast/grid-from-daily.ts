import type { ForecastBand } from './forecast-types.ts';
import type { LocalSlots } from './local-slots.ts';

/** Weeks of recent history the shape of the local week is learned from. */
const PROFILE_WEEKS = 8;
/** A local day with fewer observed steps than this share of a full day gives no day mean to divide by. */
const FULL_DAY = 0.75;

/** A forecast of daily means, as the daily grid produces it. */
export interface DailyForecast {
  /** Local day number (days since 1970-01-01) of `mean[0]`. */
  readonly firstDay: number;
  readonly mean: readonly number[];
  readonly trend: readonly number[];
  readonly bands: readonly ForecastBand[];
}

export interface GridProjection {
  readonly mean: number[];
  readonly trend: number[];
  readonly bands: ForecastBand[];
}

interface WeekShape {
  readonly multiplicative: boolean;
  /** Per slot of the local week: the step's share of its day mean (or offset from it). */
  readonly shape: Float64Array;
  /** Residual quantiles per level around the shape, for busy and for quiet slots: [lower, upper]. */
  readonly busy: [number, number][];
  readonly quiet: [number, number][];
  readonly busyFrom: number;
}

/**
 * Spreads a forecast of daily means over the steps of the sub-daily grid it was aggregated from,
 * so that a long horizon still says when in the day the load peaks and how high. Each step takes
 * its day's mean times the step's share of the day mean in the same slot of the local week (holidays
 * as Sundays), learned over the last eight weeks outside events; where a day mean is zero or
 * negative, shares become offsets. Bands combine the daily band with the spread of the steps around
 * that shape (independent errors, added in quadrature), so an hour is never narrower than its day.
 *
 * @example
 * const { mean, bands } = gridFromDaily(actual, eventSteps, slots, { firstDay, mean: dayMeans, trend, bands: dayBands });
 */
export function gridFromDaily(
  actual: Float64Array,
  eventSteps: Int32Array,
  slots: LocalSlots,
  daily: DailyForecast,
): GridProjection {
  const n = actual.length;
  const horizon = slots.localDay.length - n;
  const levels = daily.bands.map((b) => b.level);
  const week = weekShape(actual, eventSteps, slots, levels);
  const mean: number[] = [];
  const trend: number[] = [];
  const bands: ForecastBand[] = daily.bands.map((b) => ({ level: b.level, lower: [], upper: [] }));
  const last = daily.mean.length - 1;
  for (let h = 0; h < horizon; h++) {
    const d = Math.max(0, Math.min(last, (slots.localDay[n + h] as number) - daily.firstDay));
    const ws = slots.weekSlot[n + h] as number;
    const s = week.shape[ws] as number;
    const base = daily.mean[d] as number;
    const m = week.multiplicative ? base * s : base + s;
    mean.push(m);
    trend.push(daily.trend[d] as number);
    const residuals = s >= week.busyFrom ? week.busy : week.quiet;
    daily.bands.forEach((band, li) => {
      const [qLo, qHi] = residuals[li] ?? [0, 0];
      const lowerDay = band.lower[d] as number;
      const upperDay = band.upper[d] as number;
      const out = bands[li] as ForecastBand;
      if (week.multiplicative && base > 0) {
        const down = Math.hypot(1 - lowerDay / base, qLo);
        const up = Math.hypot(upperDay / base - 1, qHi);
        out.lower.push(m * (1 - down));
        out.upper.push(m * (1 + up));
      } else if (week.multiplicative) {
        out.lower.push(lowerDay * s);
        out.upper.push(upperDay * s);
      } else {
        out.lower.push(m - Math.hypot(base - lowerDay, qLo));
        out.upper.push(m + Math.hypot(upperDay - base, qHi));
      }
    });
  }
  return { mean, trend, bands };
}

/** The shape of the local week around the day means, and how far single steps stray from it. */
function weekShape(
  actual: Float64Array,
  eventSteps: Int32Array,
  slots: LocalSlots,
  levels: readonly number[],
): WeekShape {
  const n = actual.length;
  const spd = slots.slotsPerDay;
  const slotsPerWeek = 7 * spd;
  const from = Math.max(0, n - PROFILE_WEEKS * slotsPerWeek);
  // Day means of the window's days that are nearly complete and untouched by events.
  const sums = new Map<number, { sum: number; count: number; event: boolean }>();
  for (let i = from; i < n; i++) {
    const day = slots.localDay[i] as number;
    const acc = sums.get(day) ?? { sum: 0, count: 0, event: false };
    if ((eventSteps[i] as number) > 0) acc.event = true;
    const v = actual[i] as number;
    if (!Number.isNaN(v)) {
      acc.sum += v;
      acc.count++;
    }
    sums.set(day, acc);
  }
  const dayMean = new Map<number, number>();
  for (const [day, acc] of sums) {
    if (!acc.event && acc.count >= FULL_DAY * spd) dayMean.set(day, acc.sum / acc.count);
  }
  const multiplicative = dayMean.size > 0 && [...dayMean.values()].every((m) => m > 0);
  const ratio = (v: number, m: number): number => (multiplicative ? v / m : v - m);
  const neutral = multiplicative ? 1 : 0;
  const weekSum = new Float64Array(slotsPerWeek);
  const weekCount = new Float64Array(slotsPerWeek);
  const daySum = new Float64Array(spd);
  const dayCount = new Float64Array(spd);
  const used: number[] = [];
  for (let i = from; i < n; i++) {
    const m = dayMean.get(slots.localDay[i] as number);
    const v = actual[i] as number;
    if (m === undefined || Number.isNaN(v)) continue;
    const r = ratio(v, m);
    const ws = slots.weekSlot[i] as number;
    const ds = slots.daySlot[i] as number;
    weekSum[ws] = (weekSum[ws] as number) + r;
    weekCount[ws] = (weekCount[ws] as number) + 1;
    daySum[ds] = (daySum[ds] as number) + r;
    dayCount[ds] = (dayCount[ds] as number) + 1;
    used.push(i);
  }
  const shape = new Float64Array(slotsPerWeek);
  for (let ws = 0; ws < slotsPerWeek; ws++) {
    const ds = ws % spd;
    shape[ws] =
      (weekCount[ws] as number) > 0
        ? (weekSum[ws] as number) / (weekCount[ws] as number)
        : (dayCount[ds] as number) > 0
          ? (daySum[ds] as number) / (dayCount[ds] as number)
          : neutral;
  }
  // Each weekday's shares average to one (offsets to zero), so the day keeps its forecast mean.
  for (let dow = 0; dow < 7; dow++) {
    let total = 0;
    for (let s = 0; s < spd; s++) total += shape[dow * spd + s] as number;
    const avg = total / spd;
    for (let s = 0; s < spd; s++) {
      const k = dow * spd + s;
      shape[k] = multiplicative ? (avg > 0 ? (shape[k] as number) / avg : 1) : (shape[k] as number) - avg;
    }
  }
  const sorted = [...shape].sort((a, b) => a - b);
  const busyFrom = sorted[sorted.length >> 1] ?? neutral;
  const busyErrors: number[] = [];
  const quietErrors: number[] = [];
  for (const i of used) {
    const m = dayMean.get(slots.localDay[i] as number) as number;
    const s = shape[slots.weekSlot[i] as number] as number;
    const expected = multiplicative ? m * s : m + s;
    if (multiplicative && !(expected > 0)) continue;
    const e = multiplicative ? (actual[i] as number) / expected - 1 : (actual[i] as number) - expected;
    (s >= busyFrom ? busyErrors : quietErrors).push(e);
  }
  return {
    multiplicative,
    shape,
    busy: spreads(busyErrors, levels),
    quiet: spreads(quietErrors, levels),
    busyFrom,
  };
}

/** Distance below and above zero of the central `level` % of the errors, per level. */
function spreads(errors: number[], levels: readonly number[]): [number, number][] {
  const sorted = [...errors].sort((a, b) => a - b);
  const at = (q: number): number => {
    if (sorted.length === 0) return 0;
    const pos = q * (sorted.length - 1);
    const lo = Math.floor(pos);
    const hi = Math.min(sorted.length - 1, lo + 1);
    return (sorted[lo] as number) + ((sorted[hi] as number) - (sorted[lo] as number)) * (pos - lo);
  };
  return levels.map((level) => {
    const tail = (1 - level / 100) / 2;
    return [Math.max(0, -at(tail)), Math.max(0, at(1 - tail))];
  });
}
