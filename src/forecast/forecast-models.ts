import { forecast } from './forecast.ts';
import type { ForecastInput, ForecastResult } from './forecast-types.ts';
import { seasonalNaive } from './seasonal-naive.ts';

/** A forecasting model: a pure function from a regular series to a forecast with bands. */
export type ForecastModel = (input: ForecastInput) => ForecastResult;

/**
 * The models behind one interface: ours and the seasonal naive yardsticks it is measured against
 * (one shared test suite runs against all of them; the benchmark scores them side by side).
 *
 * @example
 * forecastModels['seasonal-naive-weekly']({ start, stepMs: 3_600_000, values, horizon: 168 });
 */
export const forecastModels = {
  'robust-seasonal-es': forecast,
  'seasonal-naive-daily': seasonalNaive(86_400_000),
  'seasonal-naive-weekly': seasonalNaive(7 * 86_400_000),
} as const satisfies Record<string, ForecastModel>;

export type ForecastModelName = keyof typeof forecastModels;
