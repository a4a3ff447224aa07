import { formatMoney, type Money } from '../domain/money.ts';
import { formatMoneyDe } from './format-money-de.ts';

/**
 * `de`: semicolons and decimal commas, as German spreadsheets open them by double-click;
 * `plain`: commas and decimal points, for programs.
 */
export type CsvFormat = 'de' | 'plain';

function field(value: string, delimiter: string): string {
  return value.includes(delimiter) || /["\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/**
 * RFC 4180 text (CRLF line ends) of a table of cells.
 *
 * @example
 * csvTable([['Monat', 'Betrag'], ['2026-01', '1,50']], 'de'); // 'Monat;Betrag\r\n2026-01;1,50\r\n'
 */
export function csvTable(rows: readonly (readonly string[])[], format: CsvFormat): string {
  const delimiter = format === 'de' ? ';' : ',';
  return rows.map((row) => `${row.map((cell) => field(cell, delimiter)).join(delimiter)}\r\n`).join('');
}

/** An amount for a CSV cell: no currency sign, no thousands separator in `plain`. */
export function csvMoney(amount: Money, format: CsvFormat): string {
  return format === 'de' ? formatMoneyDe(amount, false).replaceAll('.', '') : formatMoney(amount);
}
