import { DomainError } from '../domain/errors.ts';
import type { ForecastEvent } from '../forecast/event-effects.ts';
import { forecast } from '../forecast/forecast.ts';
import type { LoadEvent } from '../store/event-store.ts';
import { listEvents } from '../store/event-store.ts';
import {
  findCachedForecast,
  saveCachedForecast,
  seriesDataFingerprint,
} from '../store/forecast-cache-store.ts';
import { type Rollup, readRollups, type Series } from '../store/series-store.ts';
import { getCurrentTenant } from '../store/tenant-store.ts';
import type { TenantTx } from '../store/with-tenant.ts';
import type { Tenant } from '../tenancy/tenant.ts';
import { type ForecastDto, forecastDto } from './forecast-dto.ts';
import type { ForecastOptions } from './forecast-options.ts';

const HOUR_MS = 3_600_000;
/** History read for a forecast: enough for a yearly profile (two years) and past events. */
const HISTORY_MS = 3 * 366 * 24 * HOUR_MS;
/** Fewer observed hours than this give no daily profile to learn from. */
export const MIN_HISTORY_POINTS = 24;
/** Bump when the forecaster or the answer's shape changes, so older cache rows miss. */
const CACHE_FORMAT = 'v5';

export interface ForecastSeriesDeps {
  readonly tx: TenantTx;
  readonly tenantId: string;
  readonly clock: () => Date;
  /**
   * Asked before a forecast is computed (not for a cached one): returns the release of a slot of
   * the tenant's expensive operations, or throws when the tenant has none free.
   */
  readonly admitExpensive?: () => () => void;
}

export interface ForecastSeriesOptions extends ForecastOptions {
  /**
   * The history ends here at the latest (epoch ms of a whole hour), e.g. where a plan starts;
   * by default at the end of the last hour with samples.
   */
  readonly until?: number | undefined;
  /** Forecast up to this instant (epoch ms) instead of `steps` hours after the history's end. */
  readonly through?: number | undefined;
}

export interface StoredSeriesForecast {
  readonly forecast: ForecastDto;
  readonly cache: 'hit' | 'miss';
}

/**
 * The one path from a stored series to the forecaster, for the forecast API, plans and widgets:
 * the hourly rollups (mean per hour for gauges, the rate per second for counter and delta series,
 * whose running totals say nothing about load; missing hours as gaps) in the tenant's time zone,
 * with its federal state's holidays and the valid events that concern the series' service, at
 * least `MIN_HISTORY_POINTS` observed hours. Served from the cache while neither the samples nor
 * the context changed; computed and cached otherwise. Visibility is the caller's to check.
 *
 * @example
 * const { forecast, cache } = await forecastSeries({ tx, tenantId, clock }, series, forecastOptions({ horizon: 'P90D' }, ''));
 */
export async function forecastSeries(
  deps: ForecastSeriesDeps,
  series: Series,
  options: ForecastSeriesOptions,
): Promise<StoredSeriesForecast> {
  return completeForecast(await readForecastInputs(deps, series, options), deps.clock, (job, computed) =>
    saveForecastJob(deps.tx, deps.tenantId, job, computed),
  );
}

/**
 * The second half of `forecastSeries`: the cached forecast as it is, or the job computed (outside
 * any transaction), stored by `save` and the expensive slot given back, whatever happens.
 *
 * @example
 * await completeForecast(read, clock, (job, computed) => withTenant(database, tenantId, (tx) => saveForecastJob(tx, tenantId, job, computed)));
 */
export async function completeForecast(
  read: ForecastInputs,
  clock: () => Date,
  save: (job: ForecastJob, computed: ComputedForecast) => Promise<void>,
): Promise<StoredSeriesForecast> {
  if (read.kind === 'cached') return { forecast: read.forecast, cache: 'hit' };
  try {
    const computed = computeForecastJob(read.job, clock());
    await save(read.job, computed);
    return { forecast: computed.forecast, cache: 'miss' };
  } finally {
    read.release();
  }
}

/** Everything a forecast is computed from, read in one transaction; plain data, no connection. */
export interface ForecastJob {
  readonly series: Series;
  readonly options: ForecastSeriesOptions;
  readonly to: number;
  readonly steps: number;
  readonly key: { readonly seriesId: string; readonly horizonMs: number; readonly levels: string };
  readonly fingerprints: { readonly data: string; readonly context: string };
  readonly events: ForecastEvent[];
  readonly tenant: Pick<Tenant, 'timeZone' | 'federalState'>;
  readonly start: number;
  readonly values: (number | null)[];
}

/**
 * The cached forecast, or the inputs to compute one together with the tenant's expensive slot
 * (taken before the history is read; `release` gives it back, and must be called).
 */
export type ForecastInputs =
  | { readonly kind: 'cached'; readonly forecast: ForecastDto }
  | { readonly kind: 'compute'; readonly job: ForecastJob; readonly release: () => void };

/**
 * The first half of `forecastSeries`, in the caller's transaction: the cache lookup and, on a
 * miss, the history. Split so that the API can compute outside any transaction (a PGlite
 * database serves one transaction at a time; other tenants' requests wait for none of this).
 *
 * @example
 * const read = await withTenant(database, tenantId, (tx) => readForecastInputs({ tx, tenantId, clock }, series, options));
 */
