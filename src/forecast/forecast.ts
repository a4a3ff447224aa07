import { DomainError } from '../domain/errors.ts';
import { isTimeZone } from '../domain/zone-offset.ts';
import { backtest } from './backtest.ts';
import { yearlyProfile } from './daily-resolution.ts';
import { ensembleForecast } from './ensemble-forecast.ts';
import { applyEventEffects, eventEffects, eventIndex } from './event-effects.ts';
import { explainForecast } from './explain-peak.ts';
import { finiteBands } from './finite-bands.ts';
import { forecastPeak } from './forecast-peak.ts';
import type { ForecastBand, ForecastInput, ForecastResult } from './forecast-types.ts';
import { localSlots } from './local-slots.ts';
import { type GridRequest, longHorizon } from './long-horizon.ts';
import { fromModel, selectModel, toModel } from './model-selection.ts';
import { naiveFallback } from './naive-fallback.ts';
import { naiveLag } from './naive-lag.ts';
import { bandOffsets, fitBands } from './quantile-bands.ts';

const DAY_MS = 86_400_000;
const DAILY_AFTER_MS = 62 * DAY_MS;
const DEFAULT_LEVELS = [80, 95, 99];

function validate(input: ForecastInput): void {
  const fail = (pointer: string, detail: string): never => {
    throw new DomainError('validation', detail, [{ pointer, detail }]);
  };
  if (!Number.isFinite(input.start)) fail('/start', 'start must be a finite epoch-ms timestamp');
  if (!(Number.isFinite(input.stepMs) && input.stepMs > 0))
    fail('/stepMs', 'stepMs must be a positive number');
  if (!(Number.isInteger(input.horizon) && input.horizon >= 1))
    fail('/horizon', 'horizon must be a positive integer');
  for (const [i, l] of (input.levels ?? []).entries()) {
    if (!(Number.isFinite(l) && l > 0 && l < 100))
      fail(`/levels/${i}`, 'each level must be a percentage between 0 and 100');
  }
  for (const [i, e] of (input.events ?? []).entries()) {
    if (!(Number.isFinite(e.start) && Number.isFinite(e.end) && e.end > e.start)) {
      fail(`/events/${i}`, 'an event needs finite start and end instants with end after start');
    }
    if (e.expectedUplift !== undefined && !(Number.isFinite(e.expectedUplift) && e.expectedUplift > -1)) {
      fail(`/events/${i}/expectedUplift`, 'expectedUplift must be a number above -1 (0.8 means +80 %)');
    }
  }
  if (input.timeZone !== undefined && !isTimeZone(input.timeZone))
    fail('/timeZone', `unknown time zone ${input.timeZone}`);
}

/**
 * Forecasts a regular series: robust double-seasonal exponential smoothing in local time with a
 * damped trend, chosen per series by a rolling-origin backtest; empirical quantile bands from the
 * same backtest; holidays as Sundays; known events as learned multiplicative uplifts.
 * On a sub-daily grid, steps beyond 62 days come from a model of daily means per local day (with a
 * yearly profile once two years of days exist) spread over the input grid, unless
 * `resolution: 'native'`; the answer stays on the input grid, so the peak keeps its hour and height.
 *
 * @example
 * const r = forecast({ start: Date.UTC(2026, 0, 5), stepMs: 3_600_000, values, horizon: 168, levels: [80, 95] });
 * r.mean.length; // 168
 * r.bands[1]?.upper[0]; // upper end of the 95 % band one hour ahead
 */
export function forecast(input: ForecastInput): ForecastResult {
  validate(input);
  const levels = [...(input.levels ?? DEFAULT_LEVELS)].sort((a, b) => a - b);
  const timeZone = input.timeZone ?? 'Europe/Berlin';
  const daily =
    input.resolution !== 'native' && input.stepMs < DAY_MS && input.horizon * input.stepMs > DAILY_AFTER_MS;
  if (!daily) return forecastGrid({ ...input, timeZone, levels }, 'native');
  return longHorizon({ ...input, timeZone, levels }, DAILY_AFTER_MS, forecastGrid);
}

const RECENT_WEEKS = 26;
const RECENT_STEPS = 20_000;

/**
 * Where model selection starts on a sub-daily grid. Older history adds cost but no skill there:
 * the state has long settled, and without a yearly term (only the daily path has one) old data
 * would only feed the backtest. Selection sees the last 26 weeks, or 20,000 steps (but at least
 * 8 weeks) on fine grids; the final fit still runs over all of the history, which is how past
 * events of any age are measured.
 */
function selectionStart(n: number, stepMs: number): number {
  const weekSteps = Math.ceil((7 * DAY_MS) / stepMs);
  return Math.max(0, n - Math.min(RECENT_WEEKS * weekSteps, Math.max(8 * weekSteps, RECENT_STEPS)));
}

