import { sql } from 'kysely';
import type { Database } from './database.ts';
import type { TenantTx } from './with-tenant.ts';

/**
 * Deletes the tenant's raw samples older than `before` row by row; hourly rollups are kept, so
 * forecasts still see the history. Returns the number of samples deleted. The retention job
 * drops whole partitions instead (`dropExpiredSamples`); this is for one tenant's leftovers.
 */
export async function deleteExpiredSamples(tx: TenantTx, _tenantId: string, before: Date): Promise<number> {
  // Row-level security confines the statement to the tenant; partitions after `before` are pruned.
  const result = await sql`delete from samples where ts < ${before.toISOString()}::timestamptz`.execute(tx);
  return Number(result.numAffectedRows ?? 0);
}

export interface DroppedSamples {
  /** Weekly partitions dropped. */
  readonly partitions: number;
  /** Samples they held (the planner's estimate) plus those deleted from the default partition. */
  readonly rows: number;
}

/**
 * Retention for the whole deployment: drops every weekly sample partition that ended before
 * `before` (no row-by-row delete, no dead tuples) and deletes the older rows that landed in the
 * default partition. A week that straddles `before` stays until it is over, so raw samples live
 * at most seven days past the retention. Hourly rollups are kept.
 */
export async function dropExpiredSamples(database: Database, before: Date): Promise<DroppedSamples> {
  const result = await sql<{ dropped_partitions: number; dropped_rows: number }>`
    select dropped_partitions, dropped_rows from lastplan_drop_samples_before(${before.toISOString()}::timestamptz)`.execute(
    database.db,
  );
  const row = result.rows[0];
  return { partitions: Number(row?.dropped_partitions ?? 0), rows: Number(row?.dropped_rows ?? 0) };
}
