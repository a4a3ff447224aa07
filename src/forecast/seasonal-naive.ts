import { probit } from 'simple-statistics';
import { DomainError } from '../domain/errors.ts';
import { forecastPeak } from './forecast-peak.ts';
import type { ForecastInput, ForecastResult } from './forecast-types.ts';

const DAY_MS = 86_400_000;

/**
 * The seasonal naive forecast: each step repeats the value one period earlier (the last observed
 * one where that is a gap). Bands are normal, from the spread of the in-sample seasonal differences,
 * widened by the square root of the number of periods ahead. It is the yardstick of MASE and of the
 * benchmark; `period` is in ms (a day or a week).
 *
 * @example
 * const daily = seasonalNaive(86_400_000);
 * daily({ start: 0, stepMs: 3_600_000, values, horizon: 24, levels: [80] }).mean; // yesterday again
 */
export function seasonalNaive(periodMs: number): (input: ForecastInput) => ForecastResult {
  const label = periodMs === DAY_MS ? 'daily' : periodMs === 7 * DAY_MS ? 'weekly' : `${periodMs} ms`;
  return (input) => {
    if (!(Number.isInteger(input.horizon) && input.horizon >= 1)) {
      throw new DomainError('validation', 'horizon must be a positive integer', [
        { pointer: '/horizon', detail: 'horizon must be a positive integer' },
      ]);
    }
    const levels = [...(input.levels ?? [80, 95, 99])].sort((a, b) => a - b);
    const filled: number[] = [];
    let last = Number.NaN;
    for (const v of input.values) {
      if (v !== null && Number.isFinite(v)) last = v;
      filled.push(last);
    }
    const firstFinite = filled.find((v) => !Number.isNaN(v)) ?? 0;
    const values = filled.map((v) => (Number.isNaN(v) ? firstFinite : v));
    const n = values.length;
    const lag = Math.max(1, Math.min(Math.round(periodMs / input.stepMs), n));
    let sum = 0;
    let sumSq = 0;
    let count = 0;
    for (let i = lag; i < n; i++) {
      const d = (values[i] as number) - (values[i - lag] as number);
      sum += d;
      sumSq += d * d;
      count++;
    }
    const sd = count > 1 ? Math.sqrt(Math.max(0, (sumSq - (sum * sum) / count) / (count - 1))) : 0;
    const mean = Array.from({ length: input.horizon }, (_, h) =>
      n ? (values[n - lag + (h % lag)] as number) : 0,
    );
    const bands = levels.map((level) => {
      const q = probit(0.5 + level / 200);
      const width = mean.map((_, h) => q * sd * Math.sqrt(Math.floor(h / lag) + 1));
      return {
        level,
        lower: mean.map((m, h) => m - (width[h] as number)),
        upper: mean.map((m, h) => m + (width[h] as number)),
      };
    });
    const timestamps = mean.map((_, h) => input.start + (n + h) * input.stepMs);
    return {
      model: `seasonal-naive(${label})`,
      resolution: 'native',
      stepMs: input.stepMs,
      timestamps,
      mean,
      bands,
      components: {
        transform: 'none',
        trend: [...mean],
        dailyProfile: [],
        weeklyProfile: [],
        yearly: false,
        events: [],
        params: { lag },
      },
      explanation: `Repeats the last ${label} cycle.`,
      explanationDe: `Wiederholt den letzten ${periodMs === DAY_MS ? 'Tag' : periodMs === 7 * DAY_MS ? 'Wochenzyklus' : `Zyklus von ${periodMs} ms`}.`,
      backtest: null,
      peak: forecastPeak(timestamps, mean, bands),
    };
  };
}
