/**
 * The core model: a robust double-seasonal exponential smoother with a damped trend (in the spirit of
 * Taylor's double seasonal Holt-Winters for load, written from the equations), run as one recursive
 * pass. Because every state only knows the past, the same pass yields honest multi-step forecast
 * errors at many rolling origins at almost no cost: they feed model selection, the quantile bands
 * and the backtest.
 */

/** Tunable parameters; `ar` is a per-step decay of the last error carried into the forecast. */
export interface SmootherParams {
  readonly alpha: number;
  readonly beta: number;
  readonly phi: number;
  readonly gammaDay: number;
  readonly gammaWeek: number;
  readonly useDay: boolean;
  readonly useWeek: boolean;
  readonly ar: number;
}

/** A transformed series on a grid, with slot indices for the history and the horizon. */
export interface SmootherDesign {
  /** Values in model units; NaN for gaps and for steps inside known events. */
  readonly z: Float64Array;
  readonly daySlot: Int32Array;
  readonly weekSlot: Int32Array;
  readonly slotsPerDay: number;
  /** Additive component known in advance (yearly profile), or undefined. */
  readonly offset?: Float64Array | undefined;
}

export interface SmootherState {
  level: number;
  trend: number;
  scale: number;
  lastError: number;
  /** Typical error per slot of the day: a pattern that recurs at one hour (a nightly batch job) is
   * learned there, while a one-off spike elsewhere is still clipped. */
  readonly slotScale: Float64Array;
  readonly day: Float64Array;
  readonly week: Float64Array;
}

/** Multi-step errors from rolling origins inside the history. */
export interface OriginRecords {
  count: number;
  readonly origin: Int32Array;
  readonly h: Int32Array;
  readonly target: Int32Array;
  readonly forecast: Float64Array;
}

export interface RecordPlan {
  readonly firstOrigin: number;
  readonly stride: number;
  readonly maxH: number;
  /** Beyond `DENSE_H` steps ahead only every `thin`-th horizon is recorded (they feed pooled
   * horizon buckets, so a sample of them is enough and much cheaper). */
  readonly thin: number;
}

export const DENSE_H = 32;

const CLIP = 3;
const SLOT_SCALE_RATE = 0.2;

// A Float64Array sorts numerically in native code; a comparator function runs once per comparison
// in JavaScript, which in a fresh process means in the interpreter.
function median(values: number[]): number {
  if (values.length === 0) return 0;
  const s = Float64Array.from(values).sort();
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/**
 * Median per slot of the values that are not NaN (0 for a slot without any). One buffer and an
 * insertion sort per slot: a slot holds at most two weeks of values, and a fresh process spent
 * more on thousands of small arrays than on the sorting.
 */
function slotMedians(values: Float64Array, slotOf: Int32Array, slots: number): Float64Array {
  const start = new Int32Array(slots + 1);
  for (let i = 0; i < values.length; i++) {
    if (!Number.isNaN(values[i] as number)) {
      const s = (slotOf[i] as number) + 1;
      start[s] = (start[s] as number) + 1;
    }
  }
  for (let s = 0; s < slots; s++) start[s + 1] = (start[s + 1] as number) + (start[s] as number);
  const sorted = new Float64Array(start[slots] as number);
  const fill = start.slice(0, slots);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (Number.isNaN(v)) continue;
    const s = slotOf[i] as number;
    sorted[fill[s] as number] = v;
    fill[s] = (fill[s] as number) + 1;
  }
  const out = new Float64Array(slots);
  for (let s = 0; s < slots; s++) {
    const a = start[s] as number;
    const b = start[s + 1] as number;
    for (let j = a + 1; j < b; j++) {
      const x = sorted[j] as number;
      let k = j - 1;
      while (k >= a && (sorted[k] as number) > x) {
        sorted[k + 1] = sorted[k] as number;
        k--;
      }
      sorted[k + 1] = x;
    }
    const len = b - a;
    if (len === 0) continue;
    const mid = a + (len >> 1);
    out[s] = len % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  }
  return out;
}

