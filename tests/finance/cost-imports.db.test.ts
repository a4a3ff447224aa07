import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { focusSample } from '../../fixtures/focus/make-sample.ts';
import { specSampleAssume } from '../../fixtures/focus/spec-sample-assume.ts';
import { formatMoney, money } from '../../src/domain/money.ts';
import type { Database } from '../../src/store/database.ts';
import { openTestDatabase, testBackends } from '../support/databases.ts';
import { bearer, jsonRequest, testApp } from '../support/test-app.ts';
import { csvRequest, type FinanceTenant, seedFinanceTenant, storeRates } from './finance-setup.ts';

interface PeriodDto {
  key: string;
  action: string;
  rows: number;
  booked: string;
  billedCost: { amount: string; currency: string }[];
  errors: { line: number; column: string | null; message: string }[];
}

const plain = [
  'date,service,category,amount,currency,description',
  '2026-01-05,wahlschein,compute,100.10,EUR,VM',
  '2026-01-06,wahlschein,storage,20.05,EUR,Speicher',
  '2026-02-01,kfz-zulassung,licences,1200.00,EUR,Fachverfahren',
  '2026-02-02,unbekannt,services,5.00,EUR,',
].join('\n');

describe.each(testBackends())('POST /v1/costs/imports on %s', (backend) => {
  let database: Database;
  let app: ReturnType<typeof testApp>['app'];
  let tenant: FinanceTenant;

  beforeAll(async () => {
    database = await openTestDatabase(backend);
    app = testApp(database).app;
    tenant = await seedFinanceTenant(database, 'kosten');
  });
  afterAll(() => database?.close());

  const post = (body: string, query = '') =>
    app.request(`/v1/costs/imports${query}`, csvRequest(tenant.tokens.finance, body));

  it('imports a plain file per month, and a re-import changes nothing', async () => {
    const first = await post(plain, '?fileName=rz.csv&source=rz');
    expect(first.status).toBe(200);
    const result = (await first.json()) as { format: string; periods: PeriodDto[]; imported: number };
    expect(result.format).toBe('plain');
    expect(result.periods.map((p) => [p.key, p.action, p.rows, p.booked])).toEqual([
      ['plain|rz|2026-01', 'imported', 2, '120.15'],
      ['plain|rz|2026-02', 'imported', 2, '1205.00'],
    ]);
    const again = (await (await post(plain, '?fileName=rz.csv&source=rz')).json()) as {
      periods: PeriodDto[];
    };
    expect(again.periods.map((p) => p.action)).toEqual(['unchanged', 'unchanged']);
    const csv = await (
      await app.request('/v1/costs/monthly?from=2026-01-01&to=2026-02-28&format=csv-plain', {
        headers: bearer(tenant.tokens.finance),
      })
    ).text();
    expect(csv).toContain('Grand total');
    expect(csv.trim().split('\r\n').at(-1)).toMatch(/,1325\.15$/);
  });

  it('rejects a billing period with a bad row whole, naming line and column, and imports the others', async () => {
    const body = [
      'date,service,category,amount,currency',
      '2026-03-01,wahlschein,compute,10.00,EUR',
      '2026-04-01,wahlschein,compute,zehn,EUR',
      '2026-04-02,wahlschein,hardware,10.00,EUR',
    ].join('\n');
    const result = (await (await post(body, '?source=partial')).json()) as { periods: PeriodDto[] };
    expect(result.periods.map((p) => [p.key, p.action])).toEqual([
      ['plain|partial|2026-03', 'imported'],
      ['plain|partial|2026-04', 'rejected'],
    ]);
    expect(result.periods[1]?.errors.map((e) => [e.line, e.column])).toEqual([
      [3, 'amount'],
      [4, 'category'],
    ]);
    const imports = (await (
      await app.request('/v1/costs/imports', { headers: bearer(tenant.tokens.finance) })
    ).json()) as { items: { periodKey: string }[] };
    expect(imports.items.map((i) => i.periodKey)).not.toContain('plain|partial|2026-04');
  });

  it('imports a FOCUS file of the sample shape, converting USD at the rate of each day, and reconciles', async () => {
    await storeRates(database, tenant.id, 'USD', 'EUR', '2025-12-25', '2026-03-31', '0.9');
    await app.request(
      '/v1/costs/mapping-rules',
      jsonRequest('PUT', tenant.tokens.finance, {
        rules: [
          { serviceId: tenant.services.wahlschein, tag: { key: 'service', value: 'wahlschein' } },
          { serviceId: tenant.services['kfz-zulassung'], tag: { key: 'service', value: 'kfz-*' } },
        ],
      }),
    );
    const file = readFileSync('fixtures/focus/focus_1.0_sample_shape_200.csv', 'utf8');
    const res = await post(file, '?fileName=sample.csv');
    expect(res.status).toBe(200);
    const result = (await res.json()) as { format: string; rows: number; periods: PeriodDto[] };
    expect(result.format).toBe('focus');
    expect(result.rows).toBe(200);
    expect(result.periods.every((p) => p.action === 'imported')).toBe(true);
    expect(result.periods.reduce((a, p) => a + p.rows, 0)).toBe(200);
    // Booked EUR = billed USD × 0.9 per period, to the cent.
    for (const period of result.periods) {
      const billed = money(period.billedCost[0]?.amount ?? '0', 'USD');
      expect(period.booked, period.key).toBe(
        formatMoney({ nanos: (billed.nanos * 9n) / 10n, currency: 'EUR' }),
      );
    }
    const again = (await (await post(file, '?fileName=sample.csv')).json()) as { periods: PeriodDto[] };
    expect(again.periods.every((p) => p.action === 'unchanged')).toBe(true);
  });

  it('streams a file larger than the generic body limit (1 MiB in tests)', async () => {
    const file = focusSample(3000, 11);
    expect(file.length).toBeGreaterThan(1024 * 1024);
    const res = await post(file, '?fileName=large.csv');
    expect(res.status).toBe(200);
    const result = (await res.json()) as { rows: number; periods: PeriodDto[] };
    expect(result.rows).toBe(3000);
    expect(result.periods.every((p) => p.action === 'imported')).toBe(true);
  });

  it('rejects FOCUS rows in a currency without a rate, naming BillingCurrency', async () => {
    // The ECB quotes no Argentine peso, and nobody entered a rate for it.
    const file = focusSample(30, 7).replaceAll(',USD,', ',ARS,');
    const result = (await (await post(file)).json()) as { periods: PeriodDto[] };
    expect(result.periods.length).toBeGreaterThan(0);
    expect(result.periods.every((p) => p.action === 'rejected')).toBe(true);
    expect(result.periods[0]?.errors[0]?.column).toBe('BillingCurrency');
  });

  it('imports the FOCUS spec samples with the mandatory columns they leave out assumed', async () => {
    const assume = encodeURIComponent(JSON.stringify({ ...specSampleAssume, BillingCurrency: 'EUR' }));
    const sample = readFileSync(
      'fixtures/focus/focus_v1.2_commitment_discount_flexibility_1_resource.csv',
      'utf8',
    );
    for (const [basis, booked] of [
      ['billed', '2.75'],
      ['effective', '2.75'],
    ]) {
      const res = await post(sample, `?assume=${assume}&basis=${basis}&fileName=${basis}.csv`);
      const result = (await res.json()) as { periods: PeriodDto[] };
      // Another basis books the same file anew; the same basis again changes nothing.
      expect(result.periods.map((p) => [p.action, p.rows, p.booked])).toEqual([['imported', 3, booked]]);
      const again = (await (await post(sample, `?assume=${assume}&basis=${basis}`)).json()) as {
        periods: PeriodDto[];
      };
      expect(again.periods.map((p) => p.action)).toEqual(['unchanged']);
    }
    const ledger = readFileSync('fixtures/focus/focus_correction_late_arriving_usage_ledger.csv', 'utf8');
    const result = (await (await post(ledger, `?assume=${assume}`)).json()) as { periods: PeriodDto[] };
    expect(result.periods.map((p) => [p.key, p.action, p.booked])).toEqual([
      ['example|example|2025-06-01T00:00:00.000Z/2025-07-01T00:00:00.000Z', 'imported', '1500.00'],
    ]);
    const bad = await post(ledger, `?assume=${encodeURIComponent('{"Colour":"blue"}')}`);
    expect(bad.status).toBe(400);
  });

  it('imports a bill in the official sample style: an empty mandatory column is warned about and stored as unknown', async () => {
    const text = readFileSync('fixtures/focus/focus_1.0_official_style.csv', 'utf8');
    // The EUR rows only: the USD ones need exchange rates, which this test is not about.
    const eur = text
      .split('\r\n')
      .filter((line, index) => index === 0 || !line.includes(',USD,'))
      .join('\r\n');
    const first = await post(eur, '?fileName=official.csv');
    expect(first.status).toBe(200);
    const result = (await first.json()) as {
      periods: (PeriodDto & {
        warnings: { column: string; provider: string; rows: number; message: string; messageDe: string }[];
        contractedCost: { amount: string | null; currency: string; unknownRows: number }[];
        listCost: { amount: string | null; currency: string; unknownRows: number }[];
      })[];
    };
    const byIssuer = (issuer: string) =>
      result.periods.find((p) => p.key.includes(`|${issuer}|`) || p.key.startsWith(`${issuer}|`));
    const oracle = byIssuer('Oracle');
    const microsoft = byIssuer('Microsoft');
    expect(result.periods.map((p) => [p.action, p.rows]).sort()).toEqual([
      ['imported', 3],
      ['imported', 3],
    ]);
    expect(oracle?.warnings).toEqual([
      {
        column: 'ContractedCost',
        provider: 'Oracle',
        rows: 3,
        message:
          'ContractedCost is empty on 3 rows of Oracle: stored as unknown, not as 0 (FOCUS calls the column mandatory)',
        messageDe:
          'ContractedCost ist in 3 Zeilen von Oracle leer: als unbekannt gespeichert, nicht als 0 (FOCUS verlangt die Spalte)',
      },
    ]);
    expect(oracle?.contractedCost).toEqual([{ amount: null, currency: 'EUR', unknownRows: 3 }]);
    expect(oracle?.listCost).toEqual([{ amount: '5.944', currency: 'EUR', unknownRows: 0 }]);
    expect(oracle?.booked).toBe('5.94');
    expect(microsoft?.warnings).toEqual([]);
    expect(microsoft?.contractedCost).toEqual([{ amount: '7.1632', currency: 'EUR', unknownRows: 0 }]);

    const stored = (await (
      await app.request('/v1/costs/imports', { headers: bearer(tenant.tokens.finance) })
    ).json()) as {
      items: { fileName: string; periodKey: string; contractedTotals: unknown; warnings: unknown }[];
    };
    const storedOracle = stored.items.find(
      (i) => i.fileName === 'official.csv' && i.periodKey === oracle?.key,
    );
    expect(storedOracle).toMatchObject({
      contractedTotals: [{ amount: null, currency: 'EUR', unknownRows: 3 }],
      warnings: [{ column: 'ContractedCost', provider: 'Oracle', rows: 3 }],
    });

    const again = (await (await post(eur, '?fileName=official.csv')).json()) as { periods: PeriodDto[] };
    expect(again.periods.map((p) => p.action)).toEqual(['unchanged', 'unchanged']);
  });

  it('refuses a file that is neither FOCUS nor plain, and the wrong media type', async () => {
    const bad = await post('a,b,c\n1,2,3\n');
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toBe('application/problem+json');
    const json = await app.request('/v1/costs/imports', jsonRequest('POST', tenant.tokens.finance, {}));
    expect(json.status).toBe(415);
  });

  it('needs a token with the finance scope', async () => {
    expect((await app.request('/v1/costs/imports', { method: 'POST', body: plain })).status).toBe(401);
    expect((await app.request('/v1/costs/imports', csvRequest(tenant.tokens.read, plain))).status).toBe(403);
  });

  it('refuses mapping rules for a service of another tenant', async () => {
    const res = await app.request(
      '/v1/costs/mapping-rules',
      jsonRequest('PUT', tenant.tokens.finance, {
        rules: [{ serviceId: crypto.randomUUID(), subAccountId: 'x' }],
      }),
    );
    expect(res.status).toBe(400);
  });

  it('names the first rule whose service is unknown, after rules for its own services in any letter case', async () => {
    const other = await seedFinanceTenant(database, 'kosten-nachbar');
    const put = (rules: unknown[]) =>
      app.request('/v1/costs/mapping-rules', jsonRequest('PUT', tenant.tokens.finance, { rules }));
    const own = { serviceId: tenant.services.wahlschein.toUpperCase(), subAccountId: 'a' };
    const refused = await put([
      own,
      { serviceId: other.services.wahlschein, subAccountId: 'b' },
      { serviceId: crypto.randomUUID(), subAccountId: 'c' },
    ]);
    expect(refused.status).toBe(400);
    const problem = (await refused.json()) as { detail: string; errors: { pointer: string }[] };
    expect(problem.errors.map((e) => e.pointer)).toEqual(['/rules/1/serviceId']);
    expect(problem.detail).toBe(`no service ${other.services.wahlschein}`);
    expect((await put([own, { serviceId: tenant.services.hundesteuer, subAccountId: 'b' }])).status).toBe(
      200,
    );
    expect((await put([])).status).toBe(200);
  });
});
