import {
  allocateRecords,
  initWindow,
  type OriginRecords,
  type RecordPlan,
  runSmoother,
  type SmootherDesign,
  type SmootherParams,
  type SmootherState,
} from './seasonal-smoother.ts';

/** Variance-stabilising transform: `log(y + shift)` for non-negative data, else identity. */
export interface Transform {
  readonly kind: 'none' | 'log';
  readonly shift: number;
}

/**
 * Back to the original scale.
 *
 * @example
 * fromModel({ kind: 'log', shift: 1 }, Math.log(3)); // 2
 */
export function fromModel(t: Transform, z: number): number {
  return t.kind === 'log' ? Math.exp(z) - t.shift : z;
}

/**
 * Into model units.
 *
 * @example
 * toModel({ kind: 'log', shift: 1 }, 2); // Math.log(3)
 */
export function toModel(t: Transform, y: number): number {
  return t.kind === 'log' ? Math.log(y + t.shift) : y;
}

export interface GridInput {
  /** Observed values in original units, NaN for gaps and event steps; length n. */
  readonly y: Float64Array;
  readonly daySlot: Int32Array;
  readonly weekSlot: Int32Array;
  readonly slotsPerDay: number;
  readonly horizon: number;
  /** Builds an additive known component (yearly profile) from model-unit values, if any. */
  readonly offsetFor?: ((z: Float64Array) => Float64Array | undefined) | undefined;
}

export interface Selection {
  readonly transform: Transform;
  /** The best parameters; `members` holds the ensemble (the best first) whose mean is the forecast. */
  readonly params: SmootherParams;
  readonly members: readonly SmootherParams[];
  /** Each member's state after the observed steps, from its selection pass (the forecast starts there). */
  readonly states: readonly SmootherState[];
  readonly design: SmootherDesign;
  readonly plan: RecordPlan;
  readonly records: OriginRecords;
  /** Mean absolute multi-step error of the chosen model over the backtest origins. */
  readonly loss: number;
}

const DAY_PER_STEP_DAMPING = 0.9;
/** Rolling origins per backtest: enough for stable band quantiles, few enough to stay fast. */
const ORIGINS = 100;

function candidateTransforms(y: Float64Array): Transform[] {
  let min = Number.POSITIVE_INFINITY;
  const positives: number[] = [];
  for (let i = 0; i < y.length; i++) {
    const v = y[i] as number;
    if (Number.isNaN(v)) continue;
    if (v < min) min = v;
    if (v > 0) positives.push(v);
  }
  const out: Transform[] = [{ kind: 'none', shift: 0 }];
  if (min >= 0 && positives.length >= 8) {
    const med = Float64Array.from(positives).sort()[positives.length >> 1] as number;
    out.push({ kind: 'log', shift: 0.1 * med });
  }
  return out;
}

/**
 * Chooses transform, seasonal structure and smoothing parameters by coordinate descent on the
 * mean absolute error of multi-step forecasts from rolling origins inside the history, at the
 * horizons that were asked for. Returns `undefined` when the history is too short to backtest.
 *
 * @example
 * const sel = selectModel({ y, daySlot, weekSlot, slotsPerDay: 24, horizon: 24 });
 * sel?.params.alpha;
 */
