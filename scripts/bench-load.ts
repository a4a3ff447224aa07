/**
 * Load on a real Node server (loopback), on PGlite and, with TEST_DATABASE_URL or DATABASE_URL, on
 * PostgreSQL (a scratch database): requests per second and p50/p99 latency for /healthz, a cached
 * forecast, /widgets.js (brotli), POST /v1/metrics with 10 points, and tenant B's cached forecasts
 * alone and while tenant A floods uncached forecasts with the default rate limits on. The load
 * generator runs in worker threads; on a busy machine the figures are rough, so the load
 * average is printed with them. Reference (issue, autocannon, 10 connections): /healthz 4.5-6.2k
 * req/s, cached forecast 79-184 req/s, /widgets.js 1.2-3.9k req/s, POST /v1/metrics 115-553 req/s.
 *
 * Usage: npm run bench:load [-- seconds=5 connections=10]
 */
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { Worker } from 'node:worker_threads';
import { serve } from '@hono/node-server';
import { createApp } from '../src/app.ts';
import type { RateLimitSettings } from '../src/config.ts';
import { DEFAULT_RATE_LIMIT } from '../src/config.ts';
import { silentLogger } from '../src/logger.ts';
import type { Database } from '../src/store/database.ts';
import { migrate } from '../src/store/migrate.ts';
import { openPglite } from '../src/store/open-pglite.ts';
import { openPostgres } from '../src/store/open-postgres.ts';
import { ensureSeries, writeSamples } from '../src/store/series-store.ts';
import { insertService } from '../src/store/service-store.ts';
import { createTenant } from '../src/store/tenant-store.ts';
import { withTenant } from '../src/store/with-tenant.ts';
import { issueToken } from '../src/tenancy-service/issue-token.ts';
import { buildWebAssets } from '../src/web-assets.ts';

const seconds = Number(process.argv[2] ?? 5);
const connections = Number(process.argv[3] ?? 10);
const HOUR = 3_600_000;

/** What load-worker.js runs. */
export interface LoadJob {
  readonly url: string;
  readonly method: string;
  readonly headers: Record<string, string>;
  /** Paths taken in turn instead of the URL's (e.g. forecasts of different horizons). */
  readonly paths?: readonly string[];
  readonly body?: string;
  readonly connections: number;
  readonly seconds: number;
  /** Requests started per second in all, evenly spaced; as fast as answered when absent. */
  readonly rate?: number;
}

export interface LoadResult {
  readonly requests: number;
  readonly seconds: number;
  readonly latenciesMs: number[];
  readonly statuses: Record<string, number>;
}

