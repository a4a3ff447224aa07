import { sql } from 'kysely';
import { jsonb } from './jsonb.ts';
import { seriesKeyOf } from './series-store.ts';
import type { TenantTx } from './with-tenant.ts';

/** What a cached forecast is stored under: one series, one horizon, one set of levels. */
export interface ForecastCacheKey {
  readonly seriesId: string;
  readonly horizonMs: number;
  /** Sorted levels as text, e.g. '80,95,99'. */
  readonly levels: string;
}

/** The state of the inputs a cached forecast was made from; it is valid while both match. */
export interface ForecastFingerprints {
  readonly data: string;
  readonly context: string;
}

export interface CachedForecast<T> {
  readonly result: T;
  readonly generatedAt: Date;
}

/**
 * A cheap fingerprint of a series' hourly rollups: the latest hour, the number of hours, the sum
 * of their sums and the number of samples. Any write through `writeSamples` changes at least one of
 * them (a new hour, a new sample, or a replaced value), so a forecast stored with it goes stale the
 * moment new samples arrive. One index range scan; no change to the series table needed.
 * Also returns the latest hour, where the forecast starts.
 */
export async function seriesDataFingerprint(
  tx: TenantTx,
  seriesId: string,
): Promise<{ fingerprint: string; lastHour: Date | undefined }> {
  const { rows } = await sql<{
    last: Date | null;
    hours: number;
    total: number | null;
    samples: number | null;
  }>`
    select max(hour) as last, count(*)::int as hours, sum(sum) as total, sum(count)::int8 as samples
    from rollups_hourly where series_key = ${seriesKeyOf(seriesId)}`.execute(tx);
  const row = rows[0];
  if (!row || row.hours === 0 || row.last === null) return { fingerprint: 'empty', lastHour: undefined };
  const lastHour = new Date(row.last);
  // Sums of floats may differ in the last bits with the summation order; 12 significant digits
  // are stable and still see any changed sample.
  return {
    fingerprint: `${lastHour.toISOString()}|${row.hours}|${Number(row.samples)}|${Number(row.total).toPrecision(12)}`,
    lastHour,
  };
}

/** The cached forecast for the key if its fingerprints still match, else undefined. */
export async function findCachedForecast<T>(
  tx: TenantTx,
  key: ForecastCacheKey,
  fingerprints: ForecastFingerprints,
): Promise<CachedForecast<T> | undefined> {
  const row = await tx
    .selectFrom('forecast_cache')
    .select(['result', 'generated_at'])
    .where('series_id', '=', key.seriesId)
    .where('horizon_ms', '=', key.horizonMs)
    .where('levels', '=', key.levels)
    .where('data_fingerprint', '=', fingerprints.data)
    .where('context_fingerprint', '=', fingerprints.context)
    .executeTakeFirst();
  return row ? { result: row.result as T, generatedAt: row.generated_at } : undefined;
}

/** Forecasts kept per series; any horizon and level set is a key, so the oldest give way. */
export const CACHED_FORECASTS_PER_SERIES = 20;

/**
 * Stores (or replaces) the forecast for the key together with the fingerprints it was made from,
 * and drops the series' oldest entries beyond `CACHED_FORECASTS_PER_SERIES`.
 */
export async function saveCachedForecast<T>(
  tx: TenantTx,
  tenantId: string,
  key: ForecastCacheKey,
  fingerprints: ForecastFingerprints,
  forecast: CachedForecast<T>,
): Promise<void> {
  await tx
    .insertInto('forecast_cache')
    .values({
      tenant_id: tenantId,
      series_id: key.seriesId,
      horizon_ms: key.horizonMs,
      levels: key.levels,
      data_fingerprint: fingerprints.data,
      context_fingerprint: fingerprints.context,
      result: jsonb(forecast.result),
      generated_at: forecast.generatedAt,
    })
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'series_id', 'horizon_ms', 'levels']).doUpdateSet({
        data_fingerprint: fingerprints.data,
        context_fingerprint: fingerprints.context,
        result: jsonb(forecast.result),
        generated_at: forecast.generatedAt,
      }),
    )
    .execute();
  // Never waits for a row another request is writing (no deadlock between two misses of one
  // series); at worst the cap is kept by the next save.
  await sql`
    delete from forecast_cache c
    using (
      select horizon_ms, levels from forecast_cache where series_id = ${key.seriesId}::uuid
      order by (horizon_ms = ${key.horizonMs} and levels = ${key.levels}) desc, generated_at desc
      offset ${CACHED_FORECASTS_PER_SERIES}
      for update skip locked
    ) old
    where c.series_id = ${key.seriesId}::uuid and c.horizon_ms = old.horizon_ms and c.levels = old.levels`.execute(
    tx,
  );
}
