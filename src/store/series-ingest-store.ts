import { sql } from 'kysely';
import type { SeriesKind } from '../ingest/sample.ts';
import { jsonb } from './jsonb.ts';
import type { TenantTx } from './with-tenant.ts';

/** A series as the ingest path looks it up: by service, metric and canonical label text. */
export interface SeriesKey {
  readonly serviceId: string;
  readonly metric: string;
  readonly labelsKey: string;
}

export interface StoredSeries {
  readonly id: string;
  /** `series.series_key` as text: what samples and rollups are stored under. */
  readonly key: string;
  readonly unit: string;
  readonly kind: SeriesKind;
}

export interface NewSeries extends SeriesKey {
  readonly id: string;
  readonly unit: string;
  readonly kind: SeriesKind;
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * The text `findSeriesByKey` keys its answer by.
 *
 * @example seriesKeyText({ serviceId: 's', metric: 'm', labelsKey: 'a="1"' }) // 's\u0000m\u0000a="1"'
 */
export function seriesKeyText(key: SeriesKey): string {
  return `${key.serviceId}\u0000${key.metric}\u0000${key.labelsKey}`;
}

/** Creates the services not stored yet (by key) and returns the ids of the given ones. */
export async function ensureServices(
  tx: TenantTx,
  tenantId: string,
  keys: readonly string[],
  newId: () => string,
): Promise<Map<string, string>> {
  if (keys.length === 0) return new Map();
  await tx
    .insertInto('services')
    .values(keys.map((key) => ({ tenant_id: tenantId, id: newId(), key, name: key, tags: jsonb({}) })))
    .onConflict((oc) => oc.columns(['tenant_id', 'key']).doNothing())
    .execute();
  const rows = await tx.selectFrom('services').select(['id', 'key']).where('key', 'in', keys).execute();
  return new Map(rows.map((row) => [row.key, row.id]));
}

/** The stored series among `wanted`, keyed by `seriesKeyText`, in one statement. */
export async function findSeriesByKey(
  tx: TenantTx,
  tenantId: string,
  wanted: readonly SeriesKey[],
): Promise<Map<string, StoredSeries>> {
  if (wanted.length === 0) return new Map();
  const rows = await sql<{
    id: string;
    key: string;
    service_id: string;
    metric: string;
    labels_key: string;
    unit: string;
    kind: SeriesKind;
  }>`
    select s.id, s.series_key::text as key, s.service_id, s.metric, s.labels_key, s.unit, s.kind
    from series s
    join unnest(${wanted.map((w) => w.serviceId)}::uuid[], ${wanted.map((w) => w.metric)}::text[],
      ${wanted.map((w) => w.labelsKey)}::text[]) as k(service_id, metric, labels_key)
      on s.service_id = k.service_id and s.metric = k.metric and s.labels_key = k.labels_key
    where s.tenant_id = ${tenantId}::uuid`.execute(tx);
  return new Map(
    rows.rows.map((r) => [
      seriesKeyText({ serviceId: r.service_id, metric: r.metric, labelsKey: r.labels_key }),
      { id: r.id, key: r.key, unit: r.unit, kind: r.kind },
    ]),
  );
}

/**
 * Takes the tenant's series-creation lock for the rest of the transaction and counts its series:
 * one creator at a time per tenant, so two requests cannot both take the last free series.
 */
export async function lockAndCountSeries(tx: TenantTx, tenantId: string): Promise<number> {
  await sql`select pg_advisory_xact_lock(hashtext('lastplan.series'), hashtext(${tenantId}))`.execute(tx);
  const counted = await sql<{ n: number }>`select count(*)::int as n from series`.execute(tx);
  return counted.rows[0]?.n ?? 0;
}

/** Inserts series; one a concurrent writer created meanwhile is left as it is. */
export async function insertSeries(
  tx: TenantTx,
  tenantId: string,
  series: readonly NewSeries[],
): Promise<void> {
  if (series.length === 0) return;
  await tx
    .insertInto('series')
    .values(
      series.map((s) => ({
        tenant_id: tenantId,
        id: s.id,
        service_id: s.serviceId,
        metric: s.metric,
        unit: s.unit,
        kind: s.kind,
        labels: jsonb(s.labels),
        labels_key: s.labelsKey,
      })),
    )
    .onConflict((oc) => oc.columns(['tenant_id', 'service_id', 'metric', 'labels_key']).doNothing())
    .execute();
}