function forecastGrid(input: GridRequest, resolution: 'native' | 'daily'): ForecastResult {
  const { start, stepMs, horizon, levels, timeZone } = input;
  const n = input.values.length;
  const total = n + horizon;
  const slots = localSlots(start, stepMs, total, timeZone, input.federalState);
  const events = input.events ?? [];
  // A daily grid steps from local noon; events are matched to whole local days.
  const index = eventIndex(events, resolution === 'daily' ? start - DAY_MS / 2 : start, stepMs, total);
  const actual = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = input.values[i];
    actual[i] = v === null || v === undefined || !Number.isFinite(v) ? Number.NaN : v;
    y[i] = index[i] ? Number.NaN : (actual[i] as number);
  }
  const timestamps = Array.from({ length: horizon }, (_, h) => start + (n + h) * stepMs);
  // Daily grids (aggregated or given) keep all their history: the yearly profile needs it.
  const dailyGrid = slots.slotsPerDay === 1;
  const tail = dailyGrid ? 0 : selectionStart(n, stepMs);
  const sel = selectModel({
    y: y.subarray(tail),
    daySlot: slots.daySlot.subarray(tail),
    weekSlot: slots.weekSlot.subarray(tail),
    slotsPerDay: slots.slotsPerDay,
    horizon,
    offsetFor: dailyGrid ? (z) => yearlyProfile(z, slots.localDay) : undefined,
  });
  const bt = sel ? backtest(sel, y.subarray(tail), levels, { start: start + tail * stepMs, stepMs }) : null;
  const widen = bt ? bt.coverage.map((c) => c.widening) : [];
  let mean: number[];
  let trend: number[];
  let bands: ForecastBand[];
  const baseline = new Float64Array(n).fill(Number.NaN);
  let model: string;
  let params: Record<string, number | boolean> = {};
  let dailyProfile: number[] = [];
  let weeklyProfile: number[] = [];
  let transform: 'none' | 'log' = 'none';
  if (sel) {
    const m = n - tail;
    // Past events older than the selected stretch are measured on a run over the whole history.
    const history = index.subarray(0, tail).some((k) => k > 0)
      ? {
          z: y.map((v) => toModel(sel.transform, v)),
          daySlot: slots.daySlot,
          weekSlot: slots.weekSlot,
          slotsPerDay: slots.slotsPerDay,
        }
      : undefined;
    // Without events there is nothing to measure against the baseline predictions.
    const { path, predictions, state } = ensembleForecast(sel, m, horizon, events.length > 0, history);
    // Errors of the first third of the origins reflect a model still settling in: bands skip them.
    const settled = sel.plan.firstOrigin + Math.floor((m - sel.plan.firstOrigin) / 3);
    const fitted = fitBands(
      sel.records,
      sel.design.z,
      sel.design.daySlot,
      slots.slotsPerDay,
      levels,
      sel.plan.maxH,
      (o) => o >= settled,
      naiveLag(sel),
    );
    const back = (z: number): number => fromModel(sel.transform, z);
    mean = [...path.mean].map(back);
    trend = [...path.trend].map(back);
    bands = levels.map((level, li) => {
      const lower: number[] = [];
      const upper: number[] = [];
      path.mean.forEach((z, h) => {
        const [lo, hi] = fitted ? bandOffsets(fitted, li, h + 1, slots.daySlot[n + h] as number) : [0, 0];
        lower.push(back(z + lo * (widen[li] ?? 1)));
        upper.push(back(z + hi * (widen[li] ?? 1)));
      });
      return { level, lower, upper };
    });
    if (predictions) {
      const fittedValues = predictions.map(back);
      baseline.set(fittedValues, n - fittedValues.length);
    }
    transform = sel.transform.kind;
    const p = sel.params;
    params = { ...p, shift: sel.transform.shift, members: sel.members.length };
    dailyProfile = p.useDay ? [...state.day] : [];
    weeklyProfile = p.useWeek ? [...state.week] : [];
    const parts = [
      sel.transform.kind === 'log' ? 'log' : 'linear',
      p.useWeek ? 'daily+weekly' : p.useDay ? 'daily' : 'non-seasonal',
    ];
    if (p.beta > 0) parts.push('damped trend');
    if (sel.design.offset) parts.push('yearly');
    model = `robust-seasonal-es(${parts.join(', ')})`;
  } else {
    ({ mean, trend, bands } = naiveFallback(actual, horizon, levels));
    model = mean.length && Number.isNaN(lastFinite(actual)) ? 'empty' : 'naive-level';
  }
  const effects = eventEffects(events, index, actual, baseline, n);
  applyEventEffects(effects, index, n, mean, bands);
  finiteBands(mean, bands, actual);
  return {
    model,
    resolution,
    stepMs,
    timestamps,
    mean,
    bands,
    components: {
      transform,
      trend,
      dailyProfile,
      weeklyProfile,
      yearly: Boolean(sel?.design.offset),
      events: effects,
      params,
    },
    ...explainForecast({ timestamps, mean, trend, effects, index, n, timeZone, model, stepMs, bands }),
    peak: forecastPeak(timestamps, mean, bands),
    backtest: bt,
  };
}

function lastFinite(values: Float64Array): number {
  for (let i = values.length - 1; i >= 0; i--)
    if (!Number.isNaN(values[i] as number)) return values[i] as number;
  return Number.NaN;
}