/**
 * Length of the stretch used to initialise the state: two weeks with a weekly profile, one week
 * with a daily one, else a day (at least 8 steps).
 *
 * @example
 * initWindow(1344, 24, true, true); // 336
 */
export function initWindow(n: number, slotsPerDay: number, useWeek: boolean, useDay: boolean): number {
  const want = useWeek ? 14 * slotsPerDay : useDay ? 7 * slotsPerDay : Math.max(8, slotsPerDay);
  return Math.min(n, want);
}

function initialState(design: SmootherDesign, p: SmootherParams, n: number): SmootherState {
  const { z, daySlot, weekSlot, slotsPerDay } = design;
  const off = design.offset;
  const spw = 7 * slotsPerDay;
  const window = initWindow(n, slotsPerDay, p.useWeek, p.useDay);
  const firstValues: number[] = [];
  for (let i = 0; i < window; i++) {
    const v = (z[i] as number) - (off ? (off[i] as number) : 0);
    if (!Number.isNaN(v)) firstValues.push(v);
  }
  const level = median(firstValues);
  const day = new Float64Array(slotsPerDay);
  const week = new Float64Array(spw);
  if (p.useDay) {
    const values = new Float64Array(window);
    for (let i = 0; i < window; i++) values[i] = (z[i] as number) - (off ? (off[i] as number) : 0) - level;
    const medians = slotMedians(values, daySlot, slotsPerDay);
    let sum = 0;
    for (let s = 0; s < slotsPerDay; s++) {
      day[s] = medians[s] as number;
      sum += day[s] as number;
    }
    for (let s = 0; s < slotsPerDay; s++) day[s] = (day[s] as number) - sum / slotsPerDay;
  }
  if (p.useWeek) {
    const values = new Float64Array(window);
    for (let i = 0; i < window; i++)
      values[i] =
        (z[i] as number) - (off ? (off[i] as number) : 0) - level - (day[daySlot[i] as number] as number);
    week.set(slotMedians(values, weekSlot, spw));
  }
  const deviations: number[] = [];
  for (let i = 0; i < window; i++) {
    const v = (z[i] as number) - (off ? (off[i] as number) : 0);
    if (!Number.isNaN(v))
      deviations.push(
        Math.abs(v - level - (day[daySlot[i] as number] as number) - (week[weekSlot[i] as number] as number)),
      );
  }
  const scale = Math.max(median(deviations) * 1.2, scaleFloor(firstValues));
  return {
    level,
    trend: 0,
    scale,
    lastError: 0,
    day,
    week,
    slotScale: new Float64Array(slotsPerDay).fill(scale),
  };
}

const initCache = new WeakMap<SmootherDesign, Map<string, SmootherState>>();

/** The initial state depends only on the design and the seasonal structure: compute it once. */
function cachedInitialState(design: SmootherDesign, p: SmootherParams, n: number): SmootherState {
  let byKey = initCache.get(design);
  if (!byKey) {
    byKey = new Map();
    initCache.set(design, byKey);
  }
  const key = `${n}:${p.useDay}:${p.useWeek}`;
  let st = byKey.get(key);
  if (!st) {
    st = initialState(design, p, n);
    byKey.set(key, st);
  }
  return { ...st, day: st.day.slice(), week: st.week.slice(), slotScale: st.slotScale.slice() };
}

function scaleFloor(values: number[]): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) m = Math.max(m, Math.abs(values[i] as number));
  return 1e-9 * m + 1e-300;
}

/**
 * Allocates record storage for a plan over `n` observed steps.
 *
 * @example
 * allocateRecords(1344, { firstOrigin: 448, stride: 9, maxH: 24, thin: 1 }).count; // 0
 */
export function allocateRecords(n: number, plan: RecordPlan): OriginRecords {
  const origins = plan.firstOrigin >= n ? 0 : Math.ceil((n - plan.firstOrigin) / plan.stride);
  const dense = Math.min(plan.maxH, DENSE_H);
  const size = origins * (dense + Math.floor(plan.maxH / plan.thin) - Math.floor(dense / plan.thin));
  return {
    count: 0,
    origin: new Int32Array(size),
    h: new Int32Array(size),
    target: new Int32Array(size),
    forecast: new Float64Array(size),
  };
}

