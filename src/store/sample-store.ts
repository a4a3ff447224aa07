import { sql } from 'kysely';
import type { SeriesKind } from '../ingest/sample.ts';
import type { TenantTx } from './with-tenant.ts';

/** The points of one series to write: timestamp (epoch ms) to value, one value per timestamp. */
export interface SeriesSamples {
  readonly seriesId: string;
  /** The series' kind, if the caller knows it (saves a lookup). */
  readonly kind?: SeriesKind | undefined;
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
 * Upserts the samples of many series in one statement (`unnest` arrays) and keeps the hourly
 * rollups in line with the stored samples, counters' `increase` included. The same sample twice is
 * stored once; another value at a stored timestamp replaces it and counts as updated. Runs inside
 * the caller's transaction: nothing is visible (or acknowledged) before it commits.
 *
 * Rollups: an hour that only gained new samples is merged in the same statement (count and sum
 * add up, min and max widen); an hour where a stored value changed is recomputed from its samples,
 * so late and corrected samples leave the rollup they would have left in order.
 */
export async function upsertSamples(
  tx: TenantTx,
  tenantId: string,
  batch: readonly SeriesSamples[],
): Promise<WriteResult> {
  const all = batch.filter((s) => s.points.size > 0);
  if (all.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
  const kinds = await kindsOf(tx, tenantId, all);
  const deltas = all.filter((s) => kinds.get(s.seriesId) === 'delta').map((s) => s.seriesId);
  const fresh = new Set(await freshSeries(tx, tenantId, all));
  const known = all.filter((s) => !fresh.has(s.seriesId));
  let inserted = 0;
  if (fresh.size > 0) {
    const rows = toRows(all.filter((s) => fresh.has(s.seriesId)));
    if (await insertFresh(tx, tenantId, rows, deltas)) inserted = rows.stamps.length;
    else known.splice(0, known.length, ...all);
  }
  const upserted = known.length > 0 ? await upsertRows(tx, tenantId, toRows(known), deltas) : undefined;
  const result = {
    inserted: inserted + (upserted?.inserted ?? 0),
    updated: upserted?.updated ?? 0,
    unchanged: upserted?.unchanged ?? 0,
  };
  const counters = all.filter((s) => kinds.get(s.seriesId) === 'counter').map((s) => s.seriesId);
  if (result.inserted + result.updated > 0 && counters.length > 0) {
    await refreshCounterIncrease(tx, tenantId, counterSpans(all, new Set(counters)));
  }
  return result;
}

function toRows(batch: readonly SeriesSamples[]): Rows {
  const ids: string[] = [];
  const which: number[] = [];
  const stamps: number[] = [];
  const values: number[] = [];
  for (const { seriesId, points } of batch) {
    const at = ids.push(seriesId);
    for (const [ts, value] of points) {
      which.push(at);
      stamps.push(ts);
      values.push(value);
    }
  }
  return { ids, which, stamps, values };
}

interface Rows {
  /** Distinct series ids; `which` holds 1-based positions into it. */
  readonly ids: readonly string[];
  readonly which: readonly number[];
  readonly stamps: readonly number[];
  readonly values: readonly number[];
}

/**
 * Series with no stored sample in the span of their new points: a backfill or an append, the
 * common case, which a plain insert (no conflict handling, no read-back) can store.
 */
async function freshSeries(
  tx: TenantTx,
  tenantId: string,
  batch: readonly SeriesSamples[],
): Promise<string[]> {
  const ids: string[] = [];
  const lo: number[] = [];
  const hi: number[] = [];
  for (const { seriesId, points } of batch) {
    if (points.size === 0) continue;
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (const ts of points.keys()) {
      if (ts < min) min = ts;
      if (ts > max) max = ts;
    }
    ids.push(seriesId);
    lo.push(min);
    hi.push(max);
  }
  const rows = await sql<{ id: string }>`
    select t.id from unnest(${ids}::uuid[], ${lo}::float8[], ${hi}::float8[]) as t(id, lo, hi)
    where not exists (
      select 1 from samples x where x.tenant_id = ${tenantId}::uuid and x.series_id = t.id
        and x.ts >= timestamptz 'epoch' + t.lo * interval '1 millisecond'
        and x.ts <= timestamptz 'epoch' + t.hi * interval '1 millisecond')`.execute(tx);
  return rows.rows.map((r) => r.id);
}

/**
 * Inserts rows known to be new and merges them into the rollups, in one statement. A concurrent
 * writer may have stored one of them meanwhile: then the savepoint is rolled back and the caller
 * takes the upsert path. Returns whether it stored the rows.
 */
async function insertFresh(
  tx: TenantTx,
  tenantId: string,
  rows: Rows,
  deltas: readonly string[],
): Promise<boolean> {
  await sql`savepoint lastplan_fresh`.execute(tx);
  try {
    await sql`
      with t as materialized (
        select (${rows.ids}::uuid[])[t.i] as series_id, timestamptz 'epoch' + t.ms * interval '1 millisecond' as ts, t.v
        from unnest(${rows.which}::int4[], ${rows.stamps}::float8[], ${rows.values}::float8[]) as t(i, ms, v)),
      w as (insert into samples (tenant_id, series_id, ts, value) select ${tenantId}::uuid, series_id, ts, v from t)
      insert into rollups_hourly as r (tenant_id, series_id, hour, count, sum, min, max, increase)
      select ${tenantId}::uuid, series_id, date_bin('1 hour', ts, ${HOUR_ORIGIN}), count(*)::int, sum(v), min(v), max(v),
        case when series_id = any(${deltas}::uuid[]) then sum(v) end
      from t group by series_id, date_bin('1 hour', ts, ${HOUR_ORIGIN})
      on conflict (tenant_id, series_id, hour) do update
        set count = r.count + excluded.count, sum = r.sum + excluded.sum,
          min = least(r.min, excluded.min), max = greatest(r.max, excluded.max),
          increase = case when excluded.increase is null then null else coalesce(r.increase, 0) + excluded.increase end`.execute(
      tx,
    );
    await sql`release savepoint lastplan_fresh`.execute(tx);
    return true;
  } catch (error) {
    if ((error as { code?: string }).code !== '23505') throw error;
    await sql`rollback to savepoint lastplan_fresh`.execute(tx);
    return false;
  }
}

/** Inserts or updates rows that may exist; see `upsertSamples` for how the rollups follow. */
async function upsertRows(
  tx: TenantTx,
  tenantId: string,
  rows: Rows,
  deltas: readonly string[],
): Promise<WriteResult> {
  const { ids, which, stamps, values } = rows;
  const written = await sql<{ inserted: number; written: number; stale: string | null }>`
    with w as (
      insert into samples (tenant_id, series_id, ts, value)
      select ${tenantId}::uuid, (${ids}::uuid[])[t.i], timestamptz 'epoch' + t.ms * interval '1 millisecond', t.v
      from unnest(${which}::int4[], ${stamps}::float8[], ${values}::float8[]) as t(i, ms, v)
      on conflict (tenant_id, series_id, ts) do update set value = excluded.value
        where samples.value is distinct from excluded.value
      returning series_id, ts, value, (xmax = 0) as ins),
    a as (
      select series_id, date_bin('1 hour', ts, ${HOUR_ORIGIN}) as hour, count(*)::int as n, sum(value) as s,
        min(value) as lo, max(value) as hi, bool_and(ins) as fresh
      from w group by series_id, date_bin('1 hour', ts, ${HOUR_ORIGIN})),
    m as (
      insert into rollups_hourly as r (tenant_id, series_id, hour, count, sum, min, max, increase)
      select ${tenantId}::uuid, a.series_id, a.hour, a.n, a.s, a.lo, a.hi,
        case when a.series_id = any(${deltas}::uuid[]) then a.s end
      from a where a.fresh
      on conflict (tenant_id, series_id, hour) do update
        set count = r.count + excluded.count, sum = r.sum + excluded.sum,
          min = least(r.min, excluded.min), max = greatest(r.max, excluded.max),
          increase = case when excluded.increase is null then null else coalesce(r.increase, 0) + excluded.increase end)
    select (select count(*) from w where ins)::int as inserted, (select count(*) from w)::int as written,
      (select string_agg(series_id::text || '@' || (extract(epoch from hour) * 1000)::bigint::text, ',')
        from a where not fresh ) as stale`.execute(tx);
  const row = written.rows[0] ?? { inserted: 0, written: 0, stale: null };
  if (row.stale) await recomputeRollups(tx, tenantId, row.stale.split(','), deltas);
  return {
    inserted: row.inserted,
    updated: row.written - row.inserted,
    unchanged: stamps.length - row.written,
  };
}

async function kindsOf(
  tx: TenantTx,
  tenantId: string,
  batch: readonly SeriesSamples[],
): Promise<Map<string, SeriesKind>> {
  const kinds = new Map<string, SeriesKind>();
  const unknown: string[] = [];
  for (const s of batch) {
    if (s.kind === undefined) unknown.push(s.seriesId);
    else kinds.set(s.seriesId, s.kind);
  }
  if (unknown.length > 0) {
    const rows = await sql<{ id: string; kind: SeriesKind }>`
      select id, kind from series where tenant_id = ${tenantId}::uuid and id = any(${unknown}::uuid[])`.execute(
      tx,
    );
    for (const r of rows.rows) kinds.set(r.id, r.kind);
  }
  return kinds;
}

/** Recomputes the rollups of (series, hour) pairs, given as `seriesId@epochMs`, from their samples. */
async function recomputeRollups(
  tx: TenantTx,
  tenantId: string,
  pairs: readonly string[],
  deltas: readonly string[],
): Promise<void> {
  const series = pairs.map((p) => p.slice(0, p.indexOf('@')));
  const hours = pairs.map((p) => Number(p.slice(p.indexOf('@') + 1)));
  await sql`
    insert into rollups_hourly (tenant_id, series_id, hour, count, sum, min, max, increase)
    select ${tenantId}::uuid, h.series_id, h.hour, count(*)::int, sum(x.value), min(x.value), max(x.value),
      case when h.series_id = any(${deltas}::uuid[]) then sum(x.value) end
    from (select t.series_id, timestamptz 'epoch' + t.ms * interval '1 millisecond' as hour
          from unnest(${series}::uuid[], ${hours}::float8[]) as t(series_id, ms)) h
    join samples x on x.tenant_id = ${tenantId}::uuid and x.series_id = h.series_id
      and x.ts >= h.hour and x.ts < h.hour + interval '1 hour'
    group by h.series_id, h.hour
    on conflict (tenant_id, series_id, hour) do update
      set count = excluded.count, sum = excluded.sum, min = excluded.min, max = excluded.max,
        increase = excluded.increase`.execute(tx);
}

/** Per counter series, the span of whole hours its new points touch. */
function counterSpans(
  batch: readonly SeriesSamples[],
  counters: ReadonlySet<string>,
): Map<string, [number, number]> {
  const spans = new Map<string, [number, number]>();
  for (const { seriesId, points } of batch) {
    if (!counters.has(seriesId) || points.size === 0) continue;
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (const ts of points.keys()) {
      if (ts < lo) lo = ts;
      if (ts > hi) hi = ts;
    }
    spans.set(seriesId, [Math.floor(lo / HOUR) * HOUR, Math.floor(hi / HOUR) * HOUR + HOUR]);
  }
  return spans;
}

/**
 * A counter's increase in an hour depends on the sample before each of its samples, so a late
 * sample changes its own hour and the hour of the next sample after it: the recomputed span runs
 * from the first touched hour to the end of the hour holding the first sample after the last one.
 */
async function refreshCounterIncrease(
  tx: TenantTx,
  tenantId: string,
  span: ReadonlyMap<string, [number, number]>,
): Promise<void> {
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
