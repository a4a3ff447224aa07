import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobCatalog } from '../../src/jobs/job-catalog.ts';
import { silentLogger } from '../../src/logger.ts';
import type { Database } from '../../src/store/database.ts';
import { listPartitions, upkeepPartitions } from '../../src/store/sample-partitions.ts';
import { ensureSeries, readRollups, readSamples, writeSamples } from '../../src/store/series-store.ts';
import { insertService } from '../../src/store/service-store.ts';
import { withTenant } from '../../src/store/with-tenant.ts';
import { openTestDatabase, testBackends } from '../support/databases.ts';
import { seedTenant, type TestTenant } from '../support/test-app.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

async function seriesOf(database: Database, tenant: TestTenant, key: string): Promise<string> {
  return withTenant(database, tenant.id, async (tx) => {
    const service = await insertService(tx, tenant.id, crypto.randomUUID(), { key, name: key });
    const series = await ensureSeries(tx, tenant.id, crypto.randomUUID(), {
      serviceId: service.id,
      metric: 'cpu_cores',
      unit: 'cores',
      kind: 'gauge',
      labels: {},
    });
    return series.id;
  });
}

/** One sample an hour for `days` days from `from`. */
function hourly(from: number, days: number, value = 1) {
  return Array.from({ length: days * 24 }, (_, i) => ({ ts: from + i * HOUR, value }));
}

async function count(database: Database, tenant: TestTenant, seriesId: string, from: number, to: number) {
  const points = await withTenant(database, tenant.id, (tx) =>
    readSamples(tx, seriesId, new Date(from), new Date(to), 1_000_000),
  );
  return points.length;
}

