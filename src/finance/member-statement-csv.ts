import { type CsvFormat, csvMoney, csvTable } from './csv-table.ts';
import type { MemberStatement } from './member-statements.ts';

const basisLabels = { inhabitants: 'Einwohner', usage: 'Nutzungsanteil', fixed: 'fester Anteil' } as const;

/**
 * One member's statement as CSV: per month and service the shared cost, the member's part and
 * the key it was split by, then the member total (the sum of the parts above).
 *
 * @example
 * memberStatementCsv(statements[0], 'de');
 * // 'Mitglied;Monat;Dienst;Kosten gesamt;Anteil;Schlüssel;Grundlage\r\nStadt Aberg;2026-02;portal;1000,00;808,52;ew-2025;Einwohner\r\n...'
 */
export function memberStatementCsv(statement: MemberStatement, format: CsvFormat = 'de'): string {
  const rows: string[][] = [
    ['Mitglied', 'Monat', 'Dienst', 'Kosten gesamt', 'Anteil', 'Schlüssel', 'Grundlage'],
  ];
  for (const line of statement.lines) {
    rows.push([
      statement.memberName,
      line.month,
      line.serviceId,
      csvMoney(line.lineTotal, format),
      csvMoney(line.amount, format),
      line.keyId,
      basisLabels[line.basis],
    ]);
  }
  rows.push([
    statement.memberName,
    '',
    'Summe',
    '',
    csvMoney(statement.total, format),
    '',
    'Summe der Zeilen',
  ]);
  return csvTable(rows, format);
}