/**
 * Runs the filter over the `n` observed steps. When `records` is given, it stores the forecast of
 * every step up to `plan.maxH` ahead from each origin of the plan (before seeing that step); when
 * `predictions` is given, it receives the one-step prediction (without the error carry-over) of every
 * step, which for a run of gaps or event steps is the forecast from just before them.
 * Returns the final state.
 *
 * @example
 * const state = runSmoother(design, params, n);
 * const path = forecastPath(design, params, state, n, 24);
 */
export function runSmoother(
  design: SmootherDesign,
  p: SmootherParams,
  n: number,
  plan?: RecordPlan,
  records?: OriginRecords,
  predictions?: Float64Array,
): SmootherState {
  const st = cachedInitialState(design, p, n);
  const recording = plan !== undefined && records !== undefined;
  smootherPass(
    design.z,
    design.daySlot,
    design.weekSlot,
    design.offset,
    design.slotsPerDay,
    st.day,
    st.week,
    st.slotScale,
    p.alpha,
    p.beta,
    p.phi,
    p.gammaDay,
    p.gammaWeek,
    p.useDay,
    p.useWeek,
    p.ar,
    n,
    recording ? plan.firstOrigin : n,
    recording ? plan.stride : 1,
    recording ? plan.maxH : 0,
    recording ? plan.thin : 1,
    records,
    predictions,
    st.level,
    st.trend,
    st.scale,
    st.lastError,
  );
  return {
    level: passEnd[0] as number,
    trend: passEnd[1] as number,
    scale: passEnd[2] as number,
    lastError: passEnd[3] as number,
    day: st.day,
    week: st.week,
    slotScale: st.slotScale,
  };
}

/** Level, trend, scale and last error after the latest `smootherPass`. */
const passEnd = new Float64Array(4);

/*
 * The pass and its record loop take numbers and arrays only, never the parameter or state objects.
 * This is most of a forecast's time, and a fresh process (the CLI contract) runs it while V8 is
 * still learning the objects' layouts: the first fractional value stored where an integer stood
 * (phi 1 -> 0.998, a trend of 0 -> 0.01) changes an object's hidden class, which threw away the
 * optimised code of every function that had seen the old one, several times per forecast.
 */
function smootherPass(
  z: Float64Array,
  daySlot: Int32Array,
  weekSlot: Int32Array,
  off: Float64Array | undefined,
  slotsPerDay: number,
  day: Float64Array,
  week: Float64Array,
  slotScale: Float64Array,
  alpha: number,
  beta: number,
  phi: number,
  gammaDay: number,
  gammaWeek: number,
  useDay: boolean,
  useWeek: boolean,
  ar: number,
  n: number,
  firstOrigin: number,
  stride: number,
  maxH: number,
  thin: number,
  records: OriginRecords | undefined,
  predictions: Float64Array | undefined,
  level: number,
  trend: number,
  scale: number,
  lastError: number,
): void {
  const floor = scale * 1e-6 + 1e-300;
  const shiftRun = Math.max(3, Math.round(slotsPerDay / 4));
  const runErrors: number[] = [];
  let runSign = 0;
  const scaleRate = 0.05;
  for (let t = 0; t < n; t++) {
    if (t >= firstOrigin && (t - firstOrigin) % stride === 0)
      recordOrigin(
        z,
        daySlot,
        weekSlot,
        off,
        day,
        week,
        phi,
        ar,
        useDay,
        useWeek,
        t,
        Math.min(n, t + maxH),
        thin,
        level,
        trend,
        lastError,
        records as OriginRecords,
      );
    const ds = daySlot[t] as number;
    const ws = weekSlot[t] as number;
    const seasonal = (useDay ? (day[ds] as number) : 0) + (useWeek ? (week[ws] as number) : 0);
    const zt = (z[t] as number) - (off ? (off[t] as number) : 0);
    if (predictions) predictions[t] = level + phi * trend + seasonal + (off ? (off[t] as number) : 0);
    if (Number.isNaN(zt)) {
      level += phi * trend;
      trend *= phi;
      lastError *= ar;
      continue;
    }
    const e = zt - (level + phi * trend + seasonal + ar * lastError);
    const ownScale = slotScale[ds] as number;
    const limit = CLIP * Math.max(ownScale, scale);
    let ec = e;
    if (e > limit) ec = limit;
    else if (e < -limit) ec = -limit;
    if (ec !== e) {
      const sign = e > 0 ? 1 : -1;
      if (sign !== runSign) {
        runErrors.length = 0;
        runSign = sign;
      }
      runErrors.push(e);
    } else if (runSign !== 0) {
      runErrors.length = 0;
      runSign = 0;
    }
    level += phi * trend + alpha * ec;
    trend = phi * trend + beta * ec;
    if (useDay) day[ds] = (day[ds] as number) + gammaDay * ec;
    if (useWeek) week[ws] = (week[ws] as number) + gammaWeek * ec;
    lastError = ar * lastError + ec;
    const bounded = Math.min(Math.abs(e), limit);
    scale = Math.max(floor, (1 - scaleRate) * scale + scaleRate * bounded);
    slotScale[ds] = (1 - SLOT_SCALE_RATE) * ownScale + SLOT_SCALE_RATE * bounded;
    if (runErrors.length >= shiftRun) {
      // A run of same-signed outliers is a level shift, not a spike: follow the new level.
      level += median(runErrors) - (shiftRun / 2) * alpha * limit * runSign;
      trend = 0;
      lastError = 0;
      runErrors.length = 0;
      runSign = 0;
    }
  }
  passEnd[0] = level;
  passEnd[1] = trend;
  passEnd[2] = scale;
  passEnd[3] = lastError;
}