describe.each(testBackends())('sample partitions on %s', (backend) => {
  let database: Database;
  let a: TestTenant;
  let b: TestTenant;
  let seriesA: string;
  let seriesB: string;
  const now = Date.now();

  beforeAll(async () => {
    database = await openTestDatabase(backend);
    a = await seedTenant(database, 'part-a');
    b = await seedTenant(database, 'part-b');
    seriesA = await seriesOf(database, a, 'a-dienst');
    seriesB = await seriesOf(database, b, 'b-dienst');
  });
  afterAll(() => database?.close());

  it('exist for the current window right after migrating, before any job ran', async () => {
    const partitions = await listPartitions(database);
    const covers = (table: string, at: number) =>
      partitions.some(
        (p) =>
          p.table === table && p.from !== undefined && p.from.getTime() <= at && (p.to?.getTime() ?? 0) > at,
      );
    expect(covers('samples', now)).toBe(true);
    expect(covers('samples', now + 14 * DAY)).toBe(true);
    expect(covers('samples', now - 7 * DAY)).toBe(true);
    expect(covers('rollups_hourly', now)).toBe(true);
    expect(partitions.filter((p) => p.from === undefined).map((p) => p.name)).toEqual([
      'rollups_hourly_default',
      'samples_default',
    ]);
  });

  it('are created ahead by the partition-upkeep job, once', async () => {
    const job = jobCatalog.find((one) => one.name === 'partition-upkeep');
    const context = {
      database,
      logger: silentLogger,
      clock: () => new Date(now),
      retentionDays: 0,
      fxMaxAgeDays: 14,
    };
    const later = new Date(now + 70 * DAY);
    const first = await job?.run(context, later);
    expect(first?.created).toBeGreaterThanOrEqual(4); // weeks and a month or more around `later`
    expect(await job?.run(context, later)).toEqual({ created: 0 });
    const samples = (await listPartitions(database)).filter((p) => p.table === 'samples' && p.from);
    expect(
      samples.some(
        (p) =>
          (p.from?.getTime() ?? 0) <= later.getTime() + 14 * DAY &&
          (p.to?.getTime() ?? 0) > later.getTime() + 14 * DAY,
      ),
    ).toBe(true);
    // Weeks start on Monday 00:00 UTC and last seven days.
    for (const p of samples) {
      expect(p.from?.getUTCDay()).toBe(1);
      expect((p.to?.getTime() ?? 0) - (p.from?.getTime() ?? 0)).toBe(7 * DAY);
    }
  });

  it('takes samples outside every partition into the default one, and upkeep moves them out', async () => {
    const old = Date.parse('2003-03-03T00:00:00Z'); // a Monday
    await withTenant(database, a.id, (tx) => writeSamples(tx, a.id, seriesA, hourly(old, 2)));
    const inDefault = async () =>
      (await sql<{ n: number }>`select count(*)::int as n from samples_default`.execute(database.db)).rows[0]
        ?.n;
    expect(await inDefault()).toBe(48);
    expect(await upkeepPartitions(database, new Date(now), 1_000)).toBe(0); // too few to be worth a table
    expect(await upkeepPartitions(database, new Date(now), 10)).toBeGreaterThanOrEqual(1);
    expect(await inDefault()).toBe(0);
    expect((await listPartitions(database)).map((p) => p.name)).toContain('samples_20030303');
    expect(await count(database, a, seriesA, old, old + 2 * DAY)).toBe(48);
  });

  it('keeps tenants apart: a tenant reads and writes only its own samples, and no partition directly', async () => {
    await withTenant(database, b.id, (tx) => writeSamples(tx, b.id, seriesB, hourly(now - DAY, 1, 2)));
    const seen = await withTenant(database, a.id, (tx) =>
      sql<{ n: number }>`select count(*)::int as n from samples s join series x on x.series_key = s.series_key
        where x.tenant_id <> ${a.id}::uuid`.execute(tx),
    );
    expect(seen.rows[0]?.n).toBe(0);
    const all = await withTenant(database, a.id, (tx) =>
      sql<{ n: number }>`select count(*)::int as n from samples`.execute(tx),
    );
    expect(all.rows[0]?.n).toBe(48);
    const keyB = await sql<{
      k: string;
    }>`select series_key::text as k from series where id = ${seriesB}::uuid`.execute(database.db);
    await expect(
      withTenant(database, a.id, (tx) =>
        sql`insert into samples (series_key, ts, value) values (${keyB.rows[0]?.k}::int8, now(), 1)`.execute(
          tx,
        ),
      ),
    ).rejects.toThrow(/row-level security/i);
    // Writing a sample of another tenant's series id through the store stores nothing.
    const written = await withTenant(database, a.id, (tx) => writeSamples(tx, a.id, seriesB, hourly(now, 1)));
    expect(written.inserted).toBe(0);
    await expect(
      withTenant(database, a.id, (tx) => sql`select count(*) from samples_default`.execute(tx)),
    ).rejects.toThrow(/permission denied/i);
    // The database owns the keys: a client can neither choose nor change one.
    const keyA = () =>
      sql<{ k: string }>`select series_key::text as k from series where id = ${seriesA}::uuid`.execute(
        database.db,
      );
    const before = (await keyA()).rows[0]?.k;
    await withTenant(database, a.id, (tx) =>
      sql`update series set series_key = ${keyB.rows[0]?.k}::int8 where id = ${seriesA}::uuid`.execute(tx),
    );
    expect((await keyA()).rows[0]?.k).toBe(before);
    expect(BigInt(before ?? 0) >> 32n).not.toBe(BigInt(keyB.rows[0]?.k ?? 0) >> 32n);
  });

  it('drops whole weeks older than the retention; newer samples of every tenant and all rollups stay', async () => {
    const week = (at: number) => at - ((new Date(at).getUTCDay() + 6) % 7) * DAY - (at % DAY);
    const cutoffDays = 30;
    const oldA = week(now - 60 * DAY);
    const oldB = week(now - 45 * DAY);
    const recent = week(now - 10 * DAY);
    await withTenant(database, a.id, (tx) =>
      writeSamples(tx, a.id, seriesA, [...hourly(oldA, 3), ...hourly(recent, 2)]),
    );
    await withTenant(database, b.id, (tx) =>
      writeSamples(tx, b.id, seriesB, [...hourly(oldB, 3), ...hourly(recent, 2)]),
    );
    await upkeepPartitions(database, new Date(now), 10);
    const before = await listPartitions(database);
    const job = jobCatalog.find((one) => one.name === 'retention');
    const outcome = await job?.run(
      {
        database,
        logger: silentLogger,
        clock: () => new Date(now),
        retentionDays: cutoffDays,
        fxMaxAgeDays: 14,
      },
      new Date(now),
    );
    expect(outcome?.partitions).toBeGreaterThanOrEqual(2);
    const after = await listPartitions(database);
    const cutoff = now - cutoffDays * DAY;
    expect(after.filter((p) => p.table === 'samples' && p.to && p.to.getTime() <= cutoff)).toEqual([]);
    expect(before.length - after.length).toBe(outcome?.partitions);
    expect(await count(database, a, seriesA, 0, cutoff - 7 * DAY)).toBe(0);
    expect(await count(database, b, seriesB, 0, cutoff - 7 * DAY)).toBe(0);
    expect(await count(database, a, seriesA, recent, recent + 2 * DAY)).toBe(48);
    expect(await count(database, b, seriesB, recent, recent + 2 * DAY)).toBe(48);
    const rollups = await withTenant(database, a.id, (tx) =>
      readRollups(tx, seriesA, new Date(oldA), new Date(oldA + 3 * DAY)),
    );
    expect(rollups).toHaveLength(72);
  });
});
