import { sql } from 'kysely';
import { jsonb } from './jsonb.ts';
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
 * The fingerprint of a series' samples: its data version, which every write of its samples raises
 * in the same transaction (`raiseDataVersion`), so a forecast stored with it goes stale the moment
 * new samples commit. Also returns the latest hour with samples, where the forecast starts (one
 * step down the primary key's index).
 */
export async function seriesDataFingerprint(
  tx: TenantTx,
  seriesId: string,
): Promise<{ fingerprint: string; lastHour: Date | undefined }> {
  const { rows } = await sql<{ version: string; last: Date | null }>`
    select s.data_version::text as version,
      (select max(hour) from rollups_hourly r where r.series_key = s.series_key) as last
    from series s where s.id = ${seriesId}::uuid`.execute(tx);
  const row = rows[0];
  if (!row || row.last === null) return { fingerprint: 'empty', lastHour: undefined };
  const lastHour = new Date(row.last);
  return { fingerprint: `v${row.version}|${lastHour.toISOString()}`, lastHour };
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
