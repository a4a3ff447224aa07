import type { ForecastBand } from './forecast-types.ts';

/** The highest point of a forecast: what capacity must cover, and when. */
export interface ForecastPeak {
  /** Index into the forecast's steps. */
  readonly step: number;
  /** Start of that step (epoch ms UTC). */
  readonly at: number;
  /** The expected value at the peak. */
  readonly mean: number;
  /** Each band's range at the peak step. */
  readonly bands: { readonly level: number; readonly lower: number; readonly upper: number }[];
}

/**
 * The step with the highest expected value (the first of equal ones) with its bands, or `null` for
 * an empty forecast. Every view of a forecast (explanation, widget, dashboard, plan) quotes this one.
 *
 * @example
 * forecastPeak([0, 3_600_000], [4, 9], [{ level: 95, lower: [3, 7], upper: [5, 12] }]);
 * // { step: 1, at: 3_600_000, mean: 9, bands: [{ level: 95, lower: 7, upper: 12 }] }
 */
export function forecastPeak(
  timestamps: readonly number[],
  mean: readonly number[],
  bands: readonly ForecastBand[],
): ForecastPeak | null {
  if (mean.length === 0) return null;
  let step = 0;
  for (let h = 1; h < mean.length; h++) if ((mean[h] as number) > (mean[step] as number)) step = h;
  return {
    step,
    at: timestamps[step] as number,
    mean: mean[step] as number,
    bands: bands.map((b) => ({
      level: b.level,
      lower: b.lower[step] as number,
      upper: b.upper[step] as number,
    })),
  };
}
