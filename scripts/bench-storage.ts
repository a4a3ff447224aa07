/**
 * Storage of raw samples, before and after partitioning by week with bigint series keys: the same
 * year of samples (SERIES series, one every STEP minutes, arriving in time order as from live
 * senders) is written into the former row shape (two uuids, unpartitioned) and into today's
 * `samples`, on PostgreSQL and on PGlite. Prints bytes per sample including indexes
 * (pg_total_relation_size, summed over partitions) and the time of keeping 30 days of that year:
 * the former DELETE (and the VACUUM it needs) beside dropping whole partitions. Figures only.
 *
 *   npm run bench:storage                                   # 40 series (PGlite 10), every 15 min
 *   npm run bench:storage -- --series 200 --step 5          # bigger
 *   npm run bench:storage -- --pglite-series 0              # PostgreSQL only
 */
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { type RawBuilder, sql } from 'kysely';
import type { Database } from '../src/store/database.ts';
import { migrate } from '../src/store/migrate.ts';
import { openPglite } from '../src/store/open-pglite.ts';
import { openPostgres } from '../src/store/open-postgres.ts';

const { values: flags } = parseArgs({
  options: {
    series: { type: 'string', default: '40' },
    'pglite-series': { type: 'string', default: '10' },
    step: { type: 'string', default: '15' },
    days: { type: 'string', default: '365' },
    retain: { type: 'string', default: '30' },
  },
});
const STEP_MIN = Number(flags.step);
const DAYS = Number(flags.days);
const RETAIN = Number(flags.retain);
const base =
  process.env.BENCH_DATABASE_URL ||
  process.env.TEST_DATABASE_URL ||
  'postgres://postgres@127.0.0.1:5432/postgres';

interface Figures {
  readonly backend: string;
  readonly samples: number;
  readonly before: { bytes: number; loadS: number; deleteS: number; vacuumS: number; kept: number };
  readonly after: { bytes: number; loadS: number; dropS: number; partitions: number; kept: number };
  readonly rollupBytes: { before: number; after: number; rows: number };
}

async function seconds<T>(work: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const result = await work();
  return [result, (performance.now() - t) / 1000];
}

async function scalar(database: Database, query: RawBuilder<{ v: number }>): Promise<number> {
  return Number((await query.execute(database.db)).rows[0]?.v ?? 0);
}

/** Everything of the new samples table (or rollups): the parent's partitions and their indexes. */
function partitionedSize(parent: string) {
  return sql<{ v: number }>`select coalesce(sum(pg_total_relation_size(i.inhrelid)), 0)::float8 as v
    from pg_inherits i where i.inhparent = ${parent}::regclass`;
}

async function measure(backend: string, database: Database, series: number): Promise<Figures> {
  const now = Date.now();
  const from = new Date(now - DAYS * 86_400_000).toISOString();
  const to = new Date(now).toISOString();
  const cutoff = new Date(now - RETAIN * 86_400_000).toISOString();
  const step = `${STEP_MIN} minutes`;
  // The rows as they arrive: every series' next point, time after time.
  const rows =
    sql.raw(`select ts, s, ((s * 37 + extract(epoch from ts)::bigint / 60 * 11) % 1000) / 100.0 as v
    from generate_series('${from}'::timestamptz, '${to}'::timestamptz, '${step}'::interval) ts
    cross join generate_series(1, ${series}) s order by ts, s`);

  await database.execScript(`
    CREATE TABLE samples_before (tenant_id uuid NOT NULL, series_id uuid NOT NULL, ts timestamptz NOT NULL,
      value double precision NOT NULL, PRIMARY KEY (tenant_id, series_id, ts));
    CREATE TABLE rollups_before (tenant_id uuid NOT NULL, series_id uuid NOT NULL, hour timestamptz NOT NULL,
      count integer NOT NULL, sum double precision NOT NULL, min double precision NOT NULL,
      max double precision NOT NULL, increase double precision, PRIMARY KEY (tenant_id, series_id, hour));`);
  const [, loadBefore] = await seconds(() =>
    sql`insert into samples_before select '6d1f0c9e-4c1a-4b8e-9f00-000000000001'::uuid, md5('series' || s)::uuid, ts, v from (${rows}) r`.execute(
      database.db,
    ),
  );
  // Partitions for the whole year first (the upkeep job keeps them ahead of live data).
  await sql`select lastplan_create_partition('samples', w)
    from generate_series(lastplan_partition_start('samples', ${from}::timestamptz), ${to}::timestamptz, interval '168 hours') w`.execute(
    database.db,
  );
  await sql`select lastplan_create_partition('rollups_hourly', lastplan_partition_start('rollups_hourly', m))
    from generate_series(${from}::timestamptz, ${to}::timestamptz, interval '27 days') m`.execute(
    database.db,
  );
  const [, loadAfter] = await seconds(() =>
    sql`insert into samples (series_key, ts, value) select (7::bigint << 32) | s, ts, v from (${rows}) r`.execute(
      database.db,
    ),
  );
  const hour = sql.raw(`date_bin('1 hour', ts, timestamptz '2000-01-01T00:00:00Z')`);
  await sql`insert into rollups_before select tenant_id, series_id, ${hour}, count(*), sum(value), min(value), max(value), null
    from samples_before group by 1, 2, 3`.execute(database.db);
  await sql`insert into rollups_hourly (series_key, hour, count, sum, min, max)
    select series_key, ${hour}, count(*), sum(value), min(value), max(value) from samples group by 1, 2`.execute(
    database.db,
  );
  await database.execScript(
    'ANALYZE samples_before; ANALYZE samples; ANALYZE rollups_before; ANALYZE rollups_hourly',
  );
  const samples = await scalar(database, sql`select count(*)::float8 as v from samples_before`);
  const rollupRows = await scalar(database, sql`select count(*)::float8 as v from rollups_before`);
  const bytesBefore = await scalar(
    database,
    sql`select pg_total_relation_size('samples_before')::float8 as v`,
  );
  const bytesAfter = await scalar(database, partitionedSize('samples'));
  const rollupsBefore = await scalar(
    database,
    sql`select pg_total_relation_size('rollups_before')::float8 as v`,
  );
  const rollupsAfter = await scalar(database, partitionedSize('rollups_hourly'));

  const [, deleteS] = await seconds(() =>
    sql`delete from samples_before where ts < ${cutoff}::timestamptz`.execute(database.db),
  );
  const [, vacuumS] = await seconds(() => database.execScript('VACUUM samples_before'));
  const [dropped, dropS] = await seconds(() =>
    sql<{
      n: number;
    }>`select dropped_partitions as n from lastplan_drop_samples_before(${cutoff}::timestamptz)`.execute(
      database.db,
    ),
  );
  const keptBefore = await scalar(database, sql`select count(*)::float8 as v from samples_before`);
  const keptAfter = await scalar(database, sql`select count(*)::float8 as v from samples`);
  return {
    backend,
    samples,
    before: { bytes: bytesBefore / samples, loadS: loadBefore, deleteS, vacuumS, kept: keptBefore },
    after: {
      bytes: bytesAfter / samples,
      loadS: loadAfter,
      dropS,
      partitions: Number(dropped.rows[0]?.n ?? 0),
      kept: keptAfter,
    },
    rollupBytes: { before: rollupsBefore / rollupRows, after: rollupsAfter / rollupRows, rows: rollupRows },
  };
}

