import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../domain/calendar-day.ts';
import { type CostCategory, costCategories } from '../domain/cost-category.ts';
import { formatMoney, money } from '../domain/money.ts';
import { csvRecords } from '../ingest/csv-records.ts';
import type { CostRecord } from './cost-record.ts';
import { proofOfUse, summariseSources } from './proof-of-use.ts';
import { proofOfUseCsv } from './proof-of-use-csv.ts';
import { proofOfUseHtml } from './proof-of-use-html.ts';
import { dailyRecords, demoGrant, eur } from './test-data.ts';

const f = formatMoney;
const records = [
  ...dailyRecords('2026-01-01', '2026-03-31', '33.333'),
  ...dailyRecords('2026-02-01', '2026-02-28', '10.005', 'svc-wahl', 'storage'),
  ...dailyRecords('2026-01-01', '2026-03-31', '99', 'svc-kfz'),
];

async function parseCsv(text: string, delimiter = ','): Promise<string[][]> {
  const rows: string[][] = [];
  for await (const batch of csvRecords([text], { delimiter })) rows.push(...batch.map((r) => r.fields ?? []));
  return rows;
}

const cents = (text: string) => BigInt(text.replace('.', ''));

describe('proofOfUse', () => {
  const report = proofOfUse(demoGrant, records, { asOf: '2026-03-31' });

  it('has a line per category and month, each within a cent of its exact sum', () => {
    expect(
      report.lines.map((l) => [l.category, l.month, f(l.spend), f(l.funded), f(l.own), l.records]),
    ).toEqual([
      ['compute', '2026-01', '1033.32', '826.66', '206.66', 31],
      ['compute', '2026-02', '933.32', '746.65', '186.67', 28],
      ['compute', '2026-03', '1033.32', '826.66', '206.66', 31],
      ['storage', '2026-02', '280.14', '224.11', '56.03', 28],
    ]);
    // Each month's costs are rounded as booked (1033.323 → 1033.32, 933.324 → 933.32, 280.14),
    // so the total is the sum of the booked cents, 3280.10; funded is 80 % of it, 2624.08.
    expect([f(report.total.spend), f(report.total.funded), f(report.total.own)]).toEqual([
      '3280.10',
      '2624.08',
      '656.02',
    ]);
    expect(report.lines[0]?.sources).toEqual(['FOCUS test.csv, lines 2-32 (31)']);
    expect(report.byCategory.map((c) => [c.category, f(c.spend)])).toEqual([
      ['compute', '2999.96'],
      ['storage', '280.14'],
    ]);
  });

  it('counts earlier funding against the cap and limits the report to its period', () => {
    const small = { ...demoGrant, amount: eur('2000'), tranches: [] };
    const march = proofOfUse(small, records, { asOf: '2026-12-31', from: '2026-03-01', to: '2026-03-31' });
    // January and February: 2246.78 booked, 80 % = 1797.424, so 202.58 of the 2000 are left.
    expect(f(march.fundedBefore)).toBe('1797.42');
    expect([f(march.total.spend), f(march.total.funded), f(march.total.own)]).toEqual([
      '1033.32',
      '202.58',
      '830.74',
    ]);
    expect(march.lines.map((l) => l.month)).toEqual(['2026-03']);
  });

  it('is empty before any eligible spend', () => {
    const empty = proofOfUse(demoGrant, records, { asOf: '2025-12-31' });
    expect(empty.lines).toEqual([]);
    expect(f(empty.total.spend)).toBe('0.00');
    expect(proofOfUseHtml(empty)).toContain('Keine zuwendungsfähigen Ausgaben im Berichtszeitraum.');
  });

  it('refuses costs in another currency', () => {
    const usd: CostRecord = {
      day: '2026-01-02',
      serviceId: 'svc-wahl',
      category: 'compute',
      amount: money('1', 'USD'),
      source: 'x',
    };
    expect(() => proofOfUse(demoGrant, [usd], { asOf: '2026-03-31' })).toThrow(/in USD, expected EUR/);
  });

  it('writes CSV whose total rows are the sums of its lines', async () => {
    const rows = await parseCsv(proofOfUseCsv(report, 'en'));
    expect(rows[0]).toEqual([
      'Kind',
      'Reference number',
      'Category',
      'Month',
      'Spend (€)',
      'Funded (€)',
      'Own share (€)',
      'Records',
      'Sources',
    ]);
    expect(rows[1]).toEqual([
      'Line',
      'DK-2026-0042',
      'Compute',
      '2026-01',
      '1033.32',
      '826.66',
      '206.66',
      '31',
      'FOCUS test.csv, lines 2-32 (31)',
    ]);
    expect(rows.at(-1)).toEqual([
      'Grand total',
      'DK-2026-0042',
      '',
      '2026-01-01/2026-03-31',
      '3280.10',
      '2624.08',
      '656.02',
      '118',
      'Sum of the lines',
    ]);
    const german = proofOfUseCsv(report).split('\r\n');
    expect(german[0]).toBe(
      '\uFEFFArt;Förderkennzeichen;Kategorie;Monat;Ausgaben (€);Förderung (€);Eigenanteil (€);Posten;Quellen',
    );
    expect(german[1]).toBe(
      'Zeile;DK-2026-0042;Rechenleistung;2026-01;1033,32;826,66;206,66;31;FOCUS test.csv, Zeilen 2–32 (31 Posten)',
    );
    expect(german.at(-2)).toBe(
      'Gesamtsumme;DK-2026-0042;;01.01.2026–31.03.2026;3280,10;2624,08;656,02;118;Summe der Zeilen',
    );
  });

  it('prints German HTML for A4 with escaped text', () => {
    const html = proofOfUseHtml(
      proofOfUse({ ...demoGrant, programme: 'Digital <&> "Kommunal"', coFundingRate: '0.755' }, records, {
        asOf: '2026-03-31',
      }),
    );
    expect(html).toContain('<html lang="de">');
    expect(html).toMatch(/@page {\s+size: A4;/);
    expect(html).toContain('Digital &lt;&amp;&gt; &quot;Kommunal&quot;');
    expect(html).toContain('75,5\u00a0%');
    expect(html).toContain('<td class="month">Januar 2026</td><td>Rechenleistung</td>');
    expect(html).toContain('FOCUS test.csv, Zeilen 2–32 (31 Posten)');
    expect(html).toContain('@bottom-left { content: "Verwendungsnachweis DK-2026-0042, Stand 31.03.2026"');
    expect(html).not.toMatch(/<script|https?:\/\//);
  });

  it('totals equal the sums of their lines to the cent in the model, the CSV and the HTML, for any costs', async () => {
    const record = fc.record({
      offset: fc.integer({ min: -30, max: 760 }),
      serviceId: fc.constantFrom('svc-wahl', 'svc-kfz', null),
      category: fc.constantFrom<CostCategory>(...costCategories),
      nanos: fc.bigInt({ min: -(10n ** 12n), max: 10n ** 14n }),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(record, { maxLength: 60 }),
        fc.constantFrom('1', '0.8', '0.755', '0.333333333'),
        fc.bigInt({ min: 1n, max: 10n ** 15n }),
        fc.integer({ min: 0, max: 700 }),
        async (raw, rate, cap, fromOffset) => {
          const grant = {
            ...demoGrant,
            coFundingRate: rate,
            amount: { nanos: cap, currency: 'EUR' },
            tranches: [],
          };
          const costs: CostRecord[] = raw.map((r, i) => ({
            day: addDays('2026-01-01', r.offset),
            serviceId: r.serviceId,
            category: r.category,
            amount: { nanos: r.nanos, currency: 'EUR' },
            source: `FOCUS p.csv, line ${i + 2}`,
          }));
          const report = proofOfUse(grant, costs, {
            asOf: '2028-06-30',
            from: addDays('2026-01-01', fromOffset),
          });
          const sum = (
            key: 'spend' | 'funded' | 'own',
            list: readonly { spend: { nanos: bigint }; funded: { nanos: bigint }; own: { nanos: bigint } }[],
          ) => list.reduce((t, l) => t + l[key].nanos, 0n);
          for (const key of ['spend', 'funded', 'own'] as const) {
            expect(sum(key, report.lines)).toBe(report.total[key].nanos);
            expect(sum(key, report.byCategory)).toBe(report.total[key].nanos);
            expect(sum(key, report.byMonth)).toBe(report.total[key].nanos);
          }
          for (const line of [...report.lines, report.total]) {
            expect(line.spend.nanos).toBe(line.funded.nanos + line.own.nanos);
            expect(line.spend.nanos % 10_000_000n).toBe(0n);
          }
          expect(report.fundedBefore.nanos + report.total.funded.nanos).toBeLessThanOrEqual(
            cap + 10_000_000n,
          );

          const rows = await parseCsv(proofOfUseCsv(report, 'en'));
          const lineRows = rows.filter((r) => r[0] === 'Line');
          const totalRow = rows.find((r) => r[0] === 'Grand total')!;
          for (const column of [4, 5, 6]) {
            expect(lineRows.reduce((t, r) => t + cents(r[column]!), 0n)).toBe(cents(totalRow[column]!));
          }
          const html = proofOfUseHtml(report);
          expect(html).toContain(`Kontrollsumme Ausgaben: ${f(report.total.spend)}.`);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('summariseSources', () => {
  it.each([
    [[], []],
    [['Plan p1'], ['Plan p1']],
    [['FOCUS a.csv, line 3'], ['FOCUS a.csv, line 3']],
    [
      ['FOCUS a.csv, line 9, invoice I-1', 'FOCUS a.csv, line 3, invoice I-1', 'CSV b.csv, line 2'],
      ['CSV b.csv, line 2', 'FOCUS a.csv, invoice I-1, lines 3-9 (2)'],
    ],
  ])('%j', (sources, expected) => {
    expect(summariseSources(sources)).toEqual(expected);
  });
});

describe('the exchange rates of converted costs', () => {
  const rate = { base: 'EUR', quote: 'USD', rate: '1.1711', date: '2026-04-10', source: 'ECB' };
  const converted: CostRecord[] = [
    ...dailyRecords('2026-04-01', '2026-04-02', '20'),
    {
      day: '2026-04-11',
      serviceId: 'svc-wahl',
      category: 'compute',
      amount: money('85.389804457', 'EUR'),
      source: 'FOCUS usd.csv, line 7',
      fx: { original: money('100', 'USD'), rate },
    },
  ];
  const report = proofOfUse(demoGrant, converted, { asOf: '2026-04-30' });

  it('are named on the line they belong to, in the HTML page and in both CSV languages', async () => {
    expect(report.lines.map((l) => l.rates)).toEqual([[rate]]);
    const html = proofOfUseHtml(report);
    expect(html).toContain('Umrechnung: EZB-Referenzkurs vom 10.04.2026: 1 EUR = 1,1711 USD');
    expect(html).toContain('mit dem Kurs ihres Buchungstags umgerechnet');
    const de = await parseCsv(proofOfUseCsv(report), ';');
    expect(de[0]?.at(-1)).toBe('Umrechnungskurse');
    expect(de[1]?.at(-1)).toBe('EZB-Referenzkurs vom 10.04.2026: 1 EUR = 1,1711 USD');
    const en = await parseCsv(proofOfUseCsv(report, 'en'));
    expect(en[1]?.at(-1)).toBe('ECB reference rate of 2026-04-10: 1 EUR = 1.1711 USD');
  });

  it('leave the page and the CSV as they were when nothing was converted', async () => {
    const plain = proofOfUse(demoGrant, records, { asOf: '2026-03-31' });
    expect(proofOfUseHtml(plain)).not.toContain('Umrechnung');
    expect((await parseCsv(proofOfUseCsv(plain), ';'))[0]?.at(-1)).toBe('Quellen');
  });
});
