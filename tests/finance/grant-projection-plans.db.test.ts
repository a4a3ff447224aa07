import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, daysBetween } from '../../src/domain/calendar-day.ts';
import type { Database } from '../../src/store/database.ts';
import { approvePlan, insertPlan } from '../../src/store/plan-store.ts';
import { withTenant } from '../../src/store/with-tenant.ts';
import { openTestDatabase, testBackends } from '../support/databases.ts';
import { bearer, jsonRequest, testApp } from '../support/test-app.ts';
import { csvRequest, type FinanceTenant, seedFinanceTenant } from './finance-setup.ts';

describe.each(testBackends())('grant forecast from approved plans on %s', (backend) => {
  let database: Database;
  let app: ReturnType<typeof testApp>['app'];
  let tenant: FinanceTenant;
  let grantId: string;
  let planId: string;

  beforeAll(async () => {
    database = await openTestDatabase(backend);
    app = testApp(database).app;
    tenant = await seedFinanceTenant(database, 'plan-foerder');
    const lines = ['date,service,category,amount,currency'];
    for (let day = '2026-04-01'; day <= '2026-06-30'; day = addDays(day, 1))
      lines.push(`${day},wahlschein,compute,100.00,EUR`);
    await app.request('/v1/costs/imports', csvRequest(tenant.tokens.finance, lines.join('\n')));
    const res = await app.request(
      '/v1/grants',
      jsonRequest('POST', tenant.tokens.finance, {
        programme: 'Plan-Test',
        funder: 'Land',
        referenceNumber: 'P-1',
        amount: '100000',
        period: { start: '2026-04-01', end: '2026-12-31' },
        eligibleServiceIds: [tenant.services.wahlschein],
        coFundingRate: '1',
      }),
    );
    grantId = ((await res.json()) as { id: string }).id;
  });
  afterAll(() => database?.close());

  const status = async () =>
    (await (
      await app.request(`/v1/grants/${grantId}/status?asOf=2026-06-30`, {
        headers: bearer(tenant.tokens.finance),
      })
    ).json()) as {
      projectionSource: string;
      planIds: string[];
      forecastSpend: { low: string; expected: string; high: string };
    };

  it('continues the run rate while no plan is approved', async () => {
    const s = await status();
    expect(s.projectionSource).toBe('run-rate');
    expect(s.forecastSpend.expected).toBe((100 * daysBetween('2026-04-01', '2026-12-31')).toFixed(2));
  });

  it('follows the latest approved plan for the days it covers, and the run rate after', async () => {
    await withTenant(database, tenant.id, async (tx) => {
      const plan = await insertPlan(tx, tenant.id, {
        id: crypto.randomUUID(),
        serviceId: tenant.services.wahlschein,
        horizonFrom: new Date('2026-07-01T00:00:00Z'),
        horizonTo: new Date('2026-10-01T00:00:00Z'),
        quantile: 0.95,
        currency: 'EUR',
        costP50: '18400',
        costPlanning: '27600',
        input: {},
        result: {},
        createdBy: 'test',
      });
      planId = plan.id;
      await approvePlan(tx, plan.id, 'Kämmerei', new Date('2026-06-15T00:00:00Z'));
    });
    const s = await status();
    expect(s.projectionSource).toBe('plans+run-rate');
    expect(s.planIds).toEqual([planId]);
    // 92 plan days at 200 (P50) and 300 (planning quantile), then 92 run-rate days at 100 (±10 %).
    const actual = 100 * 91;
    expect(s.forecastSpend.expected).toBe((actual + 92 * 200 + 92 * 100).toFixed(2));
    expect(s.forecastSpend.low).toBe((actual + 92 * 200 + 92 * 90).toFixed(2));
    expect(s.forecastSpend.high).toBe((actual + 92 * 300 + 92 * 110).toFixed(2));
  });
});
