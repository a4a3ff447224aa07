import type { ForecastBacktest } from './forecast-types.ts';
import { fromModel, type Selection } from './model-selection.ts';
import { naiveLag } from './naive-lag.ts';
import { CALIBRATION, conformalQuantile, fitBands } from './quantile-bands.ts';

/**
 * Rolling-origin backtest of the selected model from the records of its fitting pass: MASE of the
 * model and of the daily seasonal naive at the same origins and horizons (scaled by the in-sample
 * MAE of the one-day seasonal difference), and the coverage of bands learned on the second
 * third of the origins and scored on the last third (so the coverage is out of sample; the first
 * third, where the model is still settling, is skipped as in the forecast's own bands). From the
 * same held-out origins comes the factor by which the forecast widens a band that would not have
 * held its level there.
 * `start` and `stepMs` place `y` in time (for the period the coverage speaks about).
 *
 * @example
 * const bt = backtest(selection, y, [80, 95], { start, stepMs: 3_600_000 });
 * bt?.coverage; // [{ level: 80, observed: 0.81 }, { level: 95, observed: 0.95 }]
 */
export function backtest(
  sel: Selection,
  y: Float64Array,
  levels: readonly number[],
  grid: { readonly start: number; readonly stepMs: number },
): ForecastBacktest | null {
  const { records, design, transform, plan } = sel;
  const lag = design.slotsPerDay;
  const n = y.length;
  let scaleSum = 0;
  let scaleCount = 0;
  for (let i = lag; i < n; i++) {
    const d = (y[i] as number) - (y[i - lag] as number);
    if (!Number.isNaN(d)) {
      scaleSum += Math.abs(d);
      scaleCount++;
    }
  }
  const scale = scaleCount ? scaleSum / scaleCount : 0;
  let ours = 0;
  let naive = 0;
  let count = 0;
  for (let k = 0; k < records.count; k++) {
    const target = records.target[k] as number;
    const h = records.h[k] as number;
    const past = target - lag * Math.ceil(h / lag);
    const actual = y[target] as number;
    const naiveValue = past >= 0 ? (y[past] as number) : Number.NaN;
    if (Number.isNaN(naiveValue) || Number.isNaN(actual)) continue;
    ours += Math.abs(fromModel(transform, records.forecast[k] as number) - actual);
    naive += Math.abs(naiveValue - actual);
    count++;
  }
  if (count === 0) return null;
  const denom = scale > 0 ? scale * count : count;
  const settled = plan.firstOrigin + Math.floor((n - plan.firstOrigin) / 3);
  const split = plan.firstOrigin + Math.floor(((n - plan.firstOrigin) * 2) / 3);
  const bands = fitBands(
    records,
    design.z,
    design.daySlot,
    design.slotsPerDay,
    levels,
    plan.maxH,
    (o) => o >= settled && o < split,
    naiveLag(sel),
  );
  let heldOrigins = 0;
  for (let o = plan.firstOrigin; o < n; o += plan.stride) if (o >= split) heldOrigins++;
  const coverage = levels.map((level, li) => {
    if (!bands) return { level, observed: Number.NaN, widening: 1 };
    let inside = 0;
    let held = 0;
    for (let k = 0; k < records.count; k++) if ((records.origin[k] as number) >= split) held++;
    const reach = new Float64Array(held);
    let r = 0;
    for (let k = 0; k < records.count; k++) {
      if ((records.origin[k] as number) < split) continue;
      const target = records.target[k] as number;
      // bandOffsets, without a pair per record.
      const at = (records.h[k] as number) - 1;
      const scale = bands.slotScale[design.daySlot[target] as number] as number;
      const lo = ((bands.lower[li] as Float64Array)[at] as number) * scale;
      const hi = ((bands.upper[li] as Float64Array)[at] as number) * scale;
      const e = (design.z[target] as number) - (records.forecast[k] as number);
      if (e >= lo && e <= hi) inside++;
      // How far out the error reaches, in band widths: at most 1 means inside.
      const bound = e >= 0 ? hi : lo;
      reach[r++] = e === 0 ? 0 : bound !== 0 ? e / bound : Number.POSITIVE_INFINITY;
    }
    return {
      level,
      observed: reach.length ? inside / reach.length : Number.NaN,
      widening: widening(reach, level, heldOrigins),
    };
  });
  let origins = 0;
  for (let o = plan.firstOrigin; o < n; o += plan.stride) origins++;
  return {
    origins,
    horizon: plan.maxH,
    mase: ours / denom,
    maseSeasonalNaive: naive / denom,
    coverage,
    from: grid.start + split * grid.stepMs,
    to: grid.start + n * grid.stepMs,
  };
}

/**
 * The factor that would have made the band cover its level on the held-out origins, kept between
 * 1 and `CALIBRATION.maxWidening`: bands learned on past errors run narrow when the series drifts,
 * so the forecast widens them by what its own backtest shows (and never narrows them). The
 * quantile counts origins, not errors, as the bands do (see `conformalQuantile`).
 */
function widening(reach: Float64Array, level: number, origins: number): number {
  if (reach.length < 50) return 1;
  const need = conformalQuantile(reach.sort(), level / 100, origins);
  return Number.isFinite(need)
    ? Math.min(CALIBRATION.maxWidening, Math.max(1, need))
    : CALIBRATION.maxWidening;
}
