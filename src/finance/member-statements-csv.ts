import { type CsvLocale, type CsvValue, csvText, currencyLabel } from '../domain/csv-text.ts';
import type { MemberStatement } from './member-statements.ts';

const basisNames = {
  inhabitants: { de: 'Einwohner', en: 'Inhabitants' },
  usage: { de: 'Nutzungsanteil', en: 'Usage share' },
  fixed: { de: 'fester Anteil', en: 'Fixed share' },
} as const;

/**
 * Member statements as one CSV: per member, month and service the shared cost, the member's
 * part and the key it was split by, then each member's total (the sum of its parts above).
 *
 * @example
 * memberStatementsCsv(statements, 'de');
 * // '\uFEFFMitglied;Monat;Dienst;Kosten gesamt (€);Anteil (€);Schlüssel;Grundlage\r\nStadt Aberg;2026-02;portal;1000,00;808,52;ew-2025;Einwohner\r\n...'
 */
export function memberStatementsCsv(
  statements: readonly MemberStatement[],
  locale: CsvLocale = 'de',
): string {
  const currency = statements[0]?.total.currency ?? '';
  const unit = currency ? ` (${currencyLabel(currency)})` : '';
  const rows: CsvValue[][] = [
    [
      { de: 'Mitglied', en: 'Member' },
      { de: 'Monat', en: 'Month' },
      { de: 'Dienst', en: 'Service' },
      { de: `Kosten gesamt${unit}`, en: `Total cost${unit}` },
      { de: `Anteil${unit}`, en: `Share${unit}` },
      { de: 'Schlüssel', en: 'Key' },
      { de: 'Grundlage', en: 'Basis' },
    ],
  ];
  for (const statement of statements) {
    for (const line of statement.lines) {
      rows.push([
        statement.memberName,
        line.month,
        line.serviceId,
        line.lineTotal,
        line.amount,
        line.keyId,
        basisNames[line.basis],
      ]);
    }
    rows.push([
      statement.memberName,
      '',
      { de: 'Summe', en: 'Total' },
      '',
      statement.total,
      '',
      { de: 'Summe der Zeilen', en: 'Sum of the lines' },
    ]);
  }
  return csvText(rows, locale);
}
