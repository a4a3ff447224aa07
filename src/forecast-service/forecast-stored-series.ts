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
import { findSeries, type Rollup, readRollups, type Series } from '../store/series-store.ts';
import { getCurrentTenant } from '../store/tenant-store.ts';
import type { TenantTx } from '../store/with-tenant.ts';
import { canSee, type Principal } from '../tenancy/principal.ts';
import { type ForecastDto, forecastDto } from './forecast-dto.ts';
import type { ForecastOptions } from './forecast-options.ts';

const HOUR_MS = 3_600_000;
/** History read for a forecast: enough for a yearly profile (two years) and past events. */
const HISTORY_MS = 3 * 366 * 24 * HOUR_MS;
/** Fewer observed hours than this give no daily profile to learn from. */
export const MIN_HISTORY_POINTS = 24;
/** Bump when the forecaster or the answer's shape changes, so older cache rows miss. */
const CACHE_FORMAT = 'v4';

export interface ForecastStoredSeriesDeps {
  readonly tx: TenantTx;
  readonly tenantId: string;
  readonly principal: Principal;
  readonly clock: () => Date;
}

export interface StoredSeriesForecast {
  readonly forecast: ForecastDto;
  readonly cache: 'hit' | 'miss';
}

/**
 * Forecasts a stored series from its hourly rollups (mean per hour for gauges, the rate per second
 * for counter and delta series; missing hours as gaps), in the
 * tenant's time zone, with its federal state's holidays and the events that concern the series'
 * service. Served from the cache while neither the samples nor the context changed; computed and
 * cached otherwise. A series the principal may not see is not found, like another tenant's.
 *
 * @example
 * const { forecast, cache } = await forecastStoredSeries({ tx, tenantId, principal, clock }, id, options);
 */
export async function forecastStoredSeries(
  deps: ForecastStoredSeriesDeps,
  seriesId: string,
  options: ForecastOptions,
): Promise<StoredSeriesForecast> {
  const { tx } = deps;
  const series = await findSeries(tx, seriesId);
  if (!series || !visibleTo(deps.principal, series)) {
    throw new DomainError('not-found', `series ${seriesId} not found`);
  }
  const tenant = await getCurrentTenant(tx);
  const events = forecastEvents(await listEvents(tx), series.serviceId);
  const data = await seriesDataFingerprint(tx, series.id);
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
      ]),
    ),
  };
  const key = { seriesId: series.id, horizonMs: options.horizonMs, levels: options.levelsKey };
  const cached = await findCachedForecast<ForecastDto>(tx, key, fingerprints);
  if (cached) return { forecast: cached.result, cache: 'hit' };

  if (!data.lastHour) throw insufficient(series, 0);
  const to = data.lastHour.getTime() + HOUR_MS;
  const rollups = await readRollups(tx, series.id, new Date(to - HISTORY_MS), new Date(to));
  const rate = series.kind !== 'gauge';
  const { start, values, observed } = hourlyGrid(rollups, rate, to);
  if (observed < MIN_HISTORY_POINTS) throw insufficient(series, observed);

  const result = forecast({
    start,
    stepMs: HOUR_MS,
    values,
    horizon: options.steps,
    levels: options.levels,
    timeZone: tenant.timeZone,
    federalState: tenant.federalState,
    events,
  });
  const generatedAt = deps.clock();
  const dto = forecastDto(result, {
    seriesId: series.id,
    metric: series.metric,
    unit: rate ? `${series.unit}/s` : series.unit,
    horizon: options.horizon,
    levels: options.levels,
    generatedAt,
    dataUntil: new Date(to),
  });
  await saveCachedForecast(tx, deps.tenantId, key, fingerprints, { result: dto, generatedAt });
  return { forecast: dto, cache: 'miss' };
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

/** Embed tokens see a series through its service (or the series itself) in their resources. */
function visibleTo(principal: Principal, series: Series): boolean {
  return canSee(principal, 'service', series.serviceId) || canSee(principal, 'series', series.id);
}

/**
 * The tenant's events that concern the service (listed for it, or for no service in particular),
 * as the forecaster takes them. An empty range or an uplift of -100 % or less says nothing a
 * forecast can use, so the range is dropped and the uplift ignored rather than failing the request.
 */
function forecastEvents(events: readonly LoadEvent[], serviceId: string): ForecastEvent[] {
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
