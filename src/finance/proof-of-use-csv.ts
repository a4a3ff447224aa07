import { costCategoryNames } from '../domain/cost-category.ts';
import { type CsvLabel, type CsvLocale, type CsvValue, csvText, currencyLabel } from '../domain/csv-text.ts';
import { rateLabelDe, rateLabelEn } from './fx-rate-label.ts';
import { periodLabel } from './monthly-cost-csv.ts';
import type { ProofOfUse, ProofOfUseFigures } from './proof-of-use.ts';
import { germanSource } from './proof-of-use-html.ts';

const OF_LINES: CsvLabel = { de: 'Summe der Zeilen', en: 'Sum of the lines' };

/**
 * The proof of use as CSV: one row per cost category and month with spend, funded and own
 * share and the sources of the figure, then the totals per category, per month and overall,
 * each marked in the first column and each the sum of the lines above it.
 *
 * @example
 * proofOfUseCsv(proofOfUse(grant, records, { asOf: '2026-12-31' }));
 * // '\uFEFFArt;Förderkennzeichen;Kategorie;Monat;Ausgaben (€);Förderung (€);Eigenanteil (€);Posten;Quellen\r\nZeile;DK-2026-0042;Rechenleistung;2026-01;3100,00;2480,00;620,00;31;FOCUS aws.csv, Zeilen 2–32 (31 Posten)\r\n...'
 */
export function proofOfUseCsv(report: ProofOfUse, locale: CsvLocale = 'de'): string {
  const reference = report.grant.referenceNumber;
  const unit = currencyLabel(report.grant.amount.currency);
  const money = (figures: ProofOfUseFigures) => [figures.spend, figures.funded, figures.own];
  // A last column with the rates of each line, when any cost was billed in another currency.
  const converted = report.lines.some((l) => l.rates.length > 0);
  const rows: CsvValue[][] = [
    [
      { de: 'Art', en: 'Kind' },
      { de: 'Förderkennzeichen', en: 'Reference number' },
      { de: 'Kategorie', en: 'Category' },
      { de: 'Monat', en: 'Month' },
      { de: `Ausgaben (${unit})`, en: `Spend (${unit})` },
      { de: `Förderung (${unit})`, en: `Funded (${unit})` },
      { de: `Eigenanteil (${unit})`, en: `Own share (${unit})` },
      { de: 'Posten', en: 'Records' },
      { de: 'Quellen', en: 'Sources' },
      ...(converted ? [{ de: 'Umrechnungskurse', en: 'Exchange rates' }] : []),
    ],
  ];
  for (const line of report.lines) {
    const sources = line.sources.join('; ');
    rows.push([
      { de: 'Zeile', en: 'Line' },
      reference,
      costCategoryNames[line.category],
      line.month,
      ...money(line),
      line.records,
      { de: line.sources.map(germanSource).join('; '), en: sources },
      ...(converted
        ? [{ de: line.rates.map(rateLabelDe).join('; '), en: line.rates.map(rateLabelEn).join('; ') }]
        : []),
    ]);
  }
  for (const total of report.byCategory) {
    rows.push([
      { de: 'Summe Kategorie', en: 'Category total' },
      reference,
      costCategoryNames[total.category],
      '',
      ...money(total),
      '',
      OF_LINES,
    ]);
  }
  for (const total of report.byMonth)
    rows.push([
      { de: 'Summe Monat', en: 'Month total' },
      reference,
      '',
      total.month,
      ...money(total),
      '',
      OF_LINES,
    ]);
  rows.push([
    { de: 'Gesamtsumme', en: 'Grand total' },
    reference,
    '',
    periodLabel(report.from, report.to),
    ...money(report.total),
    report.lines.reduce((n, l) => n + l.records, 0),
    OF_LINES,
  ]);
  return csvText(rows, locale);
}
