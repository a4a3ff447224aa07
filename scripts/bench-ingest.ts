/**
 * End-to-end ingest speed: the same 1,000,000 samples (1,000 series x 1,000 points) loaded into
 * PostgreSQL three ways — `psql \copy` straight into the samples table (the physical reference),
 * our JSON endpoint and our CSV endpoint, each over HTTP against a running server with validation
 * and rollups — plus the CSV endpoint on PGlite, and the servers' peak RSS. Prints figures only.
 *
 *   npm run bench:ingest                       # PostgreSQL at BENCH_DATABASE_URL, TEST_DATABASE_URL or postgres://postgres@127.0.0.1:5432/postgres
 *   BENCH_SERIES=100 npm run bench:ingest      # smaller run (series x 1,000 points)
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeSamples } from '../src/ingest/encode-samples.ts';
import type { SampleInput } from '../src/ingest/sample.ts';
import type { Database } from '../src/store/database.ts';
import { migrate } from '../src/store/migrate.ts';
import { openPglite } from '../src/store/open-pglite.ts';
import { openPostgres } from '../src/store/open-postgres.ts';
import { createTenant } from '../src/store/tenant-store.ts';
import { issueToken } from '../src/tenancy-service/issue-token.ts';
import { spawnProcess } from '../tests/support/spawn-server.ts';
import { benchCsvReader } from './bench-csv-reader.ts';

const SERIES = Number(process.env.BENCH_SERIES ?? 1000);
const POINTS = 1000;
const TOTAL = SERIES * POINTS;
const SERIES_PER_REQUEST = 50;
const base =
  process.env.BENCH_DATABASE_URL ||
  process.env.TEST_DATABASE_URL ||
  'postgres://postgres@127.0.0.1:5432/postgres';
const start = Date.now() - 2 * 86_400_000;

function sampleOf(s: number, p: number): SampleInput {
  return {
    service: `bench-${s % 20}`,
    metric: 'cpu_cores',
    unit: 'cores',
    kind: 'gauge',
    labels: { pod: `p${s}` },
    ts: start + p * 60_000,
    value: ((s * 37 + p * 11) % 1000) / 100,
  };
}

async function tenantToken(
  database: Database,
  slug: string,
  scopes: ('ingest' | 'read')[] = ['ingest'],
): Promise<string> {
  const tenant = await createTenant(database, crypto.randomUUID(), { slug, name: slug, federalState: 'BY' });
  const issued = await issueToken(database, tenant.id, {
    id: crypto.randomUUID(),
    name: 'bench',
    scopes,
    expiresAt: null,
  });
  return issued.secret;
}

async function startServer(env: Record<string, string>) {
  const port = 20000 + Math.floor(Math.random() * 9000);
  const server = spawnProcess('node', ['bin/lastplan.js', 'serve'], {
    ...env,
    PORT: String(port),
    LASTPLAN_DEMO: '0',
    LOG_LEVEL: 'warn',
    LASTPLAN_MAX_BODY_BYTES: String(256 * 1024 * 1024),
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return { server, url };
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server did not start:\n${server.output()}`);
}

/** A year of hourly points in one series, then the median time of reading it back as hourly rollups. */
async function yearRead(url: string, token: string): Promise<string> {
  const hours = 365 * 24;
  const first = Date.UTC(2025, 10, 1);
  const samples = Array.from({ length: hours }, (_, h) => ({
    ...sampleOf(0, 0),
    service: 'bench-read',
    ts: first + h * 3_600_000,
    value: h % 24,
  }));
  const headers = { authorization: `Bearer ${token}` };
  const res = await fetch(`${url}/v1/metrics`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: encodeSamples('json', samples).body as Uint8Array<ArrayBuffer>,
  });
  if (res.status !== 200) throw new Error(`year load answered ${res.status}`);
  const services = (await (await fetch(`${url}/v1/services?limit=1000`, { headers })).json()) as {
    items: { id: string; key: string }[];
  };
  const service = services.items.find((s) => s.key === 'bench-read');
  const series = (await (await fetch(`${url}/v1/services/${service?.id}/series`, { headers })).json()) as {
    items: { id: string }[];
  };
  const path = `${url}/v1/series/${series.items[0]?.id}/samples?from=${new Date(first).toISOString()}&to=${new Date(first + hours * 3_600_000).toISOString()}&step=1h`;
  const times: number[] = [];
  let points = 0;
  for (let i = 0; i < 21; i++) {
    const t = performance.now();
    const body = (await (await fetch(path, { headers })).json()) as { points: unknown[] };
    times.push(performance.now() - t);
    points = body.points.length;
  }
  times.sort((a, b) => a - b);
  return `a year of hourly rollups (${points} points) over HTTP: median ${times[10]?.toFixed(1)} ms, max ${times.at(-1)?.toFixed(1)} ms`;
}

