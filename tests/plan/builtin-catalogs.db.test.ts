import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuiltinCatalogs } from '../../src/plan-service/ensure-builtin-catalogs.ts';
import { BUILTIN_TENANT, listCatalogs } from '../../src/store/catalog-store.ts';
import type { Database } from '../../src/store/database.ts';
import { listExchangeRates } from '../../src/store/exchange-rate-store.ts';
import { withTenant } from '../../src/store/with-tenant.ts';
import { openTestDatabase, testBackends } from '../support/databases.ts';
import { seedTenant, type TestTenant } from '../support/test-app.ts';

describe.each(testBackends())('built-in catalogs on %s', (backend) => {
  let database: Database;
  let tenant: TestTenant;

  beforeAll(async () => {
    database = await openTestDatabase(backend);
    tenant = await seedTenant(database, 'musterstadt');
    await Promise.all([ensureBuiltinCatalogs(database), ensureBuiltinCatalogs(database)]);
  });
  afterAll(() => database?.close());

  it('are loaded once, with the shared exchange rates', async () => {
    await ensureBuiltinCatalogs(database);
    const catalogs = await withTenant(database, tenant.id, (tx) => listCatalogs(tx));
    expect(catalogs.filter((c) => c.builtIn)).toHaveLength(7);
    const rates = await withTenant(database, tenant.id, (tx) => listExchangeRates(tx));
    expect(rates).toMatchObject({ builtIn: true });
    expect(rates.rates.map((r) => r.date)).toEqual(['2026-08-14', '2026-10-28']);
  });

  it('cannot be changed, deleted or added to by a tenant', async () => {
    const changed = await withTenant(database, tenant.id, (tx) =>
      tx
        .updateTable('price_catalogs')
        .set({ name: 'Billig' })
        .where('tenant_id', '=', BUILTIN_TENANT)
        .executeTakeFirst(),
    );
    expect(Number(changed.numUpdatedRows)).toBe(0);
    const deleted = await withTenant(database, tenant.id, (tx) =>
      tx.deleteFrom('exchange_rates').where('tenant_id', '=', BUILTIN_TENANT).executeTakeFirst(),
    );
    expect(Number(deleted.numDeletedRows)).toBe(0);
    await expect(
      withTenant(database, tenant.id, (tx) =>
        tx
          .insertInto('exchange_rates')
          .values({
            tenant_id: BUILTIN_TENANT,
            base: 'EUR',
            quote: 'USD',
            date: '2027-01-01',
            rate: '9',
            source: 'x',
          })
          .execute(),
      ),
    ).rejects.toThrow(/row-level security/);
  });
});
