/**
 * The demand a plan rests on, forecast from the service's hourly rollups: the mean as P50 and the
 * upper end of the central band whose upper bound is the planning quantile (P95 is the upper end
 * of the 90 % band), with the tenant's events for the service.
 */
import type { FederalState } from '../calendar/public-holidays.ts';
import { DomainError } from '../domain/errors.ts';
import type { EventKind } from '../domain/event-kinds.ts';
import type { ForecastEvent } from '../forecast/event-effects.ts';
import { forecast } from '../forecast/forecast.ts';
import type { DemandEvent, DemandForecast } from '../plan/demand.ts';
import type { LoadEvent } from '../store/event-store.ts';
import { listSeriesOfService, readRollups } from '../store/series-store.ts';
import type { TenantTx } from '../store/with-tenant.ts';

const HOUR = 3_600_000;
/** History the forecaster reads: three years hold two yearly cycles and recent elections. */
const HISTORY_MS = 3 * 366 * 24 * HOUR;
const MIN_HISTORY_HOURS = 48;

export interface DemandRequest {
  readonly serviceId: string;
  readonly metric: string;
  /** Epoch ms of the first planned hour (a whole hour). */
  readonly from: number;
  readonly hours: number;
  readonly quantile: number;
  readonly timeZone: string;
  readonly federalState: string;
  readonly events: readonly LoadEvent[];
  /** JSON pointer of the field that named the metric, for errors. */
  readonly pointer: string;
}

export interface ForecastNote {
  readonly metric: string;
  readonly seriesId: string;
  readonly model: string;
  readonly explanation: string;
  readonly historyFrom: string;
  readonly historyHours: number;
  readonly band: string;
  readonly backtest: unknown;
}

/** Central band level (percent) whose upper bound is quantile `q`. */
export function bandLevel(q: number): number {
  return Number(((2 * q - 1) * 100).toFixed(6));
}

function serviceEvents(events: readonly LoadEvent[], serviceId: string): LoadEvent[] {
  return events.filter((e) => e.serviceIds.length === 0 || e.serviceIds.includes(serviceId));
}

/** Forecasts one metric of the service over the plan's hours. */
export async function forecastDemand(
  tx: TenantTx,
  request: DemandRequest,
): Promise<{ demand: DemandForecast; note: ForecastNote }> {
  const series = (await listSeriesOfService(tx, request.serviceId)).filter(
    (s) => s.metric === request.metric,
  );
  const chosen = series.find((s) => Object.keys(s.labels).length === 0) ?? series[0];
  if (!chosen) {
    throw new DomainError('validation', `the service has no ${request.metric} series to forecast`, [
      { pointer: request.pointer, detail: `no series "${request.metric}" for this service; ingest it first` },
    ]);
  }
  const rollups = await readRollups(
    tx,
    chosen.id,
    new Date(request.from - HISTORY_MS),
    new Date(request.from),
  );
  if (rollups.length < MIN_HISTORY_HOURS) {
    throw new DomainError(
      'insufficient-history',
      `${request.metric} has ${rollups.length} hour(s) of history before the plan starts; at least ${MIN_HISTORY_HOURS} are needed`,
      [{ pointer: request.pointer, detail: 'ingest more history' }],
    );
  }
  const start = rollups[0]!.hour.getTime();
  const last = rollups.at(-1)!.hour.getTime();
  const values: (number | null)[] = new Array((last - start) / HOUR + 1).fill(null);
  for (const r of rollups) values[(r.hour.getTime() - start) / HOUR] = r.avg;
  const lead = (request.from - (last + HOUR)) / HOUR;
  const relevant = serviceEvents(request.events, request.serviceId);
  const forecastEvents: ForecastEvent[] = relevant.map((e) => ({
    kind: e.kind as EventKind,
    name: e.name,
    start: e.startsAt.getTime(),
    end: e.endsAt.getTime(),
    ...(e.expectedUplift !== null ? { expectedUplift: Number(e.expectedUplift) } : {}),
  }));
  const level = bandLevel(request.quantile);
  const result = forecast({
    start,
    stepMs: HOUR,
    values,
    horizon: lead + request.hours,
    levels: [...new Set([80, 95, level])],
    timeZone: request.timeZone,
    federalState: request.federalState as FederalState,
    events: forecastEvents,
    resolution: 'native',
  });
  const band = result.bands.find((b) => Math.abs(b.level - level) < 1e-9);
  if (!band) throw new Error(`the forecast has no ${level} % band`);
  const clean = (v: number) => (Number.isFinite(v) && v > 0 ? v : 0);
  const p50 = result.mean.slice(lead).map(clean);
  const planning = band.upper.slice(lead).map(clean);
  const to = request.from + request.hours * HOUR;
  const events: DemandEvent[] = relevant
    .filter((e) => e.endsAt.getTime() > request.from && e.startsAt.getTime() < to)
    .map((e) => ({ name: e.name, start: e.startsAt.getTime(), end: e.endsAt.getTime() }));
  return {
    demand: { start: request.from, stepMs: HOUR, p50, planning, quantile: request.quantile, events },
    note: {
      metric: request.metric,
      seriesId: chosen.id,
      model: result.model,
      explanation: result.explanation,
      historyFrom: new Date(start).toISOString(),
      historyHours: values.length,
      band: `P50 = forecast mean; P${Number((request.quantile * 100).toFixed(1))} = upper bound of the ${level} % central band`,
      backtest: result.backtest,
    },
  };
}
