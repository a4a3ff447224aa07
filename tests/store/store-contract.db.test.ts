import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/store/database.ts';
import { migrate, pendingMigrations } from '../../src/store/migrate.ts';
import { ensureSeries, readRollups, writeSamples } from '../../src/store/series-store.ts';
import { insertService, listServices } from '../../src/store/service-store.ts';
import { authenticateToken, revokeToken } from '../../src/store/token-store.ts';
import { withTenant } from '../../src/store/with-tenant.ts';
import { hashToken } from '../../src/tenancy/token-secret.ts';
import { issueToken } from '../../src/tenancy-service/issue-token.ts';
import { openTestDatabase, testBackends } from '../support/databases.ts';
import { seedTenant, type TestTenant } from '../support/test-app.ts';

const HOUR = 3_600_000;

describe.each(testBackends())('store contract on %s', (backend) => {
  let database: Database;
  let a: TestTenant;
  let b: TestTenant;

  beforeAll(async () => {
    database = await openTestDatabase(backend);
    a = await seedTenant(database, 'kommune-a');
    b = await seedTenant(database, 'kommune-b', 'NW');
    await withTenant(database, a.id, (tx) =>
      insertService(tx, a.id, crypto.randomUUID(), { key: 'a-dienst', name: 'A' }),
    );
    await withTenant(database, b.id, (tx) =>
      insertService(tx, b.id, crypto.randomUUID(), { key: 'b-dienst', name: 'B' }),
    );
  });
  afterAll(() => database?.close());

  describe('migrations', () => {
    it('are all applied, and applying again changes nothing', async () => {
      expect(await pendingMigrations(database)).toEqual([]);
      expect(await migrate(database)).toEqual([]);
    });
  });

  describe('row-level security', () => {
    it('confines a query without any WHERE to the tenant of the transaction', async () => {
      const rows = await withTenant(database, a.id, (tx) =>
        tx.selectFrom('services').select(['key', 'tenant_id']).execute(),
      );
      expect(rows).toEqual([{ key: 'a-dienst', tenant_id: a.id }]);
      const count = await withTenant(database, b.id, (tx) =>
        sql<{ n: number }>`select count(*)::int as n from services`.execute(tx),
      );
      expect(count.rows[0]?.n).toBe(1);
    });

    it('shows each tenant only its own tenant row and tokens', async () => {
      const tenants = await withTenant(database, a.id, (tx) =>
        tx.selectFrom('tenants').select('slug').execute(),
      );
      expect(tenants).toEqual([{ slug: 'kommune-a' }]);
      const tokenTenants = await withTenant(database, a.id, (tx) =>
        tx.selectFrom('tokens').select('tenant_id').distinct().execute(),
      );
      expect(tokenTenants).toEqual([{ tenant_id: a.id }]);
    });

    it("refuses to write a row into another tenant's space", async () => {
      await expect(
        withTenant(database, a.id, (tx) =>
          insertService(tx, b.id, crypto.randomUUID(), { key: 'eingeschleust', name: 'X' }),
        ),
      ).rejects.toThrow(/row-level security|violates/i);
    });

    it("cannot update or delete another tenant's rows", async () => {
      const updated = await withTenant(database, a.id, (tx) =>
        tx
          .updateTable('services')
          .set({ name: 'übernommen' })
          .where('key', '=', 'b-dienst')
          .executeTakeFirst(),
      );
      expect(Number(updated.numUpdatedRows)).toBe(0);
      const deleted = await withTenant(database, a.id, (tx) => tx.deleteFrom('services').executeTakeFirst());
      expect(Number(deleted.numDeletedRows)).toBe(1);
      const left = await withTenant(database, b.id, (tx) => listServices(tx, { limit: 10 }));
      expect(left.items.map((s) => s.name)).toEqual(['B']);
      await withTenant(database, a.id, (tx) =>
        insertService(tx, a.id, crypto.randomUUID(), { key: 'a-dienst', name: 'A' }),
      );
    });

    it('sees nothing at all when no tenant is set for the request role', async () => {
      const rows = await database.db.transaction().execute(async (tx) => {
        await sql`select set_config('role', 'lastplan_app', true)`.execute(tx);
        return tx.selectFrom('services').selectAll().execute();
      });
      expect(rows).toEqual([]);
    });
  });

  describe('tokens', () => {
    it('authenticate by hash until revoked or expired', async () => {
      const now = new Date('2026-11-23T12:00:00Z');
      const token = await issueToken(database, a.id, {
        id: crypto.randomUUID(),
        name: 'kurzlebig',
        scopes: ['read'],
        expiresAt: new Date(now.getTime() + HOUR),
      });
      const hash = await hashToken(token.secret);
      expect(await authenticateToken(database, hash, now)).toMatchObject({
        tenantId: a.id,
        scopes: ['read'],
      });
      expect(await authenticateToken(database, hash, new Date(now.getTime() + 2 * HOUR))).toBeUndefined();
      await withTenant(database, a.id, (tx) => revokeToken(tx, token.info.id, now));
      expect(await authenticateToken(database, hash, now)).toBeUndefined();
      expect(await authenticateToken(database, await hashToken('lp_unknown'), now)).toBeUndefined();
    });

    it('stores no secret, only its hash', async () => {
      const token = await issueToken(database, a.id, {
        id: crypto.randomUUID(),
        name: 'x',
        scopes: ['ingest'],
        expiresAt: null,
      });
      const rows = await database.db.selectFrom('tokens').selectAll().execute();
      expect(JSON.stringify(rows)).not.toContain(token.secret);
    });
  });

  describe('samples and rollups', () => {
    it('stores a retried batch once, counts changed values as updated, and keeps rollups consistent', async () => {
      const start = Date.parse('2026-11-01T00:00:00Z');
      const points = Array.from({ length: 12 }, (_, i) => ({ ts: start + i * 15 * 60_000, value: i }));
      const { first, retry, corrected, rollups } = await withTenant(database, a.id, async (tx) => {
        const service = await insertService(tx, a.id, crypto.randomUUID(), { key: 'rollup-test', name: 'R' });
        const series = await ensureSeries(tx, a.id, crypto.randomUUID(), {
          serviceId: service.id,
          metric: 'requests_per_second',
          unit: '1/s',
          kind: 'gauge',
          labels: { zone: 'a', env: 'prod' },
        });
        const again = await ensureSeries(tx, a.id, crypto.randomUUID(), {
          serviceId: service.id,
          metric: 'requests_per_second',
          unit: '1/s',
          kind: 'gauge',
          labels: { env: 'prod', zone: 'a' },
        });
        expect(again.id).toBe(series.id);
        const first = await writeSamples(tx, a.id, series.id, points);
        const retry = await writeSamples(tx, a.id, series.id, points);
        const late = start + 2 * HOUR + 5 * 60_000;
        const corrected = await writeSamples(tx, a.id, series.id, [
          { ts: start, value: 100 },
          { ts: late, value: 7 },
        ]);
        const rollups = await readRollups(tx, series.id, new Date(start), new Date(start + 4 * HOUR));
        return { first, retry, corrected, rollups };
      });
      expect(first).toEqual({ inserted: 12, updated: 0, unchanged: 0 });
      expect(retry).toEqual({ inserted: 0, updated: 0, unchanged: 12 });
      expect(corrected).toEqual({ inserted: 1, updated: 1, unchanged: 0 });
      expect(rollups.map((r) => [r.count, r.sum, r.min, r.max])).toEqual([
        [4, 100 + 1 + 2 + 3, 1, 100],
        [4, 4 + 5 + 6 + 7, 4, 7],
        [5, 8 + 9 + 10 + 11 + 7, 7, 11],
      ]);
    });

    it('refuses a second unit for a series', async () => {
      await expect(
        withTenant(database, a.id, async (tx) => {
          const service = await insertService(tx, a.id, crypto.randomUUID(), { key: 'unit-test', name: 'U' });
          const identity = {
            serviceId: service.id,
            metric: 'memory_gib',
            kind: 'gauge' as const,
            labels: {},
          };
          await ensureSeries(tx, a.id, crypto.randomUUID(), { ...identity, unit: 'GiB' });
          await ensureSeries(tx, a.id, crypto.randomUUID(), { ...identity, unit: 'cores' });
        }),
      ).rejects.toMatchObject({ kind: 'conflict' });
    });
  });

  describe('transactions', () => {
    it('keep parallel work apart: one rolling back loses nothing of the other', async () => {
      const results = await Promise.allSettled([
        withTenant(database, a.id, async (tx) => {
          await insertService(tx, a.id, crypto.randomUUID(), { key: 'bleibt', name: 'bleibt' });
        }),
        withTenant(database, a.id, async (tx) => {
          await insertService(tx, a.id, crypto.randomUUID(), { key: 'verworfen', name: 'verworfen' });
          throw new Error('rollback');
        }),
        withTenant(database, b.id, async (tx) => {
          await insertService(tx, b.id, crypto.randomUUID(), { key: 'b-zwei', name: 'b' });
        }),
      ]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      const keysA = (await withTenant(database, a.id, (tx) => listServices(tx, { limit: 100 }))).items.map(
        (s) => s.key,
      );
      expect(keysA).toContain('bleibt');
      expect(keysA).not.toContain('verworfen');
      const keysB = (await withTenant(database, b.id, (tx) => listServices(tx, { limit: 100 }))).items.map(
        (s) => s.key,
      );
      expect(keysB).toEqual(['b-dienst', 'b-zwei']);
    });
  });
});
