import { sql } from 'kysely';
import type { SeriesKind } from '../ingest/sample.ts';
import { raiseDataVersion } from './series-freshness.ts';
import type { TenantTx } from './with-tenant.ts';

/** The points of one series to write: timestamp (epoch ms) to value, one value per timestamp. */
export interface SeriesSamples {
  readonly seriesId: string;
  /** `series.series_key` as text, if the caller knows it (saves a lookup). */
  readonly seriesKey?: string | undefined;
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
 * the caller's transaction: nothing is visible (or acknowledged) before it commits. A write that
 * changed anything raises the series' data version in the same transaction (cached forecasts
 * check it).
 *
 * Rollups: an hour that only gained new samples is merged in the same statement (count and sum
 * add up, min and max widen); an hour where a stored value changed is recomputed from its samples,
 * so late and corrected samples leave the rollup they would have left in order.
 */
export async function upsertSamples(
  tx: TenantTx,
  _tenantId: string,
  batch: readonly SeriesSamples[],
): Promise<WriteResult> {
  const given = batch.filter((s) => s.points.size > 0);
  if (given.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
  const all = await withKeys(tx, given);
  const deltas = all.filter((s) => s.kind === 'delta').map((s) => s.key);
  const fresh = new Set(await freshSeries(tx, all));
  const known = all.filter((s) => !fresh.has(s.key));
  let inserted = 0;
  if (fresh.size > 0) {
    const rows = toRows(all.filter((s) => fresh.has(s.key)));
    if (await insertFresh(tx, rows, deltas)) inserted = rows.stamps.length;
    else known.splice(0, known.length, ...all);
  }
  const upserted = known.length > 0 ? await upsertRows(tx, toRows(known), deltas) : undefined;
  const result = {
    inserted: inserted + (upserted?.inserted ?? 0),
    updated: upserted?.updated ?? 0,
    unchanged: upserted?.unchanged ?? 0,
  };
  const counters = all.filter((s) => s.kind === 'counter');
  if (result.inserted + result.updated > 0 && counters.length > 0) {
    await refreshCounterIncrease(tx, counterSpans(counters));
  }
  if (result.inserted + result.updated > 0) {
    await raiseDataVersion(
      tx,
      given.map((s) => s.seriesId),
    );
  }
  return result;
}

/** A batch entry with its series key and kind known. */
interface Keyed {
  readonly key: string;
  readonly kind: SeriesKind;
  readonly points: ReadonlyMap<number, number>;
}

/**
 * Looks up the keys and kinds the caller did not give, in the tenant's series (row-level
 * security keeps another tenant's ids unknown). Samples of an unknown series are left out.
 */
async function withKeys(tx: TenantTx, batch: readonly SeriesSamples[]): Promise<Keyed[]> {
  const unknown = batch
    .filter((s) => s.seriesKey === undefined || s.kind === undefined)
    .map((s) => s.seriesId);
  const found = new Map<string, { key: string; kind: SeriesKind }>();
  if (unknown.length > 0) {
    const rows = await sql<{ id: string; key: string; kind: SeriesKind }>`
      select id, series_key::text as key, kind from series where id = any(${unknown}::uuid[])`.execute(tx);
    for (const r of rows.rows) found.set(r.id, { key: r.key, kind: r.kind });
  }
  const keyed: Keyed[] = [];
  for (const s of batch) {
    const looked = found.get(s.seriesId);
    const key = s.seriesKey ?? looked?.key;
    const kind = s.kind ?? looked?.kind;
    if (key !== undefined && kind !== undefined) keyed.push({ key, kind, points: s.points });
  }
  return keyed;
}

function toRows(batch: readonly Keyed[]): Rows {
  const keys: string[] = [];
  const which: number[] = [];
  const stamps: number[] = [];
  const values: number[] = [];
  for (const { key, points } of batch) {
    const at = keys.push(key);
    for (const [ts, value] of points) {
      which.push(at);
      stamps.push(ts);
      values.push(value);
    }
  }
  return { keys, which, stamps, values };
}

interface Rows {
  /** Distinct series keys; `which` holds 1-based positions into it. */
  readonly keys: readonly string[];
  readonly which: readonly number[];
  readonly stamps: readonly number[];
  readonly values: readonly number[];
}

/**
 * Series with no stored sample in the span of their new points: a backfill or an append, the
 * common case, which a plain insert (no conflict handling, no read-back) can store.
 */
async function freshSeries(tx: TenantTx, batch: readonly Keyed[]): Promise<string[]> {
  const keys: string[] = [];
  const lo: number[] = [];
  const hi: number[] = [];
  for (const { key, points } of batch) {
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (const ts of points.keys()) {
      if (ts < min) min = ts;
      if (ts > max) max = ts;
    }
    keys.push(key);
    lo.push(min);
    hi.push(max);
  }
  const rows = await sql<{ key: string }>`
    select t.key::text as key from unnest(${keys}::int8[], ${lo}::float8[], ${hi}::float8[]) as t(key, lo, hi)
    where not exists (
      select 1 from samples x where x.series_key = t.key
        and x.ts >= timestamptz 'epoch' + t.lo * interval '1 millisecond'
        and x.ts <= timestamptz 'epoch' + t.hi * interval '1 millisecond')`.execute(tx);
  return rows.rows.map((r) => r.key);
}

/**
 * Inserts rows known to be new and merges them into the rollups, in one statement. A concurrent
 * writer may have stored one of them meanwhile: then the savepoint is rolled back and the caller
 * takes the upsert path. Returns whether it stored the rows.
 */
async function insertFresh(tx: TenantTx, rows: Rows, deltas: readonly string[]): Promise<boolean> {
  await sql`savepoint lastplan_fresh`.execute(tx);
  try {
    await sql`
      with t as materialized (
        select (${rows.keys}::int8[])[t.i] as series_key, timestamptz 'epoch' + t.ms * interval '1 millisecond' as ts, t.v
        from unnest(${rows.which}::int4[], ${rows.stamps}::float8[], ${rows.values}::float8[]) as t(i, ms, v)),
      w as (insert into samples (series_key, ts, value) select series_key, ts, v from t)
      insert into rollups_hourly as r (series_key, hour, count, sum, min, max, increase)
      select series_key, date_bin('1 hour', ts, ${HOUR_ORIGIN}), count(*)::int, sum(v), min(v), max(v),
        case when series_key = any(${deltas}::int8[]) then sum(v) end
      from t group by series_key, date_bin('1 hour', ts, ${HOUR_ORIGIN})
      on conflict (series_key, hour) do update
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

/**
 * Inserts or updates rows that may exist; see `upsertSamples` for how the rollups follow. The
 * insert skips stored rows and the update (which sees only rows stored before the statement)
 * replaces changed values: a partitioned table cannot tell them apart by `xmax` in one upsert.
 * A row another transaction stores meanwhile keeps its value, as if it had been written last.
 */
async function upsertRows(tx: TenantTx, rows: Rows, deltas: readonly string[]): Promise<WriteResult> {
  const { keys, which, stamps, values } = rows;
  const written = await sql<{ inserted: number; written: number; stale: string | null }>`
    with t as materialized (
      select (${keys}::int8[])[t.i] as series_key, timestamptz 'epoch' + t.ms * interval '1 millisecond' as ts, t.v
      from unnest(${which}::int4[], ${stamps}::float8[], ${values}::float8[]) as t(i, ms, v)),
    i as (
      insert into samples (series_key, ts, value) select series_key, ts, v from t
      on conflict (series_key, ts) do nothing
      returning series_key, ts, value),
    u as (
      update samples x set value = t.v from t
      where x.series_key = t.series_key and x.ts = t.ts and x.value is distinct from t.v
      returning x.series_key, x.ts, x.value),
    w as (
      select series_key, ts, value, true as ins from i
      union all select series_key, ts, value, false from u),
    a as (
      select series_key, date_bin('1 hour', ts, ${HOUR_ORIGIN}) as hour, count(*)::int as n, sum(value) as s,
        min(value) as lo, max(value) as hi, bool_and(ins) as fresh
      from w group by series_key, date_bin('1 hour', ts, ${HOUR_ORIGIN})),
    m as (
      insert into rollups_hourly as r (series_key, hour, count, sum, min, max, increase)
      select a.series_key, a.hour, a.n, a.s, a.lo, a.hi,
        case when a.series_key = any(${deltas}::int8[]) then a.s end
      from a where a.fresh
      on conflict (series_key, hour) do update
        set count = r.count + excluded.count, sum = r.sum + excluded.sum,
          min = least(r.min, excluded.min), max = greatest(r.max, excluded.max),
          increase = case when excluded.increase is null then null else coalesce(r.increase, 0) + excluded.increase end)
    select (select count(*) from w where ins)::int as inserted, (select count(*) from w)::int as written,
      (select string_agg(series_key::text || '@' || (extract(epoch from hour) * 1000)::bigint::text, ',')
        from a where not fresh ) as stale`.execute(tx);
  const row = written.rows[0] ?? { inserted: 0, written: 0, stale: null };
  if (row.stale) await recomputeRollups(tx, row.stale.split(','), deltas);
  return {
    inserted: row.inserted,
    updated: row.written - row.inserted,
    unchanged: stamps.length - row.written,
  };
}

/** Recomputes the rollups of (series, hour) pairs, given as `seriesKey@epochMs`, from their samples. */
async function recomputeRollups(
  tx: TenantTx,
  pairs: readonly string[],
  deltas: readonly string[],
): Promise<void> {
  const keys = pairs.map((p) => p.slice(0, p.indexOf('@')));
  const hours = pairs.map((p) => Number(p.slice(p.indexOf('@') + 1)));
  await sql`
    insert into rollups_hourly (series_key, hour, count, sum, min, max, increase)
    select h.series_key, h.hour, count(*)::int, sum(x.value), min(x.value), max(x.value),
      case when h.series_key = any(${deltas}::int8[]) then sum(x.value) end
    from (select t.series_key, timestamptz 'epoch' + t.ms * interval '1 millisecond' as hour
          from unnest(${keys}::int8[], ${hours}::float8[]) as t(series_key, ms)) h
    join samples x on x.series_key = h.series_key and x.ts >= h.hour and x.ts < h.hour + interval '1 hour'
    group by h.series_key, h.hour
    on conflict (series_key, hour) do update
      set count = excluded.count, sum = excluded.sum, min = excluded.min, max = excluded.max,
        increase = excluded.increase`.execute(tx);
}

/** Per counter series (by key), the span of whole hours its new points touch. */
function counterSpans(batch: readonly Keyed[]): Map<string, [number, number]> {
  const spans = new Map<string, [number, number]>();
  for (const { key, points } of batch) {
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (const ts of points.keys()) {
      if (ts < lo) lo = ts;
      if (ts > hi) hi = ts;
    }
    spans.set(key, [Math.floor(lo / HOUR) * HOUR, Math.floor(hi / HOUR) * HOUR + HOUR]);
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
  span: ReadonlyMap<string, [number, number]>,
): Promise<void> {
  const keys = [...span.keys()];
  const lo = keys.map((key) => (span.get(key) as [number, number])[0]);
  const hi = keys.map((key) => (span.get(key) as [number, number])[1]);
  await sql`
    with r as (
      select t.series_key, timestamptz 'epoch' + t.lo * interval '1 millisecond' as lo,
        timestamptz 'epoch' + t.hi * interval '1 millisecond' as hi
      from unnest(${keys}::int8[], ${lo}::float8[], ${hi}::float8[]) as t(series_key, lo, hi)),
    e as (
      select r.series_key, r.lo, coalesce((
        select date_bin('1 hour', x.ts, ${HOUR_ORIGIN}) + interval '1 hour' from samples x
        where x.series_key = r.series_key and x.ts >= r.hi
        order by x.ts limit 1), r.hi) as hi
      from r),
    p as (
      select e.series_key, e.lo, y.ts, y.value,
        lag(y.value) over (partition by e.series_key order by y.ts) as prev
      from e cross join lateral (
        (select ts, value from samples where series_key = e.series_key and ts < e.lo order by ts desc limit 1)
        union all
        (select ts, value from samples where series_key = e.series_key and ts >= e.lo and ts < e.hi)) y),
    inc as (
      select series_key, date_bin('1 hour', ts, ${HOUR_ORIGIN}) as hour,
        sum(case when prev is null then 0 when value >= prev then value - prev else value end) as increase
      from p where ts >= lo group by series_key, date_bin('1 hour', ts, ${HOUR_ORIGIN}))
    update rollups_hourly u set increase = inc.increase from inc
    where u.series_key = inc.series_key and u.hour = inc.hour`.execute(tx);
}
