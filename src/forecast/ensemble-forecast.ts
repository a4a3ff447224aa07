import type { Selection } from './model-selection.ts';
import { forecastPath, runSmoother, type SmootherDesign, type SmootherState } from './seasonal-smoother.ts';

export interface EnsembleForecast {
  /** Mean of the members' forecasts and trend parts, in model units. */
  readonly path: { mean: Float64Array; trend: Float64Array };
  /** Mean one-step predictions over the history (the baseline events are measured against). */
  readonly predictions: Float64Array;
  /** State of the best member (for its profiles). */
  readonly state: SmootherState;
}

/**
 * Runs every ensemble member over the `m` steps the selection scored and averages their forecasts.
 * With `history` (the whole history, when past events lie before the scored stretch) the baseline
 * predictions come from runs over all of it instead.
 *
 * @example
 * const { path, predictions } = ensembleForecast(selection, n, 24);
 */
export function ensembleForecast(
  sel: Selection,
  m: number,
  horizon: number,
  history?: SmootherDesign,
): EnsembleForecast {
  const path = { mean: new Float64Array(horizon), trend: new Float64Array(horizon) };
  const share = 1 / sel.members.length;
  const predictions = new Float64Array(history ? history.z.length : m);
  const states = sel.members.map((params) => {
    const own = new Float64Array(m);
    const st = runSmoother(sel.design, params, m, undefined, undefined, own);
    const p = forecastPath(sel.design, params, st, m, horizon);
    for (let h = 0; h < horizon; h++) {
      path.mean[h] = (path.mean[h] as number) + share * (p.mean[h] as number);
      path.trend[h] = (path.trend[h] as number) + share * (p.trend[h] as number);
    }
    let source = own;
    if (history) {
      source = new Float64Array(history.z.length);
      runSmoother(history, params, history.z.length, undefined, undefined, source);
    }
    for (let i = 0; i < source.length; i++)
      predictions[i] = (predictions[i] as number) + share * (source[i] as number);
    return st;
  });
  return { path, predictions, state: states[0] as SmootherState };
}