const loadStart = loadavg();
const results: Figures[] = [];
const name = `lastplan_bench_${crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`;
const admin = openPostgres(base, { max: 1 });
await admin.execScript(`CREATE DATABASE ${name}`);
try {
  const url = new URL(base);
  url.pathname = `/${name}`;
  const database = openPostgres(url.toString(), { max: 2 });
  try {
    await migrate(database);
    console.error(`PostgreSQL: ${flags.series} series…`);
    results.push(await measure('PostgreSQL', database, Number(flags.series)));
  } finally {
    await database.close();
  }
} finally {
  await admin.execScript(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.close();
}
if (Number(flags['pglite-series']) > 0) {
  const lite = await openPglite({ dataDir: 'memory://' });
  try {
    await migrate(lite);
    console.error(`PGlite: ${flags['pglite-series']} series…`);
    results.push(await measure('PGlite', lite, Number(flags['pglite-series'])));
  } finally {
    await lite.close();
  }
}

const fmt = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
console.log(
  `\n${DAYS} days of samples every ${STEP_MIN} min, arriving in time order; keep ${RETAIN} days. ${new Date().toISOString()}`,
);
console.log(
  `load average (1, 5, 15 min): ${fmt(loadStart)} before, ${fmt(loadavg())} after; ${cpus().length} cores\n`,
);
console.log(
  '| backend | samples | bytes/sample before (2 uuids, one table) | after (series key, weekly partitions) | rollup bytes/hour before | after | load s before | after |',
);
console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
for (const r of results) {
  console.log(
    `| ${r.backend} | ${r.samples.toLocaleString('en')} | ${r.before.bytes.toFixed(1)} | ${r.after.bytes.toFixed(1)} | ${r.rollupBytes.before.toFixed(1)} | ${r.rollupBytes.after.toFixed(1)} | ${r.before.loadS.toFixed(1)} | ${r.after.loadS.toFixed(1)} |`,
  );
}
console.log(`\nretention of ${RETAIN} days on ${DAYS} days of data:\n`);
console.log(
  '| backend | DELETE s | then VACUUM s | rows kept | partition drop s | partitions dropped | rows kept |',
);
console.log('|---|---:|---:|---:|---:|---:|---:|');
for (const r of results) {
  console.log(
    `| ${r.backend} | ${r.before.deleteS.toFixed(2)} | ${r.before.vacuumS.toFixed(2)} | ${r.before.kept.toLocaleString('en')} | ${r.after.dropS.toFixed(3)} | ${r.after.partitions} | ${r.after.kept.toLocaleString('en')} |`,
  );
}
console.log(
  '\nThe drop keeps whole weeks: the week the cutoff falls in stays until it is over, so it keeps a few more rows than the DELETE.',
);
