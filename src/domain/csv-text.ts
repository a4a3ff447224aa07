import { formatMoney, type Money } from './money.ts';
import { tzOffsetMs } from './zone-offset.ts';

/**
 * The two CSV dialects: `de` (the default) as German spreadsheets open a file by double-click
 * (`;` between fields, decimal comma, `dd.mm.yyyy`), `en` for English locales and programs
 * (`,`, decimal point, ISO 8601 days).
 */
export type CsvLocale = 'de' | 'en';

/** Text in both languages, e.g. a column header; the file's locale picks one. */
export interface CsvLabel {
  readonly de: string;
  readonly en: string;
}

/** A calendar day `YYYY-MM-DD`. */
export interface CsvDay {
  readonly day: string;
}

/** An instant shown in a time zone (UTC by default), to the minute (to the second when it has any). */
export interface CsvInstant {
  readonly instant: number | string | Date;
  readonly zone?: string;
}

/** A measured quantity with a fixed number of decimals. */
export interface CsvQuantity {
  readonly quantity: number;
  readonly digits: number;
}

/**
 * What a cell holds. Money prints with two decimals from its exact value; a plain number is a
 * quantity rounded to four significant digits (never in its whole part); null, undefined and
 * non-finite numbers leave the cell empty.
 */
export type CsvValue =
  | string
  | number
  | bigint
  | null
  | undefined
  | Money
  | CsvLabel
  | CsvDay
  | CsvInstant
  | CsvQuantity;

const BOM = '\uFEFF';
const numberFormats = new Map<number, Intl.NumberFormat>();

function decimal(value: number, digits: number): string {
  let format = numberFormats.get(digits);
  if (format === undefined) {
    format = new Intl.NumberFormat('en-US', { useGrouping: false, maximumFractionDigits: digits });
    numberFormats.set(digits, format);
  }
  const text = format.format(value);
  return text === '-0' ? '0' : text;
}

/** Four significant digits, but the whole part is never rounded away. */
function quantityDigits(value: number): number {
  const magnitude = Math.abs(value);
  if (magnitude === 0 || Number.isInteger(value)) return 0;
  return Math.min(12, Math.max(0, 3 - Math.floor(Math.log10(magnitude))));
}

function dayText(day: string, locale: CsvLocale): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) throw new RangeError(`not a calendar day (YYYY-MM-DD): ${JSON.stringify(day)}`);
  return locale === 'de' ? `${match[3]}.${match[2]}.${match[1]}` : day;
}

function instantText(value: CsvInstant, locale: CsvLocale): string {
  const date = value.instant instanceof Date ? value.instant : new Date(value.instant);
  if (Number.isNaN(date.getTime())) return '';
  const ms = date.getTime();
  // The wall-clock time read off a UTC ISO string shifted by the zone's offset.
  const local = new Date(ms + tzOffsetMs(value.zone ?? 'UTC', ms)).toISOString();
  const second = local.slice(17, 19);
  return `${dayText(local.slice(0, 10), locale)} ${local.slice(11, 16)}${second === '00' ? '' : `:${second}`}`;
}

const isMoney = (value: object): value is Money => 'nanos' in value && 'currency' in value;

/** A cell's text before quoting: numbers and days in the locale's notation. */
export function csvCell(value: CsvValue, locale: CsvLocale): string {
  const point = (text: string) => (locale === 'de' ? text.replace('.', ',') : text);
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return guardFormula(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number')
    return Number.isFinite(value) ? point(decimal(value, quantityDigits(value))) : '';
  if (isMoney(value)) return point(formatMoney(value));
  if ('de' in value) return guardFormula(value[locale]);
  if ('day' in value) return dayText(value.day, locale);
  if ('instant' in value) return instantText(value, locale);
  return Number.isFinite(value.quantity) ? point(decimal(value.quantity, value.digits)) : '';
}

/**
 * A spreadsheet runs text that starts like a formula: `=`, `+`, `-`, `@`, a tab or a carriage
 * return (OWASP's CSV injection list), and their full-width forms, which some locales convert.
 * A leading apostrophe keeps names such as "=HYPERLINK(...)" or "-1+1|cmd" from an upload
 * inert. Only text is guarded: numbers and money are written as numbers, and a text that is
 * nothing but a negative number ("-5", "-1.234,5") is left alone, as it cannot be a formula.
 */
function guardFormula(text: string): string {
  return /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/.test(text) && !/^-[\d.,]+$/.test(text) ? `'${text}` : text;
}

/**
 * One CSV file in the locale's dialect: UTF-8 byte-order mark (so Excel reads umlauts and "€"
 * right), RFC 4180 quoting and CRLF line ends. The same code runs on the server and in the
 * widgets.
 *
 * @example
 * csvText([[{ de: 'Tag', en: 'Day' }, { de: 'Betrag', en: 'Amount' }], [{ day: '2026-03-01' }, money('1234.5', 'EUR')]]);
 * // '\uFEFFTag;Betrag\r\n01.03.2026;1234,50\r\n'
 * csvText([[{ day: '2026-03-01' }, 0.123456]], 'en');
 * // '\uFEFF2026-03-01,0.1235\r\n'
 */
export function csvText(rows: readonly (readonly CsvValue[])[], locale: CsvLocale = 'de'): string {
  const delimiter = locale === 'de' ? ';' : ',';
  const quote = (text: string) =>
    text.includes(delimiter) || /["\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  return (
    BOM +
    rows.map((row) => `${row.map((value) => quote(csvCell(value, locale))).join(delimiter)}\r\n`).join('')
  );
}

/**
 * How a currency is named in a column header: the sign for the euro, else the ISO code.
 *
 * @example currencyLabel('EUR'); // '€'
 */
export function currencyLabel(currency: string): string {
  return currency === 'EUR' ? '€' : currency;
}
