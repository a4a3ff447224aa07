import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../domain/calendar-day.ts';
import { type CostCategory, costCategories } from '../domain/cost-category.ts';
import { money } from '../domain/money.ts';
import { csvRecords } from '../ingest/csv-records.ts';
import type { CostRecord } from './cost-record.ts';
import { monthlyCostCsv } from './monthly-cost-csv.ts';
import { dailyRecords } from './test-data.ts';

async function parseCsv(text: string, delimiter = ','): Promise<string[][]> {
  const rows: string[][] = [];
  for await (const batch of csvRecords([text], { delimiter })) rows.push(...batch.map((r) => r.fields ?? []));
  return rows;
}

const names: Record<string, string> = { 'svc-wahl': 'Online-Wahlschein', 'svc-kfz': 'Kfz-Zulassung' };

describe('monthlyCostCsv', () => {
  it('writes a row per month and service, month totals and a grand total', async () => {
    const records = [
      ...dailyRecords('2026-01-30', '2026-02-02', '10.005'),
      ...dailyRecords('2026-01-31', '2026-01-31', '1', 'svc-kfz', 'licences'),
      {
        day: '2026-02-01',
        serviceId: null,
        category: 'egress' as const,
        amount: money('0.5', 'EUR'),
        source: 'x',
      },
    ];
    const text = monthlyCostCsv(records, {
      from: '2026-01-01',
      to: '2026-02-28',
      currency: 'EUR',
      locale: 'en',
      serviceName: (id) => names[id] ?? id,
    });
    expect(await parseCsv(text)).toEqual([
      ['Month', 'Service', 'Compute', 'Storage', 'Data transfer', 'Licences', 'Services', 'Total (€)'],
      ['2026-01', 'Kfz-Zulassung', '0.00', '0.00', '0.00', '1.00', '0.00', '1.00'],
      ['2026-01', 'Online-Wahlschein', '20.01', '0.00', '0.00', '0.00', '0.00', '20.01'],
      ['2026-01', 'Month total', '20.01', '0.00', '0.00', '1.00', '0.00', '21.01'],
      ['2026-02', '(unassigned)', '0.00', '0.00', '0.50', '0.00', '0.00', '0.50'],
      ['2026-02', 'Online-Wahlschein', '20.01', '0.00', '0.00', '0.00', '0.00', '20.01'],
      ['2026-02', 'Month total', '20.01', '0.00', '0.50', '0.00', '0.00', '20.51'],
      ['2026-01-01/2026-02-28', 'Grand total', '40.02', '0.00', '0.50', '1.00', '0.00', '41.52'],
    ]);
    expect(monthlyCostCsv([], { from: '2026-01-01', to: '2026-01-31', currency: 'EUR' })).toBe(
      '\uFEFFMonat;Dienst;Rechenleistung;Speicher;Datenübertragung;Lizenzen;Dienstleistungen;Summe (€)\r\n01.01.2026–31.01.2026;Gesamtsumme;0,00;0,00;0,00;0,00;0,00;0,00\r\n',
    );
  });

  it('names the exchange rates each converted row used, in a last column', async () => {
    const usd = (day: string, amount: string, original: string, rate: string, date: string): CostRecord => ({
      day,
      serviceId: 'svc-wahl',
      category: 'compute',
      amount: money(amount, 'EUR'),
      source: 'FOCUS usd.csv, line 2',
      fx: {
        original: money(original, 'USD'),
        rate: { base: 'EUR', quote: 'USD', rate, date, source: 'ECB' },
      },
    });
    const records = [
      usd('2026-04-10', '100', '117.11', '1.1711', '2026-04-10'),
      usd('2026-04-11', '85.389804457', '100', '1.1711', '2026-04-10'),
      usd('2026-04-13', '10', '11.684', '1.1684', '2026-04-13'),
      ...dailyRecords('2026-04-01', '2026-04-01', '5', 'svc-kfz'),
    ];
    const options = {
      from: '2026-04-01',
      to: '2026-04-30',
      currency: 'EUR',
      serviceName: (id: string) => names[id] ?? id,
    };
    const de = await parseCsv(monthlyCostCsv(records, options), ';');
    expect(de[0]?.at(-1)).toBe('Umrechnungskurse');
    expect(de.map((row) => row.at(-1))).toEqual([
      'Umrechnungskurse',
      '',
      'EZB-Referenzkurs vom 10.04.2026: 1 EUR = 1,1711 USD; EZB-Referenzkurs vom 13.04.2026: 1 EUR = 1,1684 USD',
      '',
      '',
    ]);
    const en = await parseCsv(monthlyCostCsv(records, { ...options, locale: 'en' }));
    expect(en[2]?.at(-1)).toBe(
      'ECB reference rate of 2026-04-10: 1 EUR = 1.1711 USD; ECB reference rate of 2026-04-13: 1 EUR = 1.1684 USD',
    );
    expect(en[2]?.at(-2)).toBe('195.39');
  });

  it('refuses costs in another currency', () => {
    const usd = [
      {
        day: '2026-01-02',
        serviceId: 'a',
        category: 'compute' as const,
        amount: money('1', 'USD'),
        source: 's',
      },
    ];
    expect(() => monthlyCostCsv(usd, { from: '2026-01-01', to: '2026-01-31', currency: 'EUR' })).toThrow(
      /in USD/,
    );
  });

  it('every total row is the sum of its rows to the cent, for any costs', async () => {
    const record = fc.record({
      offset: fc.integer({ min: 0, max: 120 }),
      serviceId: fc.constantFrom('a', 'b', 'c', null),
      category: fc.constantFrom<CostCategory>(...costCategories),
      nanos: fc.bigInt({ min: -(10n ** 12n), max: 10n ** 13n }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(record, { maxLength: 80 }), async (raw) => {
        const records: CostRecord[] = raw.map((r) => ({
          day: addDays('2026-01-01', r.offset),
          serviceId: r.serviceId,
          category: r.category,
          amount: { nanos: r.nanos, currency: 'EUR' },
          source: 's',
        }));
        const rows = (
          await parseCsv(
            monthlyCostCsv(records, {
              from: '2026-01-01',
              to: '2026-04-30',
              currency: 'EUR',
              locale: 'en',
            }),
          )
        ).slice(1);
        const cents = (t: string) => BigInt(t.replace('.', ''));
        const lines = rows.filter((r) => r[1] !== 'Month total' && r[1] !== 'Grand total');
        for (const row of rows) {
          // The row total is the sum of its category cells.
          expect(row.slice(2, 7).reduce((t, c) => t + cents(c), 0n)).toBe(cents(row[7]!));
        }
        for (const month of new Set(lines.map((r) => r[0]))) {
          const total = rows.find((r) => r[0] === month && r[1] === 'Month total')!;
          for (let column = 2; column <= 7; column++) {
            expect(lines.filter((r) => r[0] === month).reduce((t, r) => t + cents(r[column]!), 0n)).toBe(
              cents(total[column]!),
            );
          }
        }
        const grand = rows.at(-1)!;
        // Costs are booked per month: each month is its exact sum rounded once.
        const byMonth = new Map<string, bigint>();
        for (const r of records.filter((r) => r.day <= '2026-04-30'))
          byMonth.set(r.day.slice(0, 7), (byMonth.get(r.day.slice(0, 7)) ?? 0n) + r.amount.nanos);
        const round = (exact: bigint) => (exact < 0n ? exact - 5_000_000n : exact + 5_000_000n) / 10_000_000n;
        expect(cents(grand[7]!)).toBe([...byMonth.values()].reduce((t, exact) => t + round(exact), 0n));
        for (let column = 2; column <= 7; column++) {
          expect(lines.reduce((t, r) => t + cents(r[column]!), 0n)).toBe(cents(grand[column]!));
        }
      }),
      { numRuns: 150 },
    );
  });
});