async function peakRss(pid: number | undefined): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

function csvBody(): Buffer {
  const rows: string[] = ['service,metric,unit,timestamp,value,labels'];
  for (let s = 0; s < SERIES; s++) {
    for (let p = 0; p < POINTS; p++) {
      const x = sampleOf(s, p);
      rows.push(`${x.service},cpu_cores,cores,${new Date(x.ts).toISOString()},${x.value},pod=p${s}`);
    }
  }
  return Buffer.from(`${rows.join('\n')}\n`);
}

function jsonBodies(): Uint8Array[] {
  const bodies: Uint8Array[] = [];
  for (let s0 = 0; s0 < SERIES; s0 += SERIES_PER_REQUEST) {
    const samples: SampleInput[] = [];
    for (let s = s0; s < Math.min(SERIES, s0 + SERIES_PER_REQUEST); s++)
      for (let p = 0; p < POINTS; p++) samples.push(sampleOf(s, p));
    bodies.push(encodeSamples('json', samples).body);
  }
  return bodies;
}

async function sendJson(url: string, token: string, bodies: Uint8Array[]): Promise<number> {
  let next = 0;
  let accepted = 0;
  const worker = async () => {
    while (next < bodies.length) {
      const body = bodies[next++] as Uint8Array;
      const res = await fetch(`${url}/v1/metrics`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: body as Uint8Array<ArrayBuffer>,
      });
      const result = (await res.json()) as { accepted: number };
      if (res.status !== 200) throw new Error(`JSON batch answered ${res.status}: ${JSON.stringify(result)}`);
      accepted += result.accepted;
    }
  };
  await Promise.all([worker(), worker()]);
  return accepted;
}

async function sendCsv(url: string, token: string, body: Buffer): Promise<number> {
  const chunk = 1 << 20;
  let offset = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= body.length) return controller.close();
      controller.enqueue(body.subarray(offset, offset + chunk));
      offset += chunk;
    },
  });
  const res = await fetch(`${url}/v1/metrics`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
    body: stream,
    duplex: 'half',
  } as RequestInit);
  const result = (await res.json()) as { accepted: number };
  if (res.status !== 200) throw new Error(`CSV answered ${res.status}: ${JSON.stringify(result)}`);
  return result.accepted;
}

async function timed(
  label: string,
  run: () => Promise<number>,
): Promise<{ label: string; rate: number; seconds: number }> {
  const t = performance.now();
  const count = await run();
  const seconds = (performance.now() - t) / 1000;
  if (count !== TOTAL) throw new Error(`${label}: ${count} samples stored, expected ${TOTAL}`);
  const rate = count / seconds;
  console.error(`${label}: ${count} samples in ${seconds.toFixed(1)} s`);
  return { label, rate, seconds };
}

const loadBefore = loadavg();
// The parser alone first: the CSV endpoint below can be no faster than its reader.
await benchCsvReader();
console.log('');

