/**
 * PGlite's write generation: the count that lets a memoised forecast be served without a query
 * while nothing was written. Every way of writing must move it; plain marked reads must not.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, READ_ONLY } from '../../src/store/database.ts';
import { readSeriesFreshness } from '../../src/store/series-freshness.ts';
import { ensureSeries, writeSamples } from '../../src/store/series-store.ts';
import { insertService } from '../../src/store/service-store.ts';
import { createTenant } from '../../src/store/tenant-store.ts';
import { withTenant } from '../../src/store/with-tenant.ts';
import { openTestDatabase } from '../support/databases.ts';

describe('the write generation of a PGlite database', () => {
  let database: Database;
  let tenantId: string;
  let seriesId: string;
  const generation = () => database.writeGeneration?.() ?? Number.NaN;
  const stamp = async () => (await readSeriesFreshness(database, tenantId, seriesId))?.stamp;

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    tenantId = (
      await createTenant(database, crypto.randomUUID(), { slug: 'gen', name: 'gen', federalState: 'BY' })
    ).id;
    seriesId = await withTenant(database, tenantId, async (tx) => {
      const serviceId = crypto.randomUUID();
      await insertService(tx, tenantId, serviceId, { key: 'kfz', name: 'Kfz' });
      const series = await ensureSeries(tx, tenantId, crypto.randomUUID(), {
        serviceId,
        metric: 'rps',
        unit: '1/s',
        kind: 'gauge',
        labels: {},
      });
      return series.id;
    });
  });
  afterAll(() => database?.close());

  it('stands still for marked reads and a remembered stamp, and moves for everything else', async () => {
    const first = await stamp();
    const before = generation();
    expect(await stamp()).toBe(first);
    await sql`${sql.raw(READ_ONLY)}select 1`.execute(database.db);
    expect(generation()).toBe(before);
    // An unmarked select may call a function that writes: it counts.
    await sql`select 1`.execute(database.db);
    expect(generation()).toBeGreaterThan(before);
  });

  it('sees a write through a transaction, a single statement and a script', async () => {
    const initial = await stamp();
    await withTenant(database, tenantId, (tx) =>
      writeSamples(tx, tenantId, seriesId, [{ ts: Date.UTC(2026, 0, 1), value: 1 }]),
    );
    const afterSamples = await stamp();
    expect(afterSamples).not.toBe(initial);
    await sql`update tenants set time_zone = 'Europe/Vienna' where id = ${tenantId}::uuid`.execute(
      database.db,
    );
    const afterZone = await stamp();
    expect(afterZone).toContain('Europe/Vienna');
    await database.execScript(`update tenants set time_zone = 'Europe/Berlin' where id = '${tenantId}'`);
    expect(await stamp()).toContain('Europe/Berlin');
  });
});
