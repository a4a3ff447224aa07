import { calendarDay } from '../../domain/calendar-day.ts';
import { DomainError, type FieldError } from '../../domain/errors.ts';

/** The source name of the ECB's rates, turned into "EZB-Referenzkurs" / "ECB reference rate" for people. */
export const ECB_SOURCE = 'ECB';

/** One currency's rates in date order: 1 EUR = `rates[i]` units on `dates[i]`. */
export interface CurrencyRates {
  readonly dates: readonly string[];
  readonly rates: readonly string[];
}

/** An ECB reference-rate file, by currency (the ECB quotes every currency against 1 EUR). */
export interface EcbRates {
  /** Publication days in the file, ascending. */
  readonly days: readonly string[];
  readonly byCurrency: ReadonlyMap<string, CurrencyRates>;
  /** Number of quoted values (cells other than N/A). */
  readonly values: number;
}

const months = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const RATE = /^\d{1,12}(\.\d{1,12})?$/;

/** `2026-04-13` (eurofxref-hist.csv) or `13 April 2026` (the daily eurofxref.csv). */
function ecbDay(text: string): string {
  const long = /^(\d{1,2}) ([A-Za-z]+) (\d{4})$/.exec(text);
  if (long) {
    const month = months.indexOf(long[2]!.toLowerCase());
    if (month >= 0)
      return calendarDay(`${long[3]}-${String(month + 1).padStart(2, '0')}-${long[1]!.padStart(2, '0')}`);
  }
  return calendarDay(text);
}

/**
 * Reads the ECB's euro reference rates as published: `eurofxref-hist.csv` (one row per day,
 * newest first, `N/A` where a currency was not quoted) or the daily `eurofxref.csv` (one row,
 * spaces after commas, "13 April 2026"). Every bad cell is reported with its line and column
 * (up to 20), and nothing is returned then, so a damaged file never half-replaces rates.
 *
 * @example
 * const ecb = parseEcbCsv('Date,USD,JPY,\n2026-04-13,1.1684,186.75,\n');
 * ecb.byCurrency.get('USD'); // { dates: ['2026-04-13'], rates: ['1.1684'] }
 */
export function parseEcbCsv(text: string): EcbRates {
  const lines = text.replace(/^\ufeff/, '').split(/\r?\n/);
  const errors: FieldError[] = [];
  const problem = (pointer: string, detail: string) => {
    if (errors.length < 20) errors.push({ pointer, detail });
  };
  const header = (lines[0] ?? '').split(',').map((cell) => cell.trim());
  if (header[0] !== 'Date') {
    const detail = 'an ECB reference-rate file starts with "Date,USD,JPY,…"';
    throw new DomainError('validation', `not an ECB reference-rate file: ${detail}`, [
      { pointer: '/line/1', detail },
    ]);
  }
  while (header.length > 1 && header[header.length - 1] === '') header.pop();
  const currencies = header.slice(1);
  currencies.forEach((code, index) => {
    if (!/^[A-Z]{3}$/.test(code))
      problem(`/line/1/${index + 2}`, `column ${index + 2} is not an ISO 4217 code: ${JSON.stringify(code)}`);
    else if (currencies.indexOf(code) !== index)
      problem(`/line/1/${code}`, `${code} appears twice in the header`);
  });
  const rows: { day: string; cells: string[] }[] = [];
  const seen = new Set<string>();
  lines.slice(1).forEach((line, index) => {
    const number = index + 2;
    if (line.trim() === '') return;
    const cells = line.split(',').map((cell) => cell.trim());
    while (cells.length > header.length && cells[cells.length - 1] === '') cells.pop();
    if (cells.length !== header.length) {
      problem(`/line/${number}`, `line ${number} has ${cells.length} fields, the header ${header.length}`);
      return;
    }
    let day: string;
    try {
      day = ecbDay(cells[0]!);
    } catch {
      problem(`/line/${number}/Date`, `line ${number}: ${JSON.stringify(cells[0])} is not a day`);
      return;
    }
    if (seen.has(day)) problem(`/line/${number}/Date`, `line ${number}: ${day} appears twice`);
    seen.add(day);
    cells.slice(1).forEach((cell, column) => {
      if (cell === 'N/A' || cell === '') return;
      if (!RATE.test(cell) || !/[1-9]/.test(cell))
        problem(
          `/line/${number}/${currencies[column]}`,
          `line ${number}, ${currencies[column]}: ${JSON.stringify(cell)} is not a positive rate`,
        );
    });
    rows.push({ day, cells: cells.slice(1) });
  });
  if (errors.length === 0 && rows.length === 0) problem('/line/2', 'the file has a header but no rates');
  if (errors.length > 0) {
    throw new DomainError(
      'validation',
      `the ECB file has ${errors.length === 20 ? '20 or more' : errors.length} bad value(s); nothing was stored`,
      errors,
    );
  }
  rows.sort((a, b) => (a.day < b.day ? -1 : 1));
  const byCurrency = new Map<string, { dates: string[]; rates: string[] }>();
  let values = 0;
  currencies.forEach((code, column) => {
    const dates: string[] = [];
    const rates: string[] = [];
    for (const row of rows) {
      const cell = row.cells[column]!;
      if (cell === 'N/A' || cell === '') continue;
      dates.push(row.day);
      rates.push(cell);
    }
    values += dates.length;
    if (dates.length > 0) byCurrency.set(code, { dates, rates });
  });
  return { days: rows.map((r) => r.day), byCurrency, values };
}
