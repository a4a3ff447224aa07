import { type Selectable, sql } from 'kysely';
import { DomainError } from '../domain/errors.ts';
import { labelsKey } from '../ingest/series-groups.ts';
import { jsonb } from './jsonb.ts';
import { upsertSamples, type WriteResult } from './sample-store.ts';
import type { SeriesRow } from './schema.ts';
import { decodeCursor, encodeCursor } from './service-store.ts';
import type { TenantTx } from './with-tenant.ts';

export type { WriteResult };

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

/**
 * Writes samples of one series set-wise and brings the hourly rollups of every touched hour in
 * line with the samples (see `upsertSamples`). Last write wins inside one call, as it would across
 * calls.
 */
export async function writeSamples(
  tx: TenantTx,
  tenantId: string,
  seriesId: string,
  points: readonly Point[],
): Promise<WriteResult> {
  const byTs = new Map<number, number>();
  for (const point of points) byTs.set(point.ts, point.value);
  return upsertSamples(tx, tenantId, [{ seriesId, points: byTs }]);
}

export interface Rollup {
  readonly hour: Date;
  readonly count: number;
  readonly avg: number;
  readonly min: number;
  readonly max: number;
  readonly sum: number;
  /** Counters: growth during the hour (resets handled); delta series: the sum; gauges: undefined. */
  readonly increase?: number;
}

export async function readRollups(tx: TenantTx, seriesId: string, from: Date, to: Date): Promise<Rollup[]> {
  const rows = await tx
    .selectFrom('rollups_hourly')
    .select(['hour', 'count', 'sum', 'min', 'max', 'increase'])
    .where('series_key', '=', seriesKeyOf(seriesId))
    .where('hour', '>=', from)
    .where('hour', '<', to)
    .orderBy('hour')
    .execute();
  return rows.map(({ increase, ...row }) => ({
    ...row,
    avg: row.sum / row.count,
    ...(increase === null ? {} : { increase }),
  }));
}

/** Series of a service ordered by metric and labels, a page at a time. */
export async function listSeriesPage(
  tx: TenantTx,
  serviceId: string,
  options: { limit: number; cursor?: string | undefined },
): Promise<{ items: Series[]; nextCursor?: string }> {
  let query = tx
    .selectFrom('series')
    .selectAll()
    .where('service_id', '=', serviceId)
    .orderBy('metric')
    .orderBy('labels_key')
    .limit(options.limit + 1);
  if (options.cursor !== undefined) {
    const [metric = '', key = ''] = decodeCursor(options.cursor).split('\u0000');
    query = query.where((eb) =>
      eb.or([eb('metric', '>', metric), eb.and([eb('metric', '=', metric), eb('labels_key', '>', key)])]),
    );
  }
  const rows = await query.execute();
  const items = rows.slice(0, options.limit).map(toSeries);
  const last = items.at(-1);
  return rows.length > options.limit && last
    ? { items, nextCursor: encodeCursor(`${last.metric}\u0000${labelsKey(last.labels)}`) }
    : { items };
}

/**
 * The series' key as a scalar subquery: samples and rollups are keyed by it, not by the id. As
 * one value for the whole statement, it leaves the planner a plain index range scan.
 */
export function seriesKeyOf(seriesId: string) {
  return sql<string>`(select series_key from series where id = ${seriesId}::uuid)`;
}

/** Raw samples of a series in [from, to), oldest first, at most `limit`. */
export async function readSamples(
  tx: TenantTx,
  seriesId: string,
  from: Date,
  to: Date,
  limit: number,
): Promise<Point[]> {
  const rows = await tx
    .selectFrom('samples')
    .select(['ts', 'value'])
    .where('series_key', '=', seriesKeyOf(seriesId))
    .where('ts', '>=', from)
    .where('ts', '<', to)
    .orderBy('ts')
    .limit(limit)
    .execute();
  return rows.map((row) => ({ ts: row.ts.getTime(), value: row.value }));
}

/**
 * Hourly rollups of a series in [from, to) as JSON array text, for reads of long spans: a year is
 * 8,760 points. PostgreSQL hands them over as one compact text (no per-row decoding or Date
 * objects) and the JSON is written straight from it. Each point is `{ts, avg, min, max, sum,
 * count}` plus `increase` and `rate` (per second) for counters and deltas.
 */
export async function readRollupsJson(tx: TenantTx, seriesId: string, from: Date, to: Date): Promise<string> {
  const result = await sql<{ rows: string | null }>`
    select string_agg((extract(epoch from hour) * 1000)::bigint || ',' || count || ',' || sum || ',' || min
      || ',' || max || ',' || coalesce(increase::text, ''), ';' order by hour) as rows
    from rollups_hourly
    where series_key = ${seriesKeyOf(seriesId)} and hour >= ${from.toISOString()}::timestamptz
      and hour < ${to.toISOString()}::timestamptz`.execute(tx);
  const text = result.rows[0]?.rows;
  if (!text) return '[]';
  const points: string[] = [];
  for (const row of text.split(';')) {
    const [ms, count, sum, min, max, increase] = row.split(',') as [
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    const n = Number(count);
    const total = Number(sum);
    const counter =
      increase === '' ? '' : `,"increase":${num(Number(increase))},"rate":${num(Number(increase) / 3600)}`;
    points.push(
      `{"ts":"${new Date(Number(ms)).toISOString()}","avg":${num(total / n)},"min":${num(Number(min))},"max":${num(Number(max))},"sum":${num(total)},"count":${n}${counter}}`,
    );
  }
  return `[${points.join(',')}]`;
}

/** JSON has no Infinity: an overflowing aggregate is written as null. */
function num(value: number): string {
  return Number.isFinite(value) ? String(value) : 'null';
}
