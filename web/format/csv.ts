import { type CsvValue, csvText } from '../../src/domain/csv-text.ts';
import { type Money, money } from '../../src/domain/money.ts';
import { langOf } from '../i18n.ts';

/**
 * An API amount (decimal text) as a money cell; empty when the API left it out.
 *
 * @example amountCell('1234.500000000', 'EUR') // { nanos: 1234500000000n, currency: 'EUR' }
 */
export function amountCell(text: string | null | undefined, currency: string): Money | undefined {
  return text === null || text === undefined || text === '' ? undefined : money(text, currency);
}

/**
 * Offers rows as a CSV download in the element's language: German (`;`, decimal comma,
 * `dd.mm.yyyy`) unless the element or page says English; the same writer as the server's exports.
 */
export function downloadCsv(
  element: HTMLElement,
  name: string,
  rows: readonly (readonly CsvValue[])[],
): void {
  downloadText(name, csvText(rows, langOf(element)));
}

/** Offers text as a file download (an object URL, released again). */
export function downloadText(name: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