export async function readForecastInputs(
  deps: Omit<ForecastSeriesDeps, 'clock'>,
  series: Series,
  options: ForecastSeriesOptions,
): Promise<ForecastInputs> {
  const { tx } = deps;
  const tenant = await getCurrentTenant(tx);
  const events = forecastEvents(await listEvents(tx), series.serviceId);
  const data = await seriesDataFingerprint(tx, series.id);
  const dataEnd = data.lastHour ? data.lastHour.getTime() + HOUR_MS : undefined;
  const to =
    dataEnd !== undefined && options.until !== undefined ? Math.min(dataEnd, options.until) : dataEnd;
  const fingerprints = {
    data: data.fingerprint,
    context: await sha256(
      JSON.stringify([
        CACHE_FORMAT,
        tenant.timeZone,
        tenant.federalState,
        series.metric,
        series.unit,
        events,
        to === dataEnd ? null : to,
      ]),
    ),
  };
  const steps =
    options.through === undefined || to === undefined
      ? options.steps
      : Math.max(1, Math.ceil((options.through - to) / HOUR_MS));
  const horizonMs = options.through === undefined ? options.horizonMs : steps * HOUR_MS;
  const key = { seriesId: series.id, horizonMs, levels: options.levelsKey };
  const cached = await findCachedForecast<ForecastDto>(tx, key, fingerprints);
  if (cached) return { kind: 'cached', forecast: cached.result };

  if (to === undefined) throw insufficient(series, 0);
  const release = deps.admitExpensive?.() ?? (() => {});
  try {
    const rollups = await readRollups(tx, series.id, new Date(to - HISTORY_MS), new Date(to));
    const { start, values, observed } = hourlyGrid(rollups, series.kind !== 'gauge', to);
    if (observed < MIN_HISTORY_POINTS) throw insufficient(series, observed);
    const job = { series, options, to, steps, key, fingerprints, events, tenant, start, values };
    return { kind: 'compute', job, release };
  } catch (error) {
    release();
    throw error;
  }
}

/** A forecast computed from its job, and when; pure CPU, no database. */
export interface ComputedForecast {
  readonly forecast: ForecastDto;
  readonly generatedAt: Date;
}

function computeForecastJob(job: ForecastJob, generatedAt: Date): ComputedForecast {
  const { series, options, tenant, start, values } = job;
  const result = forecast({
    start,
    stepMs: HOUR_MS,
    values,
    horizon: job.steps,
    levels: options.levels,
    timeZone: tenant.timeZone,
    federalState: tenant.federalState,
    events: job.events,
  });
  const dto = forecastDto(result, {
    seriesId: series.id,
    metric: series.metric,
    unit: series.kind !== 'gauge' ? `${series.unit}/s` : series.unit,
    horizon: options.horizon,
    levels: options.levels,
    generatedAt,
    dataUntil: new Date(job.to),
    historyFrom: new Date(start),
    historyHours: values.length,
  });
  return { forecast: dto, generatedAt };
}

/** Stores a computed forecast under the job's key and fingerprints, for the next reader. */
export async function saveForecastJob(
  tx: TenantTx,
  tenantId: string,
  job: ForecastJob,
  computed: ComputedForecast,
): Promise<void> {
  await saveCachedForecast(tx, tenantId, job.key, job.fingerprints, {
    result: computed.forecast,
    generatedAt: computed.generatedAt,
  });
}

/**
 * The rollups on an hourly grid up to `to`, missing hours as null. A counter's mean is a running
 * total that says nothing about load, so for counter and delta series the rate per second is taken.
 */
function hourlyGrid(
  rollups: readonly Rollup[],
  rate: boolean,
  to: number,
): { start: number; values: (number | null)[]; observed: number } {
  const start = rollups[0]?.hour.getTime() ?? to;
  const values: (number | null)[] = new Array((to - start) / HOUR_MS).fill(null);
  let observed = 0;
  for (const rollup of rollups) {
    const value = rate ? (rollup.increase === undefined ? null : rollup.increase / 3600) : rollup.avg;
    values[(rollup.hour.getTime() - start) / HOUR_MS] = value;
    if (value !== null) observed++;
  }
  return { start, values, observed };
}

/**
 * The tenant's events that concern the service (listed for it, or for no service in particular),
 * as the forecaster takes them. An empty range or an uplift of -100 % or less says nothing a
 * forecast can use, so the range is dropped and the uplift ignored rather than failing the request.
 *
 * @example
 * forecastEvents(await listEvents(tx), series.serviceId);
 */
export function forecastEvents(events: readonly LoadEvent[], serviceId: string): ForecastEvent[] {
  return events
    .filter((e) => e.serviceIds.length === 0 || e.serviceIds.includes(serviceId))
    .filter((e) => e.endsAt.getTime() > e.startsAt.getTime())
    .map((e) => {
      const uplift = e.expectedUplift === null ? undefined : Number(e.expectedUplift);
      return {
        kind: e.kind,
        name: e.name,
        start: e.startsAt.getTime(),
        end: e.endsAt.getTime(),
        ...(uplift !== undefined && Number.isFinite(uplift) && uplift > -1 ? { expectedUplift: uplift } : {}),
      };
    });
}

function insufficient(series: Series, points: number): DomainError {
  return new DomainError(
    'insufficient-history',
    `series ${series.id} has ${points} hour${points === 1 ? '' : 's'} of samples; a forecast needs at least ${MIN_HISTORY_POINTS}`,
    [],
    { seriesId: series.id, hours: points, required: MIN_HISTORY_POINTS },
  );
}

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
