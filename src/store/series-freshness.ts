import { sql } from 'kysely';
import type { SeriesKind } from '../ingest/sample.ts';
import { type Database, READ_ONLY } from './database.ts';
import type { TenantTx } from './with-tenant.ts';

/**
 * Raises the data version of the series, in the caller's transaction: whoever reads a version
 * after this commits also sees the samples written with it. Rows are locked in id order, so two
 * writers of overlapping series queue instead of deadlocking on the series rows.
 */
export async function raiseDataVersion(tx: TenantTx, seriesIds: readonly string[]): Promise<void> {
  if (seriesIds.length === 0) return;
  await sql`
    update series s set data_version = s.data_version + 1
    from (select id from series where id = any(${[...seriesIds]}::uuid[]) order by id for update) locked
    where s.id = locked.id`.execute(tx);
}

/** What a forecast of a series depends on besides the request's options, as of one statement. */
export interface SeriesFreshness {
  readonly serviceId: string;
  readonly kind: SeriesKind;
  /**
   * Changes whenever a forecast of the series may change: its samples (the data version), its
   * metric and unit, the tenant's time zone and federal state, or the tenant's events.
   */
  readonly stamp: string;
}

/**
 * The freshness of one series of one tenant in a single statement, without a transaction: the
 * check a memoised forecast needs on every hit. It runs on the owner's connection, so the tenant is
 * named in every predicate here rather than left to row-level security; undefined when the tenant
 * has no such series. Every change of the tenant's events raises its context version (a trigger,
 * migration 0018), so one row tells them too.
 */
export async function readSeriesFreshness(
  database: Database,
  tenantId: string,
  seriesId: string,
): Promise<SeriesFreshness | undefined> {
  // PGlite: while nothing was written in this process (the folder's one user), the stamp holds.
  const generation = database.writeGeneration?.();
  const known = generation === undefined ? undefined : rememberedOf(database);
  const key = `${tenantId}/${seriesId}`;
  const hit = known?.get(key);
  if (hit && hit.generation === generation) return hit.freshness;
  const { rows } = await sql<{ service_id: string; kind: SeriesKind; stamp: string }>`${sql.raw(READ_ONLY)}
    select s.service_id, s.kind,
      concat_ws('|', s.data_version, s.metric, s.unit, t.time_zone, t.federal_state, t.context_version) as stamp
    from series s join tenants t on t.id = s.tenant_id
    where s.tenant_id = ${tenantId}::uuid and s.id = ${seriesId}::uuid`.execute(database.db);
  const row = rows[0];
  const freshness = row ? { serviceId: row.service_id, kind: row.kind, stamp: row.stamp } : undefined;
  if (known && generation !== undefined) {
    if (known.size >= 10_000) known.clear();
    known.set(key, { generation, freshness });
  }
  return freshness;
}

/** Stamps read on a PGlite database, with the write generation they were read at. */
const remembered = new WeakMap<Database, Map<string, { generation: number; freshness?: SeriesFreshness }>>();

function rememberedOf(database: Database) {
  let found = remembered.get(database);
  if (!found) {
    found = new Map();
    remembered.set(database, found);
  }
  return found;
}
