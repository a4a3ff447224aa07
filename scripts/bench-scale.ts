/**
 * Many tenants on two Node instances behind one PostgreSQL: TENANTS × SERVICES × SERIES series,
 * HOURS of minute samples each, sent over HTTP by concurrent senders to both instances; then the
 * nightly forecast refresh (one queued run per tenant) with one instance taking jobs, with two,
 * and with two of which one is killed (kill -9) midway. Counts every run in the database and
 * prints samples/s, p99 latency, job throughput, bytes per sample, and a projection for 2,000
 * municipalities × 50 services × 10 series at 60 s from the measured CPU seconds. Figures only.
 *
 *   npm run bench:scale                                   # ~2-3 minutes
 *   npm run bench:scale -- --tenants 40 --hours 48       # bigger
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { encodeSamples } from '../src/ingest/encode-samples.ts';
import type { SampleInput } from '../src/ingest/sample.ts';
import { queueJobNow, tenantRunId } from '../src/jobs/start-jobs.ts';
import type { Database } from '../src/store/database.ts';
import { migrate } from '../src/store/migrate.ts';
import { openPostgres } from '../src/store/open-postgres.ts';
import { createTenant } from '../src/store/tenant-store.ts';
import { issueToken } from '../src/tenancy-service/issue-token.ts';
import { type Spawned, spawnProcess } from '../tests/support/spawn-server.ts';

const { values: flags } = parseArgs({
  options: {
    tenants: { type: 'string', default: '12' },
    services: { type: 'string', default: '5' },
    series: { type: 'string', default: '2' },
    hours: { type: 'string', default: '26' },
    senders: { type: 'string', default: '8' },
    expire: { type: 'string', default: '20' },
  },
});
const TENANTS = Number(flags.tenants);
const SERVICES = Number(flags.services);
const SERIES = Number(flags.series);
const HOURS = Number(flags.hours);
const SENDERS = Number(flags.senders);
const MINUTE = 60_000;
const base =
  process.env.BENCH_DATABASE_URL ||
  process.env.TEST_DATABASE_URL ||
  'postgres://postgres@127.0.0.1:5432/postgres';
/** USER_HZ: /proc counts CPU time in these ticks on Linux. */
const TICKS = 100;

/** CPU seconds (user + system) of a process, from /proc; 0 when it is not on this machine. */
function cpuSeconds(pid: number | undefined): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS;
  } catch {
    return 0;
  }
}

async function backendPids(database: Database): Promise<number[]> {
  const rows = await sql<{ pid: number }>`
    select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`.execute(
    database.db,
  );
  return rows.rows.map((row) => row.pid);
}

/** CPU of both instances and of the PostgreSQL backends serving this database. */
async function cpuOf(database: Database, instances: readonly (Spawned | undefined)[]): Promise<number> {
  let total = 0;
  for (const instance of instances) total += cpuSeconds(instance?.child.pid);
  for (const pid of await backendPids(database)) total += cpuSeconds(pid);
  return total;
}

async function startInstance(url: string, jobs: boolean): Promise<Spawned & { url: string }> {
  const port = 20000 + Math.floor(Math.random() * 9000);
  const server = spawnProcess('node', ['bin/lastplan.js', 'serve'], {
    DATABASE_URL: url,
    PORT: String(port),
    LASTPLAN_DEMO: '0',
    LASTPLAN_JOBS: jobs ? '1' : '0',
    LASTPLAN_JOB_TENANT_EXPIRE_SECONDS: flags.expire,
    LASTPLAN_JOB_SUPERVISE_SECONDS: '2',
    LOG_LEVEL: 'info',
    LASTPLAN_RATE_LIMIT: '0',
  });
  const at = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 900; i++) {
    try {
      if ((await fetch(`${at}/healthz`)).ok) return Object.assign(server, { url: at });
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`instance did not start:\n${server.output()}`);
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;
}