const name = `lastplan_bench_${crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`;
const admin = openPostgres(base, { max: 1 });
await admin.execScript(`CREATE DATABASE ${name}`);
const url = new URL(base);
url.pathname = `/${name}`;
const benchUrl = url.toString();
const database = openPostgres(benchUrl, { max: 2 });
const dir = await mkdtemp(join(tmpdir(), 'lastplan-bench-'));
const results: { label: string; rate: number; seconds: number }[] = [];
const rss: string[] = [];
const reads: string[] = [];
let readToken = '';
try {
  await migrate(database);
  const jsonToken = await tenantToken(database, 'bench-json');
  const csvToken = await tenantToken(database, 'bench-csv');
  readToken = await tenantToken(database, 'bench-read', ['ingest', 'read']);
  console.error(`preparing ${TOTAL} samples…`);
  const csv = csvBody();
  const bodies = jsonBodies();
  const copyFile = join(dir, 'copy.csv');
  // Series keys of a tenant numbered 1000 (high 32 bits), as the store would assign them.
  const keyBase = 1000n << 32n;
  const copyRows: string[] = [];
  for (let s = 0; s < SERIES; s++)
    for (let p = 0; p < POINTS; p++) {
      const x = sampleOf(s, p);
      copyRows.push(`${keyBase + BigInt(s)},${new Date(x.ts).toISOString()},${x.value}`);
    }
  await writeFile(copyFile, `${copyRows.join('\n')}\n`);
  const truncate = () => database.execScript('TRUNCATE samples, rollups_hourly');

  await truncate();
  results.push(
    await timed('psql \\copy', async () => {
      execFileSync('psql', [
        benchUrl,
        '-q',
        '-c',
        `\\copy samples (series_key, ts, value) from '${copyFile}' with (format csv)`,
      ]);
      return TOTAL;
    }),
  );

  await truncate();
  const pg = await startServer({ DATABASE_URL: benchUrl });
  try {
    results.push(await timed('JSON endpoint (PostgreSQL)', () => sendJson(pg.url, jsonToken, bodies)));
    await truncate();
    results.push(await timed('CSV endpoint (PostgreSQL)', () => sendCsv(pg.url, csvToken, csv)));
    rss.push(`server on PostgreSQL: ${(await peakRss(pg.server.child.pid)).toFixed(0)} MiB`);
    reads.push(await yearRead(pg.url, readToken));
  } finally {
    await pg.server.stop();
  }

  const dataDir = join(dir, 'pglite');
  const lite = await openPglite({ dataDir });
  await migrate(lite);
  const liteToken = await tenantToken(lite, 'bench-pglite');
  await lite.close();
  const pl = await startServer({ LASTPLAN_DATA_DIR: dataDir, DATABASE_URL: '' });
  try {
    results.push(await timed('CSV endpoint (PGlite)', () => sendCsv(pl.url, liteToken, csv)));
    rss.push(`server on PGlite: ${(await peakRss(pl.server.child.pid)).toFixed(0)} MiB`);
  } finally {
    await pl.server.stop();
  }
} finally {
  await database.close();
  await admin.execScript(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.close();
  await rm(dir, { recursive: true, force: true });
}

const reference = results[0]?.rate ?? 1;
console.log(
  `\n${TOTAL.toLocaleString('en')} samples (${SERIES} series x ${POINTS} points), ${new Date().toISOString()}`,
);
// The reference shares the machine with the endpoints: a busy machine lowers the ratio, so print the load with it.
const fmt = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
console.log(
  `load average (1, 5, 15 min): ${fmt(loadBefore)} before, ${fmt(loadavg())} after; ${cpus().length} cores\n`,
);
console.log('| path | seconds | samples/s | ratio to \\copy |');
console.log('|---|---:|---:|---:|');
for (const r of results) {
  console.log(
    `| ${r.label} | ${r.seconds.toFixed(1)} | ${Math.round(r.rate).toLocaleString('en')} | ${(r.rate / reference).toFixed(2)} |`,
  );
}
console.log(`\npeak RSS: ${rss.join(', ')}`);
console.log(`reads (PostgreSQL): ${reads.join('; ')}`);
