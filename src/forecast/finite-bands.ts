import type { ForecastBand } from './forecast-types.ts';

/**
 * Keeps outputs finite (a log model can overflow far out), at or above zero for a series that never
 * went negative, bands around the mean and wider levels around narrower ones. Mutates the arrays it is given (they are fresh arrays of one forecast).
 *
 * @example
 * finiteBands(mean, bands, observed);
 */
export function finiteBands(mean: number[], bands: ForecastBand[], actual: Float64Array): void {
  let big = 0;
  let nonNegative = true;
  for (let i = 0; i < actual.length; i++) {
    const v = actual[i] as number;
    if (Number.isNaN(v)) continue;
    big = Math.max(big, Math.abs(v));
    if (v < 0) nonNegative = false;
  }
  const cap = big > 0 ? big * 1e6 : Number.MAX_VALUE / 4;
  // A series that was never negative (load, counts, bytes) is not forecast below zero either.
  const floor = nonNegative ? 0 : -cap;
  const fix = (v: number): number =>
    Number.isFinite(v) ? Math.max(floor, Math.min(cap, v)) : v > 0 ? cap : floor;
  for (let h = 0; h < mean.length; h++) {
    mean[h] = Number.isNaN(mean[h] as number) ? 0 : fix(mean[h] as number);
    for (const band of bands) {
      band.lower[h] = Math.min(
        mean[h] as number,
        Number.isNaN(band.lower[h] as number) ? (mean[h] as number) : fix(band.lower[h] as number),
      );
      band.upper[h] = Math.max(
        mean[h] as number,
        Number.isNaN(band.upper[h] as number) ? (mean[h] as number) : fix(band.upper[h] as number),
      );
    }
  }
  // Wider levels contain narrower ones.
  for (let b = 1; b < bands.length; b++) {
    const inner = bands[b - 1] as ForecastBand;
    const outer = bands[b] as ForecastBand;
    for (let h = 0; h < mean.length; h++) {
      outer.lower[h] = Math.min(outer.lower[h] as number, inner.lower[h] as number);
      outer.upper[h] = Math.max(outer.upper[h] as number, inner.upper[h] as number);
    }
  }
}
