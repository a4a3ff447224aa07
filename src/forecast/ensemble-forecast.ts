import type { Selection } from './model-selection.ts';
import { forecastPath, runSmoother, type SmootherDesign, type SmootherState } from './seasonal-smoother.ts';

export interface EnsembleForecast {
  /** Mean of the members' forecasts and trend parts, in model units. */
  readonly path: { mean: Float64Array; trend: Float64Array };
  /** Mean one-step predictions over the history (the baseline events are measured against), when asked for. */
  readonly predictions: Float64Array | undefined;
  /** State of the best member (for its profiles). */
  readonly state: SmootherState;
}

/**
 * Averages the ensemble members' forecasts from their states after the `m` steps the selection
 * scored. The baseline predictions (what events are measured against) need a run of each member
 * that records them: only with `withPredictions`, and with `history` (the whole history, when past
 * events lie before the scored stretch) over all of it instead.
 *
 * @example
 * const { path, predictions } = ensembleForecast(selection, n, 24, true);
 */
export function ensembleForecast(
  sel: Selection,
  m: number,
  horizon: number,
  withPredictions: boolean,
  history?: SmootherDesign,
): EnsembleForecast {
  const path = { mean: new Float64Array(horizon), trend: new Float64Array(horizon) };
  const share = 1 / sel.members.length;
  const predictions = withPredictions ? new Float64Array(history ? history.z.length : m) : undefined;
  const states = sel.members.map((params, i) => {
    let st = sel.states[i] as SmootherState;
    let source: Float64Array | undefined;
    if (predictions) {
      source = new Float64Array(m);
      st = runSmoother(sel.design, params, m, undefined, undefined, source);
      if (history) {
        source = new Float64Array(history.z.length);
        runSmoother(history, params, history.z.length, undefined, undefined, source);
      }
    }
    const p = forecastPath(sel.design, params, st, m, horizon);
    for (let h = 0; h < horizon; h++) {
      path.mean[h] = (path.mean[h] as number) + share * (p.mean[h] as number);
      path.trend[h] = (path.trend[h] as number) + share * (p.trend[h] as number);
    }
    if (predictions && source) {
      for (let k = 0; k < source.length; k++)
        predictions[k] = (predictions[k] as number) + share * (source[k] as number);
    }
    return st;
  });
  return { path, predictions, state: states[0] as SmootherState };
}
