/**
 * The demand a plan rests on, forecast from the service's series on the same path as the forecast
 * API (`forecastSeries`): the mean as P50 and the upper end of the central band whose upper bound
 * is the planning quantile (0.975 is the upper end of the 95 % band, which the widgets show).
 */
import { bandLabel, bandLevel } from '../domain/band-label.ts';
import { DomainError } from '../domain/errors.ts';
import { type ForecastSeriesDeps, forecastSeries } from '../forecast-service/forecast-series.ts';
import type { DemandEvent, DemandForecast, ForecastNote } from '../plan/demand.ts';
import type { LoadEvent } from '../store/event-store.ts';
import { listSeriesOfService } from '../store/series-store.ts';

const HOUR = 3_600_000;

export interface DemandRequest {
  readonly serviceId: string;
  readonly metric: string;
  /** Epoch ms of the first planned hour (a whole hour). */
  readonly from: number;
  readonly hours: number;
  /** The plan's horizon as asked for, e.g. 'P90D'. */
  readonly horizon: string;
  readonly quantile: number;
  /** Events in the plan's window, named on the plan's steps. */
  readonly events: readonly LoadEvent[];
  /** JSON pointer of the field that named the metric, for errors. */
  readonly pointer: string;
}

/** Forecasts one metric of the service over the plan's hours. */
export async function forecastDemand(
  deps: ForecastSeriesDeps,
  request: DemandRequest,
): Promise<{ demand: DemandForecast; note: ForecastNote }> {
  const series = (await listSeriesOfService(deps.tx, request.serviceId)).filter(
    (s) => s.metric === request.metric,
  );
  const chosen = series.find((s) => Object.keys(s.labels).length === 0) ?? series[0];
  if (!chosen) {
    throw new DomainError('validation', `the service has no ${request.metric} series to forecast`, [
      { pointer: request.pointer, detail: `no series "${request.metric}" for this service; ingest it first` },
    ]);
  }
  const level = bandLevel(request.quantile);
  const levels = [...new Set([80, 95, level])].sort((a, b) => a - b);
  const to = request.from + request.hours * HOUR;
  const { forecast: f } = await forecastSeries(deps, chosen, {
    horizon: request.horizon,
    horizonMs: request.hours * HOUR,
    steps: request.hours,
    levels,
    levelsKey: levels.join(','),
    until: request.from,
    through: to,
  }).catch((error: unknown) => {
    if (!(error instanceof DomainError && error.kind === 'insufficient-history')) throw error;
    throw new DomainError(
      'insufficient-history',
      `${request.metric}: ${error.message}`,
      [{ pointer: request.pointer, detail: 'ingest more history' }],
      error.extensions,
    );
  });
  // The forecast starts where the samples end, at the plan's start or before it.
  const lead = Math.max(0, Math.round((request.from - Date.parse(f.dataUntil)) / HOUR));
  const band = f.bands.find((b) => Math.abs(b.level - level) < 1e-9);
  if (!band) throw new Error(`the forecast has no ${level} % band`);
  const clean = (v: number) => (Number.isFinite(v) && v > 0 ? v : 0);
  const p50 = f.mean.slice(lead, lead + request.hours).map(clean);
  const planning = band.upper.slice(lead, lead + request.hours).map(clean);
  const events: DemandEvent[] = request.events
    .filter((e) => e.endsAt.getTime() > e.startsAt.getTime())
    .filter((e) => e.serviceIds.length === 0 || e.serviceIds.includes(request.serviceId))
    .filter((e) => e.endsAt.getTime() > request.from && e.startsAt.getTime() < to)
    .map((e) => ({ name: e.name, start: e.startsAt.getTime(), end: e.endsAt.getTime() }));
  return {
    demand: { start: request.from, stepMs: HOUR, p50, planning, quantile: request.quantile, events },
    note: {
      metric: request.metric,
      seriesId: chosen.id,
      model: f.model,
      explanation: f.explanation,
      historyFrom: f.historyFrom,
      historyHours: f.historyHours,
      band: `P50 = forecast mean; ${bandLabel(request.quantile)} = upper bound of the ${level} % central band`,
      backtest: f.backtest,
    },
  };
}