/** Stores the forecasts from origin `t` (state before step `t`) of every recorded step up to `last`. */
function recordOrigin(
  z: Float64Array,
  daySlot: Int32Array,
  weekSlot: Int32Array,
  off: Float64Array | undefined,
  day: Float64Array,
  week: Float64Array,
  phi: number,
  ar: number,
  useDay: boolean,
  useWeek: boolean,
  t: number,
  last: number,
  thin: number,
  level: number,
  trend: number,
  lastError: number,
  records: OriginRecords,
): void {
  const { origin, h: ahead, target, forecast } = records;
  let damp = 1;
  let cum = 0;
  let arTerm = lastError;
  let k = records.count;
  for (let j = t; j < last; j++) {
    damp *= phi;
    cum += damp;
    arTerm *= ar;
    const h = j - t + 1;
    if (!Number.isNaN(z[j] as number) && (h <= DENSE_H || h % thin === 0)) {
      origin[k] = t;
      ahead[k] = h;
      target[k] = j;
      forecast[k] =
        level +
        cum * trend +
        (useDay ? (day[daySlot[j] as number] as number) : 0) +
        (useWeek ? (week[weekSlot[j] as number] as number) : 0) +
        arTerm +
        (off ? (off[j] as number) : 0);
      k++;
    }
  }
  records.count = k;
}

/**
 * Forecast in model units for `horizon` steps after `n` observed ones, with its trend part.
 *
 * @example
 * const { mean, trend } = forecastPath(design, params, runSmoother(design, params, n), n, 24);
 */
export function forecastPath(
  design: SmootherDesign,
  p: SmootherParams,
  st: SmootherState,
  n: number,
  horizon: number,
): { mean: Float64Array; trend: Float64Array } {
  const mean = new Float64Array(horizon);
  const trend = new Float64Array(horizon);
  let damp = 1;
  let cum = 0;
  let arTerm = st.lastError;
  const off = design.offset;
  for (let h = 0; h < horizon; h++) {
    const j = n + h;
    damp *= p.phi;
    cum += damp;
    arTerm *= p.ar;
    trend[h] = st.level + cum * st.trend + (off ? (off[j] as number) : 0);
    mean[h] =
      (trend[h] as number) +
      (p.useDay ? (st.day[design.daySlot[j] as number] as number) : 0) +
      (p.useWeek ? (st.week[design.weekSlot[j] as number] as number) : 0) +
      arTerm;
  }
  return { mean, trend };
}
