import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BudgetSchema } from '../../src/http/routes/finance-budgets.ts';
import { BudgetStatusSchema } from '../../src/http/routes/finance-dto.ts';
import type { Database } from '../../src/store/database.ts';
import { openTestDatabase, testBackends } from '../support/databases.ts';
import { bearer, jsonRequest, testApp } from '../support/test-app.ts';
import { csvRequest, type FinanceTenant, seedFinanceTenant } from './finance-setup.ts';

const cents = (text: string) => Math.round(Number(text.replace(',', '.')) * 100);

describe.each(testBackends())('budgets on %s', (backend) => {
  let database: Database;
  let app: ReturnType<typeof testApp>['app'];
  let tenant: FinanceTenant;
  let other: FinanceTenant;
  let budgetId: string;

  beforeAll(async () => {
    database = await openTestDatabase(backend);
    app = testApp(database, { clock: () => new Date('2026-03-31T12:00:00Z') }).app;
    tenant = await seedFinanceTenant(database, 'verband');
    other = await seedFinanceTenant(database, 'fremd');
    const lines = ['date,service,category,amount,currency'];
    // 100.01 a month, which a three-way split cannot share evenly.
    for (const month of ['01', '02', '03']) lines.push(`2026-${month}-15,kfz-zulassung,services,100.01,EUR`);
    await app.request('/v1/costs/imports', csvRequest(tenant.tokens.finance, lines.join('\n')));
    const res = await app.request(
      '/v1/budgets',
      jsonRequest('POST', tenant.tokens.finance, {
        name: 'Gemeinsame Fachverfahren',
        fiscalYear: 2026,
        amount: '1200',
        serviceIds: [tenant.services['kfz-zulassung']],
        allocationKey: {
          name: 'Einwohner 2025',
          basis: 'inhabitants',
          shares: [
            { memberId: 'a', memberName: 'Stadt A', weight: '1' },
            { memberId: 'b', memberName: 'Gemeinde B', weight: '1' },
            { memberId: 'c', memberName: 'Markt C', weight: '1' },
          ],
        },
      }),
    );
    expect(res.status).toBe(201);
    const created = (await res.json()) as { id: string };
    // The answer has the shape the OpenAPI document (and so the widgets' types) promises.
    expect(BudgetSchema.safeParse(created).error).toBeUndefined();
    budgetId = created.id;
  });
  afterAll(() => database?.close());

  it('shows spend to date and the projection of the fiscal year', async () => {
    const s = (await (
      await app.request(`/v1/budgets/${budgetId}/status`, { headers: bearer(tenant.tokens.finance) })
    )
      // biome-ignore lint/suspicious/noExplicitAny: a JSON body read field by field
      .json()) as Record<string, any>;
    expect(s.spendToDate).toBe('300.03');
    // The answer has the shape the OpenAPI document (and so the generated client) promises.
    expect(BudgetStatusSchema.safeParse(s).error).toBeUndefined();
    expect(s.period).toEqual({ start: '2026-01-01', end: '2026-12-31' });
    expect(s.monthly).toHaveLength(12);
    expect(s.projectionSource).toBe('run-rate');
    expect(cents(s.remaining.expected)).toBe(120000 - cents(s.projected.expected));
  });

  it('splits each month among the members so that they add up to the cent', async () => {
    const res = await app.request(`/v1/budgets/${budgetId}/statements`, {
      headers: bearer(tenant.tokens.finance),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { total: string; statements: { memberId: string; total: string }[] };
    expect(body.total).toBe('300.03');
    expect(body.statements.map((s) => s.memberId)).toEqual(['a', 'b', 'c']);
    expect(body.statements.reduce((a, s) => a + cents(s.total), 0)).toBe(30003);
    for (const s of body.statements) expect(Math.abs(cents(s.total) - 10001)).toBeLessThanOrEqual(2);
    const csv = await (
      await app.request(`/v1/budgets/${budgetId}/statements?format=csv`, {
        headers: bearer(tenant.tokens.finance),
      })
    ).text();
    expect(csv.split('\r\n')[0]).toMatch(/^Mitglied;/);
    expect(csv.match(/Summe der Zeilen/g)).toHaveLength(3);
  });

  it('refuses an allocation key without weight', async () => {
    const res = await app.request(
      '/v1/budgets',
      jsonRequest('POST', tenant.tokens.finance, {
        name: 'X',
        fiscalYear: 2026,
        amount: '1',
        serviceIds: [],
        allocationKey: {
          name: 'leer',
          basis: 'fixed',
          shares: [{ memberId: 'a', memberName: 'A', weight: '0' }],
        },
      }),
    );
    expect(res.status).toBe(400);
  });

  it("answers 404 for another tenant's budget", async () => {
    for (const suffix of ['', '/status', '/statements']) {
      const res = await app.request(`/v1/budgets/${budgetId}${suffix}`, {
        headers: bearer(other.tokens.finance),
      });
      expect(res.status, suffix).toBe(404);
    }
  });
});
