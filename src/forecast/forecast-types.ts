import type { FederalState } from '../calendar/public-holidays.ts';
import type { EventEffect, ForecastEvent } from './event-effects.ts';
import type { ForecastPeak } from './forecast-peak.ts';

/** A regular series and what to forecast from it. */
export interface ForecastInput {
  /** First timestamp (epoch ms UTC), grid step (ms) and values; `null` marks a gap. */
  readonly start: number;
  readonly stepMs: number;
  readonly values: readonly (number | null)[];
  /** Steps to forecast after the last value. */
  readonly horizon: number;
  /** Central band levels in percent, e.g. [80, 95, 99]. */
  readonly levels?: readonly number[] | undefined;
  /** IANA zone in which daily and weekly profiles are learned; default 'Europe/Berlin'. */
  readonly timeZone?: string | undefined;
  /** Public holidays of this state count as Sundays. */
  readonly federalState?: FederalState | undefined;
  readonly events?: readonly ForecastEvent[] | undefined;
  /**
   * 'auto' (default): when the horizon exceeds 62 days of a sub-daily grid, the steps beyond 62 days
   * come from a model of daily means spread over the input grid; 'native' models the input grid
   * throughout. The answer is on the input grid either way.
   */
  readonly resolution?: 'auto' | 'native' | undefined;
}

export interface ForecastBand {
  readonly level: number;
  readonly lower: number[];
  readonly upper: number[];
}

export interface ForecastBacktest {
  /** Rolling origins inside the history and the longest horizon scored. */
  readonly origins: number;
  readonly horizon: number;
  /** MAE of the model and of the daily seasonal naive at the same origins, over the in-sample
   * MAE of the one-day seasonal difference (MASE). Below the naive figure means more skill. */
  readonly mase: number;
  readonly maseSeasonalNaive: number;
  /**
   * Share of held-out backtest points inside each band (bands learned on earlier origins), and the
   * factor (1 to 2) by which the forecast's bands are widened because of it.
   */
  readonly coverage: { level: number; observed: number; widening: number }[];
  /** The held-out stretch the coverage was measured on (epoch ms, end exclusive). */
  readonly from: number;
  readonly to: number;
}

export interface ForecastComponents {
  readonly transform: 'none' | 'log';
  /** Level and damped trend per forecast step, in the series' units. */
  readonly trend: number[];
  /** Profile per slot of the local day (model units: additive, or log-ratios when transform is log). */
  readonly dailyProfile: number[];
  /** Profile per slot of the local week from Monday 00:00 on top of the daily one (same units). */
  readonly weeklyProfile: number[];
  readonly yearly: boolean;
  readonly events: EventEffect[];
  readonly params: Readonly<Record<string, number | boolean>>;
}

export interface ForecastResult {
  readonly model: string;
  /** 'daily' when steps beyond 62 days come from daily means spread over the input grid. */
  readonly resolution: 'native' | 'daily';
  /** Step of `timestamps`: always the input grid's. */
  readonly stepMs: number;
  readonly timestamps: number[];
  readonly mean: number[];
  readonly bands: ForecastBand[];
  readonly components: ForecastComponents;
  readonly explanation: string;
  /** The same sentence in German, for the German interface. */
  readonly explanationDe: string;
  readonly backtest: ForecastBacktest | null;
  /** The highest expected step with its bands; the explanation speaks of the same step. */
  readonly peak: ForecastPeak | null;
}
