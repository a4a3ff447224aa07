import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoServices } from '../../src/demo/demo-load.ts';
import { seedFinance } from '../../src/demo/seed-finance.ts';
import type { Database } from '../../src/store/database.ts';
import { insertService } from '../../src/store/service-store.ts';
import { withTenant } from '../../src/store/with-tenant.ts';
import { openTestDatabase, testBackends } from '../support/databases.ts';
import { bearer, seedTenant, type TestTenant, testApp } from '../support/test-app.ts';

const now = new Date('2026-11-23T06:00:00Z');
const cents = (text: string) => Math.round(Number(text) * 100);

describe.each(testBackends())('demo finance data on %s', (backend) => {
  let database: Database;
  let app: ReturnType<typeof testApp>['app'];
  let tenant: TestTenant;

  beforeAll(async () => {
    database = await openTestDatabase(backend);
    app = testApp(database, { clock: () => now }).app;
    tenant = await seedTenant(database, 'musterstadt');
    await withTenant(database, tenant.id, async (tx) => {
      const ids = new Map<string, string>();
      for (const service of demoServices) {
        const id = crypto.randomUUID();
        await insertService(tx, tenant.id, id, { key: service.key, name: service.name });
        ids.set(service.key, id);
      }
      await seedFinance(tx, tenant.id, ids, now, () => crypto.randomUUID());
    });
  }, 120_000);
  afterAll(() => database?.close());

  it('shows spend to date, a projection, an exhaustion day and an alert for the grant', async () => {
    const grants = (await (
      await app.request('/v1/grants', { headers: bearer(tenant.tokens.finance) })
    ).json()) as {
      items: { id: string; programme: string }[];
    };
    const grant = grants.items.find((g) => g.programme === 'Digitalisierung Kommunal 2026-2027');
    expect(grant).toBeDefined();
    const status = (await (
      await app.request(`/v1/grants/${grant?.id}/status`, { headers: bearer(tenant.tokens.finance) })
    ).json()) as Record<string, unknown> & {
      spendToDate: string;
      fundedToDate: string;
      ownShareToDate: string;
      forecastSpend: { low: string; expected: string; high: string };
      exhaustionDay: { expected: string | null };
      unspentAtExpiry: { expected: string };
      outlook: string;
      projectionSource: string;
    };
    console.log(
      JSON.stringify({
        spendToDate: status.spendToDate,
        funded: status.fundedToDate,
        own: status.ownShareToDate,
        forecast: status.forecastSpend,
        exhaustion: status.exhaustionDay,
        unspent: status.unspentAtExpiry,
        outlook: status.outlook,
        source: status.projectionSource,
      }),
    );
    expect(cents(status.spendToDate)).toBeGreaterThan(0);
    expect(cents(status.fundedToDate) + cents(status.ownShareToDate)).toBe(cents(status.spendToDate));
    expect(status.outlook).toBe('exhausted-early');
    expect(status.exhaustionDay.expected).toMatch(/^2027-/);
    const alerts = (await (
      await app.request('/v1/alerts', { headers: bearer(tenant.tokens.finance) })
    ).json()) as {
      items: { key: string; message: string }[];
    };
    expect(alerts.items.map((a) => a.key)).toContain(`grant:${grant?.id}:actual:50`);
  });

  it('imported the FOCUS sample so that each period books its billed USD at the demo rate', async () => {
    const imports = (await (
      await app.request('/v1/costs/imports', { headers: bearer(tenant.tokens.finance) })
    ).json()) as {
      items: {
        fileName: string;
        billedTotals: { amount: string; currency: string }[];
        bookedTotal: string;
      }[];
    };
    const focus = imports.items.filter((i) => i.fileName === 'focus-sample-2026q1.csv');
    expect(focus.length).toBeGreaterThan(0);
    for (const period of focus) {
      const billed = Number(period.billedTotals[0]?.amount);
      expect(Math.abs(cents(period.bookedTotal) - Math.round(billed * 0.92 * 100))).toBeLessThanOrEqual(1);
    }
  });
});
