import { sql } from 'kysely';
import type { TenantTx } from './with-tenant.ts';

/** The points of one series to write: timestamp (epoch ms) to value, one value per timestamp. */
export interface SeriesSamples {
  readonly seriesId: string;
  readonly points: ReadonlyMap<number, number>;
}

export interface WriteResult {
  readonly inserted: number;
  readonly updated: number;
  readonly unchanged: number;
}

const HOUR = 3_600_000;
/** UTC hours, whatever the session's time zone (date_trunc would follow it). */
const HOUR_ORIGIN = sql`timestamptz '2000-01-01T00:00:00Z'`;

/**
 * Upserts the samples of many series in one statement (`unnest` arrays) and then brings the
 * hourly rollups of every touched (series, hour) in line with the stored samples, counters'
 * `increase` included. The same sample twice is stored once; another value at a stored timestamp
 * replaces it and counts as updated. Runs inside the caller's transaction: nothing is visible
 * (or acknowledged) before it commits.
 */
export async function upsertSamples(
  tx: TenantTx,
  tenantId: string,
  batch: readonly SeriesSamples[],
): Promise<WriteResult> {
  const ids: string[] = [];
  const which: number[] = [];
  const stamps: number[] = [];
  const values: number[] = [];
  const hourSeries: number[] = [];
  const hours: number[] = [];
  for (const { seriesId, points } of batch) {
    if (points.size === 0) continue;
    const at = ids.push(seriesId);
    const seen = new Set<number>();
    for (const [ts, value] of points) {
      which.push(at);
      stamps.push(ts);
      values.push(value);
      const hour = Math.floor(ts / HOUR) * HOUR;
      if (!seen.has(hour)) {
        seen.add(hour);
        hourSeries.push(at);
        hours.push(hour);
      }
    }
  }
  if (stamps.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
  const written = await sql<{ inserted: number; written: number }>`
    with w as (
      insert into samples (tenant_id, series_id, ts, value)
      select ${tenantId}::uuid, (${ids}::uuid[])[t.i], timestamptz 'epoch' + t.ms * interval '1 millisecond', t.v
      from unnest(${which}::int4[], ${stamps}::float8[], ${values}::float8[]) as t(i, ms, v)
      on conflict (tenant_id, series_id, ts) do update set value = excluded.value
        where samples.value is distinct from excluded.value
      returning (xmax = 0) as ins)
    select (count(*) filter (where ins))::int as inserted, count(*)::int as written from w`.execute(tx);
  const row = written.rows[0] ?? { inserted: 0, written: 0 };
  if (row.written > 0) await refreshRollups(tx, tenantId, ids, hourSeries, hours);
  return {
    inserted: row.inserted,
    updated: row.written - row.inserted,
    unchanged: stamps.length - row.written,
  };
}

/**
 * Recomputes the rollups of the touched hours from the samples: one range scan per (series,
 * hour), so late and corrected samples leave the same rollup as if they had come in order.
 */
async function refreshRollups(
  tx: TenantTx,
  tenantId: string,
  ids: readonly string[],
  hourSeries: readonly number[],
  hours: readonly number[],
): Promise<void> {
  const kinds = await sql<{ id: string; kind: string }>`
    select id, kind from series where tenant_id = ${tenantId}::uuid and id = any(${ids}::uuid[])
      and kind <> 'gauge'`.execute(tx);
  await sql`
    insert into rollups_hourly (tenant_id, series_id, hour, count, sum, min, max, increase)
    select ${tenantId}::uuid, h.series_id, h.hour, count(*)::int, sum(x.value), min(x.value), max(x.value),
      case when s.kind = 'delta' then sum(x.value) end
    from (select (${ids}::uuid[])[t.i] as series_id, timestamptz 'epoch' + t.ms * interval '1 millisecond' as hour
          from unnest(${hourSeries}::int4[], ${hours}::float8[]) as t(i, ms)) h
    join series s on s.tenant_id = ${tenantId}::uuid and s.id = h.series_id
    join samples x on x.tenant_id = ${tenantId}::uuid and x.series_id = h.series_id
      and x.ts >= h.hour and x.ts < h.hour + interval '1 hour'
    group by h.series_id, h.hour, s.kind
    on conflict (tenant_id, series_id, hour) do update
      set count = excluded.count, sum = excluded.sum, min = excluded.min, max = excluded.max,
        increase = excluded.increase`.execute(tx);
  const counters = new Set(kinds.rows.filter((r) => r.kind === 'counter').map((r) => r.id));
  if (counters.size > 0) await refreshCounterIncrease(tx, tenantId, ids, hourSeries, hours, counters);
}

/**
 * A counter's increase in an hour depends on the sample before each of its samples, so a late
 * sample changes its own hour and the hour of the next sample after it: the recomputed span runs
 * from the first touched hour to the end of the hour holding the first sample after the last one.
 */
async function refreshCounterIncrease(
  tx: TenantTx,
  tenantId: string,
  ids: readonly string[],
  hourSeries: readonly number[],
  hours: readonly number[],
  counters: ReadonlySet<string>,
): Promise<void> {
  const span = new Map<string, [number, number]>();
  for (let k = 0; k < hours.length; k++) {
    const id = ids[(hourSeries[k] as number) - 1] as string;
    if (!counters.has(id)) continue;
    const hour = hours[k] as number;
    const known = span.get(id);
    if (known === undefined) span.set(id, [hour, hour + HOUR]);
    else span.set(id, [Math.min(known[0], hour), Math.max(known[1], hour + HOUR)]);
  }
  const seriesIds = [...span.keys()];
  const lo = seriesIds.map((id) => (span.get(id) as [number, number])[0]);
  const hi = seriesIds.map((id) => (span.get(id) as [number, number])[1]);
  await sql`
    with r as (
      select t.series_id, timestamptz 'epoch' + t.lo * interval '1 millisecond' as lo,
        timestamptz 'epoch' + t.hi * interval '1 millisecond' as hi
      from unnest(${seriesIds}::uuid[], ${lo}::float8[], ${hi}::float8[]) as t(series_id, lo, hi)),
    e as (
      select r.series_id, r.lo, coalesce((
        select date_bin('1 hour', x.ts, ${HOUR_ORIGIN}) + interval '1 hour' from samples x
        where x.tenant_id = ${tenantId}::uuid and x.series_id = r.series_id and x.ts >= r.hi
        order by x.ts limit 1), r.hi) as hi
      from r),
    p as (
      select e.series_id, e.lo, y.ts, y.value,
        lag(y.value) over (partition by e.series_id order by y.ts) as prev
      from e cross join lateral (
        (select ts, value from samples where tenant_id = ${tenantId}::uuid and series_id = e.series_id
          and ts < e.lo order by ts desc limit 1)
        union all
        (select ts, value from samples where tenant_id = ${tenantId}::uuid and series_id = e.series_id
          and ts >= e.lo and ts < e.hi)) y),
    inc as (
      select series_id, date_bin('1 hour', ts, ${HOUR_ORIGIN}) as hour,
        sum(case when prev is null then 0 when value >= prev then value - prev else value end) as increase
      from p where ts >= lo group by series_id, date_bin('1 hour', ts, ${HOUR_ORIGIN}))
    update rollups_hourly u set increase = inc.increase from inc
    where u.tenant_id = ${tenantId}::uuid and u.series_id = inc.series_id and u.hour = inc.hour`.execute(tx);
}
