import type { EventKind } from '../domain/event-kinds.ts';
import type { ForecastResult } from '../forecast/forecast-types.ts';

/** A forecast of a stored series as the API answers it: plain JSON, ISO-8601 instants. */
export interface ForecastDto {
  readonly seriesId: string;
  readonly metric: string;
  readonly unit: string;
  readonly horizon: string;
  readonly levels: number[];
  readonly model: string;
  readonly resolution: 'native' | 'daily';
  /** Grid step of `timestamps` as an ISO-8601 duration: PT1H at every horizon. */
  readonly step: string;
  readonly timestamps: string[];
  readonly mean: number[];
  readonly bands: { level: number; lower: number[]; upper: number[] }[];
  readonly components: {
    readonly transform: 'none' | 'log';
    readonly trend: number[];
    readonly dailyProfile: number[];
    readonly weeklyProfile: number[];
    readonly yearly: boolean;
    readonly events: {
      name: string;
      kind: EventKind;
      startsAt: string;
      endsAt: string;
      uplift: number;
      lowUplift: number;
      highUplift: number;
      source: string;
      occurrences: number;
    }[];
    readonly params: Readonly<Record<string, number | boolean>>;
  };
  /** The hour with the highest expected value and each band there; null without a forecast. */
  readonly peak: {
    at: string;
    mean: number;
    bands: { level: number; lower: number; upper: number }[];
  } | null;
  readonly explanation: string;
  /** The explanation in German. */
  readonly explanationDe?: string;
  readonly backtest: {
    origins: number;
    horizon: number;
    /** Null where undefined, e.g. for a constant history (no error to scale by). */
    mase: number | null;
    maseSeasonalNaive: number | null;
    /** Share of held-out backtest points inside each band, and how much the bands were widened for it. */
    coverage: { level: number; observed: number; widening: number }[];
    /** The recent stretch the coverage was measured on (ISO-8601, end exclusive). */
    from: string;
    to: string;
  } | null;
  /** When the forecast was computed (a cached forecast keeps its time). */
  readonly generatedAt: string;
  /** End of the last hour with samples: the forecast starts here. */
  readonly dataUntil: string;
  /** First hour of the history the forecast rests on, and its length in hours (gaps included). */
  readonly historyFrom: string;
  readonly historyHours: number;
}

export interface ForecastDtoMeta {
  readonly seriesId: string;
  readonly metric: string;
  readonly unit: string;
  readonly horizon: string;
  readonly levels: readonly number[];
  readonly generatedAt: Date;
  readonly dataUntil: Date;
  readonly historyFrom: Date;
  readonly historyHours: number;
}

const iso = (ms: number): string => new Date(ms).toISOString();
/** JSON has no NaN or Infinity; a non-finite figure would otherwise silently become null. */
const finite = (values: readonly number[]): number[] => values.map((v) => (Number.isFinite(v) ? v : 0));
const orZero = (value: number): number => (Number.isFinite(value) ? value : 0);
const orNull = (value: number): number | null => (Number.isFinite(value) ? value : null);

/**
 * Turns a forecaster result into the API's JSON shape.
 *
 * @example
 * forecastDto(result, { seriesId, metric: 'requests_per_second', unit: '1/s', horizon: 'P14D',
 *   levels: [80, 95], generatedAt: new Date(), dataUntil: new Date('2026-11-23T12:00:00Z') });
 */
export function forecastDto(result: ForecastResult, meta: ForecastDtoMeta): ForecastDto {
  const { components: c } = result;
  return {
    seriesId: meta.seriesId,
    metric: meta.metric,
    unit: meta.unit,
    horizon: meta.horizon,
    levels: [...meta.levels],
    model: result.model,
    resolution: result.resolution,
    step: 'PT1H',
    timestamps: result.timestamps.map(iso),
    mean: finite(result.mean),
    bands: result.bands.map((b) => ({ level: b.level, lower: finite(b.lower), upper: finite(b.upper) })),
    components: {
      transform: c.transform,
      trend: finite(c.trend),
      dailyProfile: finite(c.dailyProfile),
      weeklyProfile: finite(c.weeklyProfile),
      yearly: c.yearly,
      events: c.events.map((e) => ({
        name: e.name,
        kind: e.kind,
        startsAt: iso(e.start),
        endsAt: iso(e.end),
        uplift: e.uplift,
        lowUplift: e.lowUplift,
        highUplift: e.highUplift,
        source: e.source,
        occurrences: e.occurrences,
      })),
      params: { ...c.params },
    },
    peak: result.peak
      ? {
          at: iso(result.peak.at),
          mean: orZero(result.peak.mean),
          bands: result.peak.bands.map((b) => ({
            level: b.level,
            lower: orZero(b.lower),
            upper: orZero(b.upper),
          })),
        }
      : null,
    explanation: result.explanation,
    explanationDe: result.explanationDe,
    backtest: result.backtest
      ? {
          origins: result.backtest.origins,
          horizon: result.backtest.horizon,
          mase: orNull(result.backtest.mase),
          maseSeasonalNaive: orNull(result.backtest.maseSeasonalNaive),
          coverage: result.backtest.coverage.map((x) => ({ ...x })),
          from: iso(result.backtest.from),
          to: iso(result.backtest.to),
        }
      : null,
    generatedAt: meta.generatedAt.toISOString(),
    dataUntil: meta.dataUntil.toISOString(),
    historyFrom: meta.historyFrom.toISOString(),
    historyHours: meta.historyHours,
  };
}
