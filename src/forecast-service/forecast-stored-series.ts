import { DomainError } from '../domain/errors.ts';
import { findSeries, type Series } from '../store/series-store.ts';
import type { TenantTx } from '../store/with-tenant.ts';
import { canSee, type Principal } from '../tenancy/principal.ts';
import type { ForecastOptions } from './forecast-options.ts';
import { forecastSeries, type StoredSeriesForecast } from './forecast-series.ts';

export interface ForecastStoredSeriesDeps {
  readonly tx: TenantTx;
  readonly tenantId: string;
  readonly principal: Principal;
  readonly clock: () => Date;
  readonly admitExpensive?: () => () => void;
}

/**
 * Forecasts a stored series by id for a principal (see `forecastSeries` for how). A series the
 * principal may not see is not found, like another tenant's.
 *
 * @example
 * const { forecast, cache } = await forecastStoredSeries({ tx, tenantId, principal, clock }, id, options);
 */
export async function forecastStoredSeries(
  deps: ForecastStoredSeriesDeps,
  seriesId: string,
  options: ForecastOptions,
): Promise<StoredSeriesForecast> {
  return forecastSeries(deps, await findVisibleSeries(deps.tx, deps.principal, seriesId), options);
}

/** The series by id if the principal may see it; not found otherwise, like another tenant's. */
export async function findVisibleSeries(
  tx: TenantTx,
  principal: Principal,
  seriesId: string,
): Promise<Series> {
  const series = await findSeries(tx, seriesId);
  if (!series || !visibleTo(principal, series)) {
    throw new DomainError('not-found', `series ${seriesId} not found`);
  }
  return series;
}

/** Embed tokens see a series through its service (or the series itself) in their resources. */
function visibleTo(principal: Principal, series: Series): boolean {
  return canSee(principal, 'service', series.serviceId) || canSee(principal, 'series', series.id);
}
