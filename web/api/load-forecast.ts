import { findPublicHoliday, isFederalState } from '../../src/calendar/public-holidays.ts';
import type { EventEffect } from '../../src/forecast/event-effects.ts';
import { localMidnights } from '../format/zoned-time.ts';
import { type ApiOptions, getJson } from './client.ts';

/** `GET /v1/series/{id}/forecast` as the widget reads it (see src/http/routes/forecasts-schemas.ts). */
export interface ForecastDto {
  seriesId: string;
  metric: string;
  unit: string;
  timestamps: string[];
  mean: number[];
  bands: { level: number; lower: number[]; upper: number[] }[];
  components?: { events?: (EffectDto & { startsAt: string; endsAt: string })[] };
  /** The hour with the highest expected value, as the server picked it (explanation and plans quote it). */
  peak?: { at: string; mean: number; bands: { level: number; lower: number; upper: number }[] } | null;
  explanation: string;
  explanationDe?: string;
  backtest: {
    mase: number | null;
    maseSeasonalNaive?: number | null;
    origins?: number;
    coverage: { level: number; observed: number; widening?: number }[];
    /** The recent stretch the coverage was measured on. */
    from?: string;
    to?: string;
  } | null;
  dataUntil?: string;
}

/** An event's effect on this series as the forecast applies it (or measured it, for a past event). */
export type EffectDto = Pick<EventEffect, 'name' | 'kind' | 'uplift' | 'source' | 'occurrences'>;

interface SamplesDto {
  points: { ts: string; value?: number; avg?: number; rate?: number }[];
}

interface EventDto {
  name: string;
  kind: string;
  startsAt: string;
  endsAt: string;
}

/** Everything `lastplan-forecast` draws, with times as epoch milliseconds. */
export interface ForecastData {
  readonly metric: string;
  readonly unit: string;
  readonly timeZone: string;
  readonly history: { t: number[]; v: number[] };
  readonly forecast: { t: number[]; mean: number[]; bands: ForecastDto['bands'] };
  /** Start of the peak hour the server named (epoch ms), if it named one. */
  readonly peakAt?: number | undefined;
  readonly marks: {
    name: string;
    kind: 'event' | 'holiday';
    start: number;
    end: number;
    /** For an event: its effect on this series, as the forecast and its explanation use it. */
    effect?: EffectDto | undefined;
  }[];
  /** Each event's effect on this series (start as epoch ms), as the forecast uses or measured it. */
  readonly effects: (EffectDto & { start: number })[];
  readonly explanation: string;
  /** The explanation in German, where the server gave one. */
  readonly explanationDe?: string | undefined;
  readonly backtest: ForecastDto['backtest'];
  /** Capacity the plan provides (instances × capacity of one), as steps; empty without a plan. */
  readonly capacity: { from: number; to: number; value: number }[];
}

interface PlanCapacityDto {
  plan: {
    driverMetric?: string;
    instanceType?: { capacity?: number };
    steps?: { from: number; to: number; count: number }[];
  };
}

export interface ForecastRequest {
  /** Service id; its series with `metric` is shown, unless `series` names one directly. */
  readonly service?: string;
  readonly series?: string;
  readonly metric: string;
  readonly horizon: string;
  /** Days of history before the forecast. */
  readonly historyDays: number;
  /** A plan id whose capacity is drawn over the forecast. */
  readonly plan?: string;
}

const DAY = 86_400_000;

/**
 * Loads a forecast with its history, the events in view and the tenant's zone and holidays.
 * Returns `undefined` when the service has no series of the metric (the empty state).
 */
export async function loadForecast(
  api: ApiOptions,
  request: ForecastRequest,
  signal?: AbortSignal,
): Promise<ForecastData | undefined> {
  const tenantPromise = getJson<{ timeZone: string; federalState: string }>(api, '/v1/tenant', signal).catch(
    () => ({ timeZone: 'Europe/Berlin', federalState: '' }),
  );
  let seriesId = request.series;
  if (!seriesId) {
    const service = await getJson<{ series: { id: string; metric: string }[] }>(
      api,
      `/v1/services/${encodeURIComponent(request.service ?? '')}`,
      signal,
    );
    seriesId = service.series.find((s) => s.metric === request.metric)?.id;
    if (!seriesId) return undefined;
  }
  const forecast = await getJson<ForecastDto>(
    api,
    `/v1/series/${encodeURIComponent(seriesId)}/forecast?horizon=${encodeURIComponent(request.horizon)}&levels=80,95`,
    signal,
  );
  const t = forecast.timestamps.map((s) => Date.parse(s));
  const end = t.at(-1) ?? Date.now();
  const until = forecast.dataUntil ? Date.parse(forecast.dataUntil) : (t[0] ?? Date.now());
  const from = until - request.historyDays * DAY;
  const range = `from=${new Date(from).toISOString()}&to=${new Date(until + 1).toISOString()}`;
  const [samples, events, tenant, plan] = await Promise.all([
    getJson<SamplesDto>(api, `/v1/series/${encodeURIComponent(seriesId)}/samples?${range}&step=1h`, signal),
    getJson<{ items: EventDto[] }>(
      api,
      `/v1/events?from=${new Date(from).toISOString()}&to=${new Date(end).toISOString()}`,
      signal,
    ).catch(() => ({ items: [] as EventDto[] })),
    tenantPromise,
    request.plan
      ? getJson<PlanCapacityDto>(api, `/v1/plans/${encodeURIComponent(request.plan)}`, signal).catch(
          () => undefined,
        )
      : undefined,
  ]);
  const perInstance = plan?.plan.instanceType?.capacity ?? 0;
  const capacity =
    plan && perInstance > 0 && (plan.plan.driverMetric ?? forecast.metric) === forecast.metric
      ? (plan.plan.steps ?? []).map((step) => ({
          from: step.from,
          to: step.to,
          value: step.count * perInstance,
        }))
      : [];
  const history = { t: [] as number[], v: [] as number[] };
  for (const p of samples.points) {
    const value = p.avg ?? p.value ?? p.rate;
    if (value === undefined) continue;
    history.t.push(Date.parse(p.ts));
    history.v.push(value);
  }
  const effects = forecast.components?.events ?? [];
  const marks: ForecastData['marks'] = events.items.map((e) => ({
    name: e.name,
    kind: 'event',
    start: Date.parse(e.startsAt),
    end: Date.parse(e.endsAt),
    effect: effects.find(
      (x) => x.name === e.name && Date.parse(x.startsAt) === Date.parse(e.startsAt) && x.source !== 'none',
    ),
  }));
  if (isFederalState(tenant.federalState)) {
    const midnights = localMidnights(from, end, tenant.timeZone, 1);
    for (const midnight of midnights) {
      const date = new Date(midnight + DAY / 2).toISOString().slice(0, 10);
      const name = findPublicHoliday(date, tenant.federalState);
      if (name) marks.push({ name, kind: 'holiday', start: midnight, end: midnight + DAY });
    }
  }
  return {
    metric: forecast.metric,
    unit: forecast.unit,
    timeZone: tenant.timeZone,
    history,
    forecast: { t, mean: forecast.mean, bands: forecast.bands },
    peakAt: forecast.peak ? Date.parse(forecast.peak.at) : undefined,
    effects: effects.map((e) => ({
      name: e.name,
      kind: e.kind,
      start: Date.parse(e.startsAt),
      uplift: e.uplift,
      source: e.source,
      occurrences: e.occurrences,
    })),
    marks,
    explanation: forecast.explanation,
    explanationDe: forecast.explanationDe,
    backtest: forecast.backtest,
    capacity,
  };
}