function load(job: Omit<LoadJob, 'seconds'> & { seconds?: number }): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./load-worker.js', import.meta.url), {
      workerData: { seconds, ...job },
    });
    worker.once('message', (result: LoadResult) => {
      resolve(result);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

function line(name: string, r: LoadResult): string {
  const sorted = [...r.latenciesMs].sort((a, b) => a - b);
  const statuses = Object.entries(r.statuses)
    .map(([s, n]) => `${s}:${n}`)
    .join(' ');
  return `  ${name.padEnd(44)} ${String(Math.round(r.requests / r.seconds)).padStart(6)} req/s   p50 ${quantile(sorted, 0.5).toFixed(1).padStart(6)} ms   p99 ${quantile(sorted, 0.99).toFixed(1).padStart(7)} ms   [${statuses}]`;
}

async function tenantWithSeries(database: Database, slug: string) {
  const tenant = await createTenant(database, crypto.randomUUID(), { slug, name: slug, federalState: 'BY' });
  const token = await issueToken(database, tenant.id, {
    id: crypto.randomUUID(),
    name: 'bench',
    scopes: ['admin'],
    expiresAt: null,
  });
  const start = Date.UTC(2026, 8, 1);
  const seriesId = await withTenant(database, tenant.id, async (tx) => {
    const serviceId = crypto.randomUUID();
    await insertService(tx, tenant.id, serviceId, { key: 'kfz', name: 'Kfz-Zulassung' });
    const series = await ensureSeries(tx, tenant.id, crypto.randomUUID(), {
      serviceId,
      metric: 'requests_per_second',
      unit: '1/s',
      kind: 'gauge',
      labels: {},
    });
    const points = Array.from({ length: 8 * 7 * 24 }, (_, i) => ({
      ts: start + i * HOUR,
      value: 5 + 4 * Math.sin((2 * Math.PI * (i % 24)) / 24) + (i % 168 >= 120 ? -2 : 0),
    }));
    await writeSamples(tx, tenant.id, series.id, points);
    return series.id;
  });
  return { tenant, token: token.secret, seriesId };
}

async function bench(name: string, database: Database): Promise<void> {
  await migrate(database);
  const a = await tenantWithSeries(database, 'flood');
  const b = await tenantWithSeries(database, 'quiet');
  const assets = await buildWebAssets();
  const deps = {
    database,
    clock: () => new Date('2026-11-01T00:00:00Z'),
    newId: () => crypto.randomUUID(),
    logger: silentLogger,
    maxBodyBytes: 64 * 1024 * 1024,
    version: 'bench',
    assets,
  };
  const limits: RateLimitSettings = {
    perToken: DEFAULT_RATE_LIMIT,
    perTenant: DEFAULT_RATE_LIMIT * 5,
    expensivePerTenant: 2,
  };
  const servers: ReturnType<typeof serve>[] = [];
  const start = async (rateLimit?: RateLimitSettings) => {
    const app = createApp({ ...deps, rateLimit });
    const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    servers.push(server);
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };
  const open = await start();
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });
  const forecast = (s: { seriesId: string }, horizon = 'P14D') =>
    `/v1/series/${s.seriesId}/forecast?horizon=${horizon}`;
  // Warm the caches.
  for (const s of [a, b]) {
    const res = await fetch(`${open}${forecast(s)}`, { headers: auth(s.token) });
    if (res.status !== 200) throw new Error(`forecast ${res.status}: ${await res.text()}`);
  }
  const metrics = JSON.stringify({
    series: [
      {
        service: 'kfz',
        metric: 'requests_per_second',
        unit: '1/s',
        kind: 'gauge',
        points: Array.from({ length: 10 }, (_, i) => [Date.UTC(2026, 9, 31, 12, i), 5 + i]),
      },
    ],
  });

  console.log(
    `${name} (${connections} connections, ${seconds} s each; loadavg before ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')})`,
  );
  const common = { method: 'GET', connections };
  console.log(line('GET /healthz', await load({ ...common, url: `${open}/healthz`, headers: {} })));
  console.log(
    line(
      'GET cached forecast (P14D)',
      await load({ ...common, url: `${open}${forecast(b)}`, headers: auth(b.token) }),
    ),
  );
  console.log(
    line(
      'GET cached forecast (P14D, gzip)',
      await load({
        ...common,
        url: `${open}${forecast(b)}`,
        headers: { ...auth(b.token), 'accept-encoding': 'gzip, deflate, br' },
      }),
    ),
  );
  console.log(
    line(
      'GET /widgets.js (brotli)',
      await load({ ...common, url: `${open}/widgets.js`, headers: { 'accept-encoding': 'br, gzip' } }),
    ),
  );
  console.log(
    line(
      'POST /v1/metrics (10 points)',
      await load({
        ...common,
        method: 'POST',
        url: `${open}/v1/metrics`,
        headers: { ...auth(a.token), 'content-type': 'application/json' },
        body: metrics,
      }),
    ),
  );

  // Fairness, with the default limits: B's dashboard (10 cached forecasts a second, within its
  // token's limit) alone, then while A floods uncached ones as fast as it is answered.
  const limited = await start(limits);
  const quiet = {
    ...common,
    connections: 2,
    rate: 10,
    url: `${limited}${forecast(b)}`,
    headers: { ...auth(b.token), 'accept-encoding': 'gzip' },
  };
  console.log(line('tenant B cached forecast (10/s), alone', await load(quiet)));
  const horizons = Array.from({ length: 400 }, (_, i) => forecast(a, `PT${24 + i}H`));
  const [flood, during] = await Promise.all([
    load({ ...common, url: `${limited}/`, paths: horizons, headers: auth(a.token) }),
    load(quiet),
  ]);
  console.log(line('tenant A flooding uncached forecasts', flood));
  console.log(line('tenant B cached forecast (10/s), during the flood', during));
  console.log(
    `  loadavg after ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  for (const server of servers) server.close();
}

const pglite = await openPglite({ dataDir: 'memory://' });
await bench('PGlite (in memory)', pglite);
await pglite.close();

const base = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
if (base) {
  const admin = openPostgres(base, { max: 1 });
  const scratch = `lastplan_bench_${Date.now()}`;
  await admin.execScript(`CREATE DATABASE ${scratch}`);
  const url = new URL(base);
  url.pathname = `/${scratch}`;
  const database = openPostgres(url.toString(), { max: 10 });
  try {
    await bench('PostgreSQL', database);
  } finally {
    await database.close();
    await admin.execScript(`DROP DATABASE IF EXISTS ${scratch} WITH (FORCE)`);
    await admin.close();
  }
} else console.log('PostgreSQL: skipped (set TEST_DATABASE_URL or DATABASE_URL)');
