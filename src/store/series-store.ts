import { type Selectable, sql } from 'kysely';
import { DomainError } from '../domain/errors.ts';
import { jsonb } from './jsonb.ts';
import type { SeriesRow } from './schema.ts';
import type { TenantTx } from './with-tenant.ts';

export type SeriesKind = 'gauge' | 'counter' | 'delta';

export interface Series {
  readonly id: string;
  readonly serviceId: string;
  readonly metric: string;
  readonly unit: string;
  readonly kind: SeriesKind;
  readonly labels: Readonly<Record<string, string>>;
  readonly createdAt: Date;
}

export interface SeriesIdentity {
  readonly serviceId: string;
  readonly metric: string;
  readonly unit: string;
  readonly kind: SeriesKind;
  readonly labels: Readonly<Record<string, string>>;
}

function toSeries(row: Selectable<SeriesRow>): Series {
  return {
    id: row.id,
    serviceId: row.service_id,
    metric: row.metric,
    unit: row.unit,
    kind: row.kind,
    labels: row.labels,
    createdAt: row.created_at,
  };
}

/** Canonical text of a label set: sorted keys, so `{b,a}` and `{a,b}` are one series. */
export function labelsKey(labels: Readonly<Record<string, string>>): string {
  return Object.keys(labels)
    .sort()
    .map((key) => `${key}=${JSON.stringify(labels[key])}`)
    .join(',');
}

/**
 * Finds the series with this identity or creates it. A series keeps its first unit: a caller that
 * sends another unit must convert first, and gets a conflict if it did not.
 */
export async function ensureSeries(
  tx: TenantTx,
  tenantId: string,
  newId: string,
  identity: SeriesIdentity,
): Promise<Series> {
  const key = labelsKey(identity.labels);
  await tx
    .insertInto('series')
    .values({
      tenant_id: tenantId,
      id: newId,
      service_id: identity.serviceId,
      metric: identity.metric,
      unit: identity.unit,
      kind: identity.kind,
      labels: jsonb(identity.labels),
      labels_key: key,
    })
    .onConflict((oc) => oc.columns(['tenant_id', 'service_id', 'metric', 'labels_key']).doNothing())
    .execute();
  const row = await tx
    .selectFrom('series')
    .selectAll()
    .where('service_id', '=', identity.serviceId)
    .where('metric', '=', identity.metric)
    .where('labels_key', '=', key)
    .executeTakeFirstOrThrow();
  if (row.unit !== identity.unit) {
    throw new DomainError(
      'conflict',
      `series ${identity.metric} is stored in ${row.unit}, not ${identity.unit}`,
    );
  }
  return toSeries(row);
}

export async function listSeriesOfService(tx: TenantTx, serviceId: string): Promise<Series[]> {
  const rows = await tx
    .selectFrom('series')
    .selectAll()
    .where('service_id', '=', serviceId)
    .orderBy('metric')
    .orderBy('labels_key')
    .execute();
  return rows.map(toSeries);
}

export async function findSeries(tx: TenantTx, id: string): Promise<Series | undefined> {
  const row = await tx.selectFrom('series').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toSeries(row) : undefined;
}

export interface Point {
  readonly ts: number;
  readonly value: number;
}

export interface WriteResult {
  readonly inserted: number;
  readonly updated: number;
  readonly unchanged: number;
}

/**
 * Writes samples of one series set-wise (one statement, `unnest` arrays) and brings the hourly
 * rollups of every touched hour in line with the samples. The same sample twice is stored once;
 * another value at a stored timestamp replaces it and counts as updated.
 */
export async function writeSamples(
  tx: TenantTx,
  tenantId: string,
  seriesId: string,
  points: readonly Point[],
): Promise<WriteResult> {
  if (points.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
  // Last write wins inside one batch, as it would across batches.
  const byTs = new Map<number, number>();
  for (const point of points) byTs.set(point.ts, point.value);
  const stamps = [...byTs.keys()].map((ts) => new Date(ts).toISOString());
  const values = [...byTs.values()];
  const written = await sql<{ inserted: boolean }>`
    insert into samples (tenant_id, series_id, ts, value)
    select ${tenantId}::uuid, ${seriesId}::uuid, t.ts, t.value
    from unnest(${stamps}::timestamptz[], ${values}::float8[]) as t(ts, value)
    on conflict (tenant_id, series_id, ts) do update set value = excluded.value
      where samples.value is distinct from excluded.value
    returning (xmax = 0) as inserted`.execute(tx);
  const inserted = written.rows.filter((row) => row.inserted).length;
  const updated = written.rows.length - inserted;
  await refreshRollups(tx, tenantId, seriesId, stamps);
  return { inserted, updated, unchanged: byTs.size - written.rows.length };
}

async function refreshRollups(
  tx: TenantTx,
  tenantId: string,
  seriesId: string,
  stamps: string[],
): Promise<void> {
  // One range scan over the touched span, grouped by hour, instead of a lookup per hour.
  const hours = [...new Set(stamps.map((stamp) => `${stamp.slice(0, 13)}:00:00.000Z`))].sort();
  const first = hours[0] as string;
  const end = new Date(Date.parse(hours.at(-1) as string) + 3_600_000).toISOString();
  await sql`
    insert into rollups_hourly (tenant_id, series_id, hour, count, sum, min, max)
    select ${tenantId}::uuid, ${seriesId}::uuid, h.hour, count(*)::int, sum(s.value), min(s.value), max(s.value)
    from samples s
    join unnest(${hours}::timestamptz[]) as h(hour) on h.hour = date_trunc('hour', s.ts)
    where s.tenant_id = ${tenantId}::uuid and s.series_id = ${seriesId}::uuid
      and s.ts >= ${first}::timestamptz and s.ts < ${end}::timestamptz
    group by h.hour
    on conflict (tenant_id, series_id, hour) do update
      set count = excluded.count, sum = excluded.sum, min = excluded.min, max = excluded.max`.execute(tx);
}

export interface Rollup {
  readonly hour: Date;
  readonly count: number;
  readonly avg: number;
  readonly min: number;
  readonly max: number;
  readonly sum: number;
}

export async function readRollups(tx: TenantTx, seriesId: string, from: Date, to: Date): Promise<Rollup[]> {
  const rows = await tx
    .selectFrom('rollups_hourly')
    .select(['hour', 'count', 'sum', 'min', 'max'])
    .where('series_id', '=', seriesId)
    .where('hour', '>=', from)
    .where('hour', '<', to)
    .orderBy('hour')
    .execute();
  return rows.map((row) => ({ ...row, avg: row.sum / row.count }));
}