const name = `lastplan_bench_${crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`;
const admin = openPostgres(base, { max: 1 });
await admin.execScript(`CREATE DATABASE ${name}`);
const dbUrl = Object.assign(new URL(base), { pathname: `/${name}` }).toString();
const database = openPostgres(dbUrl, { max: 2 });
const loadStart = loadavg();
const out: string[] = [];
const instances: (Spawned | undefined)[] = [];
try {
  await migrate(database);
  const tokens: string[] = [];
  for (let t = 0; t < TENANTS; t++) {
    const tenant = await createTenant(database, crypto.randomUUID(), {
      slug: `kommune-${t}`,
      name: `Kommune ${t}`,
      federalState: 'BY',
    });
    const token = await issueToken(database, tenant.id, {
      id: crypto.randomUUID(),
      name: 'bench',
      scopes: ['ingest'],
      expiresAt: null,
    });
    tokens.push(token.secret);
  }
  const a = await startInstance(dbUrl, true);
  let b = await startInstance(dbUrl, false);
  instances.push(a, b);

  // Ingest: one request per tenant and hour (all its series, 60 points each), in time order.
  const start = Math.floor((Date.now() - (HOURS + 1) * 3_600_000) / 3_600_000) * 3_600_000;
  const work: { tenant: number; hour: number }[] = [];
  for (let h = 0; h < HOURS; h++) for (let t = 0; t < TENANTS; t++) work.push({ tenant: t, hour: h });
  const body = (tenant: number, hour: number) => {
    const samples: SampleInput[] = [];
    for (let s = 0; s < SERVICES; s++)
      for (let k = 0; k < SERIES; k++)
        for (let m = 0; m < 60; m++) {
          const ts = start + hour * 3_600_000 + m * MINUTE;
          const daily = Math.sin(((ts / 3_600_000) % 24) * (Math.PI / 12));
          samples.push({
            service: `dienst-${s}`,
            metric: k === 0 ? 'cpu_cores' : `memory_gib_${k}`,
            unit: k === 0 ? 'cores' : 'GiB',
            kind: 'gauge',
            labels: { instance: `i${k}` },
            ts,
            value: 4 + tenant * 0.1 + 2 * daily + (m % 7) * 0.01,
          });
        }
    return encodeSamples('json', samples).body;
  };
  const latencies: number[] = [];
  let accepted = 0;
  let next = 0;
  const cpuBefore = await cpuOf(database, instances);
  const began = performance.now();
  await Promise.all(
    Array.from({ length: SENDERS }, async (_, sender) => {
      while (next < work.length) {
        const item = work[next++] as { tenant: number; hour: number };
        const target = (next + sender) % 2 === 0 ? a : b;
        const payload = body(item.tenant, item.hour);
        const t = performance.now();
        const res = await fetch(`${target.url}/v1/metrics`, {
          method: 'POST',
          headers: { authorization: `Bearer ${tokens[item.tenant]}`, 'content-type': 'application/json' },
          body: payload as Uint8Array<ArrayBuffer>,
        });
        const result = (await res.json()) as { accepted: number };
        latencies.push(performance.now() - t);
        if (res.status !== 200) throw new Error(`ingest answered ${res.status}: ${JSON.stringify(result)}`);
        accepted += result.accepted;
      }
    }),
  );
  const ingestSeconds = (performance.now() - began) / 1000;
  const ingestCpu = (await cpuOf(database, instances)) - cpuBefore;
  latencies.sort((x, y) => x - y);
  const stored = Number(
    (await sql<{ n: number }>`select count(*)::float8 as n from samples`.execute(database.db)).rows[0]?.n,
  );
  const bytes = Number(
    (
      await sql<{ n: number }>`select sum(pg_total_relation_size(inhrelid))::float8 as n from pg_inherits
        where inhparent = 'samples'::regclass`.execute(database.db)
    ).rows[0]?.n,
  );
  const seriesCount = TENANTS * SERVICES * SERIES;
  out.push(
    `ingest: ${accepted.toLocaleString('en')} samples (${stored.toLocaleString('en')} stored) of ${seriesCount} series in ${work.length} requests by ${SENDERS} senders over 2 instances: ` +
      `${Math.round(accepted / ingestSeconds).toLocaleString('en')} samples/s sustained over ${ingestSeconds.toFixed(1)} s; latency p50 ${percentile(latencies, 50).toFixed(0)} ms, p99 ${percentile(latencies, 99).toFixed(0)} ms; ` +
      `CPU ${ingestCpu.toFixed(1)} s (instances + PostgreSQL backends)`,
  );
  out.push(`bytes per sample (samples partitions incl. indexes): ${(bytes / stored).toFixed(1)}`);

  /** Queues the nightly refresh, waits until every tenant's run completed, returns seconds and CPU. */
  const refresh = async (label: string, during?: (done: number) => Promise<void>) => {
    await database.execScript('TRUNCATE forecast_cache');
    const cpu0 = await cpuOf(database, instances);
    const t0 = performance.now();
    const parent = await queueJobNow(database, 'forecast-refresh');
    if (!parent) throw new Error('forecast-refresh was queued already');
    const ids = (await sql<{ id: string }>`select id from tenants`.execute(database.db)).rows.map((row) =>
      tenantRunId(parent, row.id),
    );
    let done = 0;
    for (let i = 0; ; i++) {
      const counted = await sql<{ n: number }>`
        select count(*)::int as n from lastplan_jobs.job where id = any(${ids}::uuid[]) and state = 'completed'`.execute(
        database.db,
      );
      done = counted.rows[0]?.n ?? 0;
      if (done >= ids.length) break;
      if (during) await during(done);
      if (i > 3000) throw new Error(`${label}: only ${done} of ${ids.length} tenant runs completed`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const seconds = (performance.now() - t0) / 1000;
    const cpu = (await cpuOf(database, instances)) - cpu0;
    const runs = await sql<{ rows: number; tenants: number; retried: number }>`
      select count(*)::int as rows, count(distinct data->>'tenantId')::int as tenants,
        count(*) filter (where retry_count > 0)::int as retried
      from lastplan_jobs.job where name = 'forecast-refresh.tenant' and id = any(${ids}::uuid[])`.execute(
      database.db,
    );
    const forecasts = Number(
      (await sql<{ n: number }>`select count(*)::int as n from forecast_cache`.execute(database.db)).rows[0]
        ?.n,
    );
    return { seconds, cpu, ids, forecasts, ...(runs.rows[0] ?? { rows: 0, tenants: 0, retried: 0 }) };
  };
  const jobsDone = (instance: Spawned) =>
    instance
      .output()
      .split('\n')
      .filter((line) => line.includes('"msg":"job done"') && line.includes('"job":"forecast-refresh.tenant"'))
      .length;

  const one = await refresh('one instance');
  await b.stop('SIGTERM', 10_000);
  b = await startInstance(dbUrl, true);
  instances[1] = b;
  const aBefore = jobsDone(a);
  const two = await refresh('two instances');
  const shareA = jobsDone(a) - aBefore;
  const shareB = jobsDone(b);
  let killedAt = -1;
  // Kill B while both instances run a tenant (each takes one at a time), so B dies holding one.
  const killed = await refresh('two instances, one killed', async (done) => {
    if (killedAt >= 0 || done < Math.ceil(TENANTS / 4)) return;
    const active = await sql<{ n: number }>`
      select count(*)::int as n from lastplan_jobs.job where name = 'forecast-refresh.tenant' and state = 'active'`.execute(
      database.db,
    );
    if ((active.rows[0]?.n ?? 0) < 2) return;
    killedAt = done;
    b.child.kill('SIGKILL');
    instances[1] = undefined;
  });

  const rate = (r: { forecasts: number; seconds: number }) => r.forecasts / r.seconds;
  out.push(
    `forecast refresh, one run per tenant (${TENANTS} tenants, ${seriesCount} series):`,
    `| instances taking jobs | seconds | forecasts | forecasts/s | tenant runs (rows) | retried | CPU s |`,
    '|---|---:|---:|---:|---:|---:|---:|',
    `| one | ${one.seconds.toFixed(1)} | ${one.forecasts} | ${rate(one).toFixed(2)} | ${one.tenants} (${one.rows}) | ${one.retried} | ${one.cpu.toFixed(1)} |`,
    `| two (A took ${shareA}, B ${shareB}) | ${two.seconds.toFixed(1)} | ${two.forecasts} | ${rate(two).toFixed(2)} | ${two.tenants} (${two.rows}) | ${two.retried} | ${two.cpu.toFixed(1)} |`,
    `| two, B killed (kill -9) holding a run, after ${killedAt} of ${TENANTS} | ${killed.seconds.toFixed(1)} | ${killed.forecasts} | ${rate(killed).toFixed(2)} | ${killed.tenants} (${killed.rows}) | ${killed.retried} | – |`,
    `two instances / one: ${(rate(two) / rate(one)).toFixed(2)} × the jobs per second (the killed run waits ${flags.expire} s, LASTPLAN_JOB_TENANT_EXPIRE_SECONDS, before another instance retries it)`,
  );
  const exactlyOnce = [one, two, killed].every((r) => r.rows === TENANTS && r.tenants === TENANTS);
  out.push(
    `every tenant run exactly once (one row per tenant and run, all completed): ${exactlyOnce ? 'yes' : 'NO'}; after the kill -9 none lost: ${killed.tenants === TENANTS ? 'yes' : 'NO'} (${killed.retried} run(s) of the killed instance retried by the other)`,
  );

  // On paper: 2,000 municipalities × 50 services × 10 series, a sample every 60 s.
  const target = (2000 * 50 * 10) / 60;
  const perCoreIngest = accepted / ingestCpu;
  const perCoreForecast = two.forecasts / two.cpu;
  const seriesTotal = 2000 * 50 * 10;
  out.push(
    `projection for 2,000 × 50 × 10 = ${seriesTotal.toLocaleString('en')} series at 60 s (${Math.round(target).toLocaleString('en')} samples/s), from the CPU seconds measured here:`,
    `  ingest: ${Math.round(perCoreIngest).toLocaleString('en')} samples per CPU-second (Node + PostgreSQL) → ${(target / perCoreIngest).toFixed(1)} cores busy around the clock`,
    `  nightly forecast refresh: ${perCoreForecast.toFixed(2)} forecasts per CPU-second → ${(seriesTotal / perCoreForecast / 3600).toFixed(0)} core-hours a night (${(seriesTotal / perCoreForecast / 3600 / 4).toFixed(0)} cores for a 4-hour window)`,
    `  raw samples: ${((target * 86400 * (bytes / stored)) / 1e9).toFixed(1)} GB a day at ${(bytes / stored).toFixed(1)} bytes/sample (${((target * 86400 * 30 * (bytes / stored)) / 1e12).toFixed(2)} TB for 30 days)`,
  );
} finally {
  for (const instance of instances) await instance?.stop('SIGTERM', 10_000).catch(() => {});
  await database.close();
  await admin.execScript(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.close();
}
const fmt = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
console.log(`\nbench:scale ${new Date().toISOString()}`);
console.log(
  `load average (1, 5, 15 min): ${fmt(loadStart)} before, ${fmt(loadavg())} after; ${cpus().length} cores\n`,
);
console.log(out.join('\n'));