export function selectModel(input: GridInput): Selection | undefined {
  const { y, daySlot, weekSlot, slotsPerDay, horizon } = input;
  const n = y.length;
  let finite = 0;
  for (let i = 0; i < n; i++) if (!Number.isNaN(y[i] as number)) finite++;
  if (finite < 12 || n < 16) return undefined;
  const dayAllowed = slotsPerDay > 1 && n >= 3 * slotsPerDay;
  const weekAllowed = n >= 21 * slotsPerDay;
  const firstOrigin = Math.min(
    Math.max(initWindow(n, slotsPerDay, weekAllowed, dayAllowed), Math.floor(n / 3)),
    Math.floor((2 * n) / 3),
  );
  const maxH = Math.max(1, Math.min(horizon, 400, n - firstOrigin));
  const plan: RecordPlan = {
    thin: Math.max(1, Math.ceil(maxH / 96)),
    firstOrigin,
    stride: Math.max(1, Math.ceil((n - firstOrigin) / ORIGINS)),
    maxH,
  };
  const designs = new Map<string, SmootherDesign>();
  const designFor = (t: Transform): SmootherDesign => {
    const key = `${t.kind}${t.shift}`;
    let d = designs.get(key);
    if (!d) {
      const z = new Float64Array(n + 0);
      for (let i = 0; i < n; i++) z[i] = toModel(t, y[i] as number);
      d = { z, daySlot, weekSlot, slotsPerDay, offset: input.offsetFor?.(z) };
      designs.set(key, d);
    }
    return d;
  };
  // Record buffers of candidates that can no longer join the ensemble are reused: allocating
  // (and zeroing, and collecting) one per candidate cost more than the smoother pass itself.
  const spare: OriginRecords[] = [];
  const evaluate = (
    t: Transform,
    p: SmootherParams,
  ): { loss: number; records: OriginRecords; state: SmootherState } => {
    const design = designFor(t);
    const records = spare.pop() ?? allocateRecords(n, plan);
    records.count = 0;
    const state = runSmoother(design, p, n, plan, records);
    let sum = 0;
    const isLog = t.kind === 'log';
    for (let k = 0; k < records.count; k++) {
      const f = records.forecast[k] as number;
      sum += Math.abs((isLog ? Math.exp(f) - t.shift : f) - (y[records.target[k] as number] as number));
    }
    const loss = records.count ? sum / records.count : Number.POSITIVE_INFINITY;
    return { loss: Number.isFinite(loss) ? loss : Number.POSITIVE_INFINITY, records, state };
  };

  const phiTrend = DAY_PER_STEP_DAMPING ** (1 / slotsPerDay);
  let best = {
    t: { kind: 'none', shift: 0 } as Transform,
    p: {
      alpha: 0.05,
      beta: 0,
      phi: 1,
      gammaDay: 0.1,
      gammaWeek: 0.15,
      useDay: false,
      useWeek: false,
      ar: 0,
    } as SmootherParams,
    loss: Number.POSITIVE_INFINITY,
    records: undefined as OriginRecords | undefined,
    state: undefined as SmootherState | undefined,
  };
  const tried: {
    t: Transform;
    p: SmootherParams;
    loss: number;
    records: OriginRecords | undefined;
    state: SmootherState | undefined;
  }[] = [];
  const seen = new Set<string>();
  const tryCandidate = (t: Transform, p: SmootherParams): void => {
    const key = JSON.stringify([t, p]);
    if (seen.has(key)) return;
    seen.add(key);
    const r = evaluate(t, p);
    tried.push({ t, p, loss: r.loss, records: r.records, state: r.state });
    if (r.loss < best.loss) best = { t, p, loss: r.loss, records: r.records, state: r.state };
    // Only the best few of a transform can become ensemble members (the best of all among them).
    const rivals = tried.filter((c) => c.t === t && c.records).sort((a, b) => a.loss - b.loss);
    rivals.forEach((c, rank) => {
      if ((rank >= ENSEMBLE || !Number.isFinite(c.loss)) && c.records) {
        spare.push(c.records);
        c.records = undefined;
        c.state = undefined;
      }
    });
  };
  const seasons: [boolean, boolean][] = [[false, false]];
  if (dayAllowed) seasons.push([true, false]);
  if (weekAllowed) seasons.push([true, true]);
  for (const t of candidateTransforms(y)) {
    for (const [useDay, useWeek] of seasons) tryCandidate(t, { ...best.p, useDay, useWeek });
  }
  for (let round = 0; round < 2; round++) {
    for (const alpha of [0.01, 0.03, 0.1, 0.3]) tryCandidate(best.t, { ...best.p, alpha });
    if (best.p.useDay)
      for (const gammaDay of [0.03, 0.1, 0.3, 0.6]) tryCandidate(best.t, { ...best.p, gammaDay });
    if (best.p.useWeek)
      for (const gammaWeek of [0.05, 0.15, 0.4, 0.7]) tryCandidate(best.t, { ...best.p, gammaWeek });
    for (const ar of [0, 0.5, 0.8, 0.95])
      tryCandidate(best.t, { ...best.p, ar: ar ** (24 / Math.max(24, slotsPerDay)) });
    if (round === 0) tryCandidate(best.t, { ...best.p, beta: best.p.alpha * 0.02, phi: phiTrend });
  }
  if (!best.records) return undefined;
  const chosen = best;
  // Averaging the best few neighbours of the winner is steadier than the winner alone.
  const members = tried
    .filter((c) => c.t === chosen.t && Number.isFinite(c.loss))
    .sort((a, b) => a.loss - b.loss)
    .slice(0, ENSEMBLE);
  const combined = combineRecords(members.map((m) => m.records as OriginRecords));
  let loss = 0;
  for (let k = 0; k < combined.count; k++) {
    loss += Math.abs(
      fromModel(chosen.t, combined.forecast[k] as number) - (y[combined.target[k] as number] as number),
    );
  }
  loss /= Math.max(1, combined.count);
  const useEnsemble = members.length > 1 && loss < chosen.loss;
  return {
    transform: chosen.t,
    params: chosen.p,
    members: useEnsemble ? members.map((m) => m.p) : [chosen.p],
    states: (useEnsemble ? members.map((m) => m.state) : [chosen.state]) as SmootherState[],
    design: designFor(chosen.t),
    plan,
    records: useEnsemble ? combined : (chosen.records as OriginRecords),
    loss: useEnsemble ? loss : chosen.loss,
  };
}

const ENSEMBLE = 3;

/** Mean forecast of records that share one layout (same plan, same gaps). */
function combineRecords(all: OriginRecords[]): OriginRecords {
  const first = all[0] as OriginRecords;
  const forecast = new Float64Array(first.count);
  for (const r of all) {
    for (let k = 0; k < first.count; k++)
      forecast[k] = (forecast[k] as number) + (r.forecast[k] as number) / all.length;
  }
  return { ...first, forecast };
}
