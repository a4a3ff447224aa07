import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvText } from '../../src/domain/csv-text.ts';
import { money } from '../../src/domain/money.ts';
import type { Database } from '../../src/store/database.ts';
import { insertService } from '../../src/store/service-store.ts';
import { withTenant } from '../../src/store/with-tenant.ts';
import { type CalcCell, openInCalc } from '../support/calc.ts';
import { openTestDatabase } from '../support/databases.ts';
import { bearer, jsonRequest, testApp } from '../support/test-app.ts';
import { csvRequest, type FinanceTenant, seedFinanceTenant } from './finance-setup.ts';

// What a user gets when a CSV export is opened in LibreOffice Calc with the locale's settings:
// text stays text (umlauts and "€" intact, the byte-order mark gone), amounts and days become
// numbers and dates. One database is enough; the point here is the spreadsheet.
const costs = [
  'date,service,category,amount,currency',
  '2026-03-02,maerzwahl,compute,1234.56,EUR',
  '2026-03-03,maerzwahl,compute,0.01,EUR',
  '2026-03-31,maerzwahl,storage,-12.50,EUR',
  '2026-04-01,wahlschein,licences,98765.43,EUR',
].join('\n');

const row = (sheet: CalcCell[][], first: string) => sheet.find((r) => r[0]?.text === first);
const texts = (cells: CalcCell[] | undefined) => cells?.map((c) => c.text);

describe('CSV exports opened in LibreOffice Calc', () => {
  let database: Database;
  let app: ReturnType<typeof testApp>['app'];
  let tenant: FinanceTenant;
  let grantId: string;

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    app = testApp(database).app;
    tenant = await seedFinanceTenant(database, 'calc');
    const maerz = crypto.randomUUID();
    await withTenant(database, tenant.id, (tx) =>
      insertService(tx, tenant.id, maerz, { key: 'maerzwahl', name: 'Kommunalwahl März' }),
    );
    expect(
      (await app.request('/v1/costs/imports?source=rz', csvRequest(tenant.tokens.finance, costs))).status,
    ).toBe(200);
    const created = await app.request(
      '/v1/grants',
      jsonRequest('POST', tenant.tokens.finance, {
        programme: 'Digitalisierung Kommunal',
        funder: 'Freistaat Bayern',
        referenceNumber: 'DK-2026-0042',
        amount: '50000.00',
        period: { start: '2026-01-01', end: '2026-12-31' },
        eligibleServiceIds: [maerz],
        coFundingRate: '0.8',
      }),
    );
    grantId = ((await created.json()) as { id: string }).id;
  }, 180_000);
  afterAll(() => database?.close());

  const download = async (path: string) => {
    const res = await app.request(path, { headers: bearer(tenant.tokens.finance) });
    expect(res.status).toBe(200);
    return new Uint8Array(await res.arrayBuffer());
  };

  it('German exports: text intact, amounts as numbers', async () => {
    const sheets = await openInCalc(
      {
        monthly: await download('/v1/costs/monthly?from=2026-01-01&to=2026-04-30'),
        proof: await download(`/v1/grants/${grantId}/proof-of-use?format=csv&to=2026-04-30`),
        widget: csvText([
          [
            { de: 'Tag', en: 'Day' },
            { de: 'Zeit', en: 'Time' },
            'Last',
            { de: 'Kosten (€)', en: 'Cost (€)' },
          ],
          [
            { day: '2026-03-29' },
            { instant: '2026-03-29T01:30:00Z', zone: 'Europe/Berlin' },
            1234.5678,
            money('0.105', 'EUR'),
          ],
        ]),
      },
      'de',
    );
    const monthly = sheets.monthly!;
    expect(texts(monthly[0])).toEqual([
      'Monat',
      'Dienst',
      'Rechenleistung',
      'Speicher',
      'Datenübertragung',
      'Lizenzen',
      'Dienstleistungen',
      'Summe (€)',
    ]);
    const march = monthly.find((r) => r[1]?.text === 'Kommunalwahl März');
    expect(march?.[0]).toMatchObject({ type: 'string', text: '2026-03' });
    expect(march?.slice(2).map((c) => [c.type, c.value])).toEqual([
      ['float', '1234.57'],
      ['float', '-12.5'],
      ['float', '0'],
      ['float', '0'],
      ['float', '0'],
      ['float', '1222.07'],
    ]);
    const grand = monthly.at(-1);
    expect(grand?.[0]).toMatchObject({ type: 'string', text: '01.01.2026–30.04.2026' });
    expect(grand?.[7]).toMatchObject({ type: 'float', value: '99987.5' });

    const proof = sheets.proof!;
    expect(texts(proof[0])?.slice(0, 7)).toEqual([
      'Art',
      'Förderkennzeichen',
      'Kategorie',
      'Monat',
      'Ausgaben (€)',
      'Förderung (€)',
      'Eigenanteil (€)',
    ]);
    expect(
      row(proof, 'Gesamtsumme')
        ?.slice(4, 8)
        .map((c) => [c.type, c.value]),
    ).toEqual([
      ['float', '1222.07'],
      ['float', '977.66'],
      ['float', '244.41'],
      ['float', '3'],
    ]);

    const widget = sheets.widget!;
    expect(texts(widget[0])).toEqual(['Tag', 'Zeit', 'Last', 'Kosten (€)']);
    expect(widget[1]?.map((c) => [c.type, c.value])).toEqual([
      ['date', '2026-03-29'],
      ['date', '2026-03-29T03:30:00'],
      ['float', '1235'],
      ['float', '0.11'],
    ]);
  }, 120_000);

  it('English exports: commas, decimal points and ISO days', async () => {
    const sheets = await openInCalc(
      {
        monthly: await download('/v1/costs/monthly?from=2026-01-01&to=2026-04-30&locale=en'),
        widget: csvText(
          [
            [{ de: 'Tag', en: 'Day' }, 'Load', { de: 'Kosten (€)', en: 'Cost (€)' }],
            [{ day: '2026-03-29' }, 0.000123456, money('-98765.435', 'EUR')],
          ],
          'en',
        ),
      },
      'en',
    );
    const monthly = sheets.monthly!;
    expect(texts(monthly[0])?.at(-1)).toBe('Total (€)');
    const march = monthly.find((r) => r[1]?.text === 'Kommunalwahl März');
    expect(march?.[7]).toMatchObject({ type: 'float', value: '1222.07' });
    expect(monthly.at(-1)?.[0]).toMatchObject({ type: 'string', text: '2026-01-01/2026-04-30' });
    expect(sheets.widget![1]?.map((c) => [c.type, c.value])).toEqual([
      ['date', '2026-03-29'],
      ['float', '0.0001235'],
      ['float', '-98765.44'],
    ]);
  }, 120_000);
});
