import { probit } from 'simple-statistics';
import type { ForecastBand } from './forecast-types.ts';

/**
 * For too little history to backtest: the median of the last three values, with random-walk bands
 * from the typical step change (zero-width for one point), or zeros when nothing was observed.
 *
 * @example
 * naiveFallback(Float64Array.from([4, 5, 6]), 2, [80]).mean; // [5, 5]
 */
export function naiveFallback(
  actual: Float64Array,
  horizon: number,
  levels: number[],
): { mean: number[]; trend: number[]; bands: ForecastBand[] } {
  const finite = [...actual].filter((v) => !Number.isNaN(v));
  if (finite.length === 0) {
    const zero = new Array<number>(horizon).fill(0);
    return {
      mean: zero,
      trend: zero,
      bands: levels.map((level) => ({ level, lower: [...zero], upper: [...zero] })),
    };
  }
  const recent = finite.slice(-3).sort((a, b) => a - b);
  const level = recent[recent.length >> 1] as number;
  const steps = finite
    .slice(1)
    .map((v, i) => Math.abs(v - (finite[i] as number)))
    .sort((a, b) => a - b);
  const sigma = steps.length ? (steps[steps.length >> 1] as number) * 1.4826 : 0;
  const mean = new Array<number>(horizon).fill(level);
  const bands = levels.map((level) => {
    const q = probit(0.5 + level / 200);
    const width = mean.map((_, h) => q * sigma * Math.sqrt(h + 1));
    return {
      level,
      lower: mean.map((m, h) => m - (width[h] as number)),
      upper: mean.map((m, h) => m + (width[h] as number)),
    };
  });
  return { mean, trend: [...mean], bands };
}
