/**
 * Import speed over HTTP: a generated FOCUS 1.0-shaped file (44 columns, USD) streamed to
 * POST /v1/costs/imports of a real Node server, on PGlite (in memory) and, with DATABASE_URL, on
 * PostgreSQL (a scratch database created and dropped here). Prints rows per second for the first
 * import and for the re-import (every period unchanged). Not a test: a figure.
 *
 * Usage: npx tsx scripts/bench-import-costs.ts [rows=100000]
 *        DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx scripts/bench-import-costs.ts
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { focusSampleLines } from '../fixtures/focus/make-sample.ts';
import { createApp } from '../src/app.ts';
import { silentLogger } from '../src/logger.ts';
import type { Database } from '../src/store/database.ts';
import { fillDailyRate } from '../src/store/exchange-rate-store.ts';
import { migrate } from '../src/store/migrate.ts';
import { openPglite } from '../src/store/open-pglite.ts';
import { openPostgres } from '../src/store/open-postgres.ts';
import { createTenant } from '../src/store/tenant-store.ts';
import { withTenant } from '../src/store/with-tenant.ts';
import { issueToken } from '../src/tenancy-service/issue-token.ts';

const rows = Number(process.argv[2] ?? 100_000);
const body = new TextEncoder().encode(`${[...focusSampleLines(rows, 42)].join('\n')}\n`);
const CHUNK = 64 * 1024;

async function run(name: string, database: Database): Promise<void> {
  await migrate(database);
  const tenant = await createTenant(database, crypto.randomUUID(), {
    slug: 'bench',
    name: 'Bench',
    federalState: 'BY',
  });
  const token = await issueToken(database, tenant.id, {
    id: crypto.randomUUID(),
    name: 'bench',
    scopes: ['finance'],
    expiresAt: null,
  });
  await withTenant(database, tenant.id, (tx) =>
    fillDailyRate(tx, tenant.id, {
      base: 'USD',
      quote: 'EUR',
      from: '2025-12-01',
      to: '2026-04-30',
      rate: '0.92',
      source: 'bench',
    }),
  );
  const app = createApp({
    database,
    clock: () => new Date(),
    newId: () => crypto.randomUUID(),
    logger: silentLogger,
    maxBodyBytes: 1024 * 1024 * 1024,
    version: 'bench',
  });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  try {
    for (const label of ['import   ', 're-import']) {
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let offset = 0; offset < body.length; offset += CHUNK)
            controller.enqueue(body.subarray(offset, offset + CHUNK));
          controller.close();
        },
      });
      const started = performance.now();
      const response = await fetch(`http://127.0.0.1:${port}/v1/costs/imports?fileName=bench.csv`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token.secret}`, 'content-type': 'text/csv' },
        body: stream,
        duplex: 'half',
      } as RequestInit);
      const result = (await response.json()) as {
        rows: number;
        imported: number;
        unchanged: number;
        rejected: number;
      };
      const seconds = (performance.now() - started) / 1000;
      console.log(
        `${name.padEnd(8)} ${label}: HTTP ${response.status}, ${result.rows} rows, ${(body.length / 1e6).toFixed(1)} MB in ` +
          `${seconds.toFixed(2)} s = ${Math.round(result.rows / seconds)} rows/s ` +
          `(${result.imported} periods imported, ${result.unchanged} unchanged, ${result.rejected} rejected)`,
      );
    }
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

const pglite = await openPglite({ dataDir: 'memory://' });
try {
  await run('pglite', pglite);
} finally {
  await pglite.close();
}
const url = process.env.DATABASE_URL;
if (url) {
  const scratch = `lastplan_bench_${Date.now()}`;
  const admin = openPostgres(url, { max: 1 });
  await admin.execScript(`CREATE DATABASE ${scratch}`);
  const target = new URL(url);
  target.pathname = `/${scratch}`;
  const database = openPostgres(target.toString(), { max: 4 });
  try {
    await run('postgres', database);
  } finally {
    await database.close();
    await admin.execScript(`DROP DATABASE IF EXISTS ${scratch} WITH (FORCE)`);
    await admin.close();
  }
}
