import { sql } from 'kysely';
import type { Series } from './series-store.ts';
import { findSeries } from './series-store.ts';
import type { TenantTx } from './with-tenant.ts';

/** The tenant's series that received samples since `since`: the ones whose forecasts people open. */
export async function listActiveSeries(tx: TenantTx, since: Date): Promise<Series[]> {
  const rows = await sql<{ series_id: string }>`
    select s.id as series_id from series s
    where exists (select 1 from rollups_hourly r where r.series_key = s.series_key
      and r.hour >= ${since.toISOString()}::timestamptz)`.execute(tx);
  const found = await Promise.all(rows.rows.map((row) => findSeries(tx, row.series_id)));
  return found.filter((series): series is Series => series !== undefined);
}
