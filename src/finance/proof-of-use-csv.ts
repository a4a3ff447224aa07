import { costCategoryLabels } from './cost-category.ts';
import { type CsvFormat, csvMoney, csvTable } from './csv-table.ts';
import type { ProofOfUse, ProofOfUseFigures } from './proof-of-use.ts';
import { germanSource } from './proof-of-use-html.ts';

/**
 * The proof of use as CSV: one row per cost category and month with spend, funded and own
 * share and the sources of the figure, then the totals per category, per month and overall,
 * each marked in the first column and each the sum of the lines above it.
 *
 * @example
 * proofOfUseCsv(proofOfUse(grant, records, { asOf: '2026-12-31' }));
 * // 'Art;Förderkennzeichen;Kategorie;Monat;Ausgaben;Förderung;Eigenanteil;Posten;Quellen\r\nZeile;DK-2026-0042;Rechenleistung;2026-01;3100,00;2480,00;620,00;31;FOCUS aws.csv, Zeilen 2–32 (31 Posten)\r\n...'
 */
export function proofOfUseCsv(report: ProofOfUse, format: CsvFormat = 'de'): string {
  const reference = report.grant.referenceNumber;
  const money = (figures: ProofOfUseFigures) => [
    csvMoney(figures.spend, format),
    csvMoney(figures.funded, format),
    csvMoney(figures.own, format),
  ];
  const rows: string[][] = [
    [
      'Art',
      'Förderkennzeichen',
      'Kategorie',
      'Monat',
      'Ausgaben',
      'Förderung',
      'Eigenanteil',
      'Posten',
      'Quellen',
    ],
  ];
  for (const line of report.lines) {
    rows.push([
      'Zeile',
      reference,
      costCategoryLabels[line.category],
      line.month,
      ...money(line),
      String(line.records),
      line.sources.map(germanSource).join('; '),
    ]);
  }
  const ofLines = 'Summe der Zeilen';
  for (const total of report.byCategory) {
    rows.push([
      'Summe Kategorie',
      reference,
      costCategoryLabels[total.category],
      '',
      ...money(total),
      '',
      ofLines,
    ]);
  }
  for (const total of report.byMonth)
    rows.push(['Summe Monat', reference, '', total.month, ...money(total), '', ofLines]);
  rows.push([
    'Gesamtsumme',
    reference,
    '',
    `${report.from}/${report.to}`,
    ...money(report.total),
    String(report.lines.reduce((n, l) => n + l.records, 0)),
    ofLines,
  ]);
  return csvTable(rows, format);
}
