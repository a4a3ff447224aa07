import { toDailySeries } from './daily-resolution.ts';
import { eventIndex } from './event-effects.ts';
import { explainForecast } from './explain-peak.ts';
import { finiteBands } from './finite-bands.ts';
import { forecastPeak } from './forecast-peak.ts';
import type { ForecastBand, ForecastInput, ForecastResult } from './forecast-types.ts';
import { gridFromDaily } from './grid-from-daily.ts';
import { localSlots } from './local-slots.ts';

const DAY_MS = 86_400_000;
/** The last two days of the fine model fade into the coarse one, so the chart does not step there. */
const BLEND_MS = 2 * DAY_MS;

/** A validated request with its zone and sorted levels, as the grid forecaster takes it. */
export interface GridRequest extends ForecastInput {
  readonly timeZone: string;
  readonly levels: number[];
}

type Grid = (input: GridRequest, resolution: 'native' | 'daily') => ForecastResult;

/**
 * A horizon too long to model step by step on a sub-daily grid: the first `nativeMs` come from the
 * model of the input grid (so a shorter horizon and this one agree there), the rest from a model of
 * daily means of complete local days (a day still under way would pull its mean towards the hours
 * seen so far; it has the yearly profile once two years exist), spread over the input grid by the
 * shape of the local week. The answer is on the input grid throughout, so its peak names an hour
 * and the height of that hour, never a day's mean. `grid` is the forecaster of one resolution.
 *
 * @example
 * longHorizon({ ...input, timeZone: 'Europe/Berlin', levels: [80, 95] }, 62 * 86_400_000, forecastGrid);
 */
export function longHorizon(input: GridRequest, nativeMs: number, grid: Grid): ForecastResult {
  const { start, stepMs, timeZone, horizon } = input;
  const n = input.values.length;
  const nativeSteps = Math.max(1, Math.min(horizon - 1, Math.floor(nativeMs / stepMs)));
  const blendSteps = Math.min(nativeSteps, Math.round(BLEND_MS / stepMs));
  const near = grid({ ...input, horizon: nativeSteps }, 'native');

  const slots = localSlots(start, stepMs, n + horizon, timeZone, input.federalState);
  let complete = n;
  while (complete > 0 && slots.localDay[complete - 1] === slots.localDay[n]) complete--;
  if (complete === 0) complete = n;
  const series = toDailySeries(start, stepMs, input.values.slice(0, complete), timeZone);
  const firstDay = series.firstDay + series.values.length;
  const days = Math.max(1, (slots.localDay[n + horizon - 1] as number) - firstDay + 1);
  const daily = grid(
    { ...input, start: series.start, stepMs: DAY_MS, values: series.values, horizon: days },
    'daily',
  );
  const events = input.events ?? [];
  const index = eventIndex(events, start, stepMs, n + horizon);
  const actual = Float64Array.from(input.values, (v) =>
    v === null || v === undefined || !Number.isFinite(v) ? Number.NaN : v,
  );
  const far = gridFromDaily(actual, index, slots, {
    firstDay,
    mean: daily.mean,
    trend: daily.components.trend,
    bands: daily.bands,
  });
  finiteBands(far.mean, far.bands, actual);

  // Weights of the coarse model: 0 on the fine stretch, rising over its last two days, 1 beyond.
  const fadeFrom = nativeSteps - blendSteps;
  const join = (fine: readonly number[], coarse: readonly number[]): number[] =>
    coarse.map((c, h) => {
      if (h >= nativeSteps) return c;
      const w = h < fadeFrom ? 0 : (h - fadeFrom + 1) / (blendSteps + 1);
      return (fine[h] as number) * (1 - w) + c * w;
    });
  const mean = join(near.mean, far.mean);
  const trend = join(near.components.trend, far.trend);
  const bands: ForecastBand[] = far.bands.map((b, li) => {
    const fine = near.bands[li] as ForecastBand;
    return { level: b.level, lower: join(fine.lower, b.lower), upper: join(fine.upper, b.upper) };
  });
  // Each event's effect as the model that forecasts its start measured it.
  const fineUntil = start + (n + nativeSteps) * stepMs;
  const effects = events
    .map((e, k) =>
      e.start < fineUntil
        ? (near.components.events[k] ?? daily.components.events[k])
        : (daily.components.events[k] ?? near.components.events[k]),
    )
    .filter((e) => e !== undefined);
  const timestamps = Array.from({ length: horizon }, (_, h) => start + (n + h) * stepMs);
  const model = `${near.model} for ${Math.round((nativeSteps * stepMs) / DAY_MS)} days, then ${daily.model} of daily means spread over the day`;
  return {
    ...near,
    model,
    resolution: 'daily',
    timestamps,
    mean,
    bands,
    components: { ...near.components, trend, yearly: daily.components.yearly, events: effects },
    ...explainForecast({ timestamps, mean, trend, effects, index, n, timeZone, model, stepMs, bands }),
    peak: forecastPeak(timestamps, mean, bands),
  };
}
