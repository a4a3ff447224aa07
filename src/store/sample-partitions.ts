import { sql } from 'kysely';
import type { Database } from './database.ts';

/** One partition of `samples` (a UTC week) or `rollups_hourly` (a UTC month). */
export interface Partition {
  readonly table: 'samples' | 'rollups_hourly';
  readonly name: string;
  /** Undefined for the default partition, which holds rows outside every range. */
  readonly from?: Date;
  readonly to?: Date;
}

/**
 * Creates the partitions of the previous, current and next two weeks (samples) and months
 * (rollups) around `at`, and one for every week or month with at least `minRows` rows in the
 * default partition (moving them there). Returns the number created; safe to run concurrently.
 */
export async function upkeepPartitions(database: Database, at: Date, minRows = 1000): Promise<number> {
  const result = await sql<{ created: number }>`
    select lastplan_partition_upkeep(${at.toISOString()}::timestamptz, ${minRows}::int8) as created`.execute(
    database.db,
  );
  return Number(result.rows[0]?.created ?? 0);
}

/** The partitions of samples and rollups, oldest first, the default partitions last. */
export async function listPartitions(database: Database): Promise<Partition[]> {
  const result = await sql<{ parent: string; name: string; from_ms: number | null; to_ms: number | null }>`
    select p.relname as parent, c.relname as name,
      (extract(epoch from substring(pg_get_expr(c.relpartbound, c.oid) from 'FROM \\(''([^'']*)''\\)')::timestamptz) * 1000)::float8 as from_ms,
      (extract(epoch from substring(pg_get_expr(c.relpartbound, c.oid) from 'TO \\(''([^'']*)''\\)')::timestamptz) * 1000)::float8 as to_ms
    from pg_inherits i
    join pg_class c on c.oid = i.inhrelid
    join pg_class p on p.oid = i.inhparent
    where p.relname in ('samples', 'rollups_hourly')
    order by p.relname, from_ms nulls last`.execute(database.db);
  return result.rows.map((row) => ({
    table: row.parent as Partition['table'],
    name: row.name,
    ...(row.from_ms === null ? {} : { from: new Date(Number(row.from_ms)) }),
    ...(row.to_ms === null ? {} : { to: new Date(Number(row.to_ms)) }),
  }));
}
