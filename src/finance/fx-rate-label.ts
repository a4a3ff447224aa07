import type { FxRateEntry } from '../cost/price-catalog.ts';

const germanDate = (day: string) => `${day.slice(8, 10)}.${day.slice(5, 7)}.${day.slice(0, 4)}`;

/**
 * The rate a figure was converted with, in German as the proof of use prints it.
 *
 * @example
 * rateLabelDe({ base: 'EUR', quote: 'USD', rate: '1.0837', date: '2026-04-11', source: 'ECB' });
 * // 'EZB-Referenzkurs vom 11.04.2026: 1 EUR = 1,0837 USD'
 */
export function rateLabelDe(entry: FxRateEntry): string {
  const source = entry.source === 'ECB' ? 'EZB-Referenzkurs' : entry.source;
  return `${source} vom ${germanDate(entry.date)}: 1 ${entry.base} = ${entry.rate.replace('.', ',')} ${entry.quote}`;
}

/**
 * The same in English.
 *
 * @example
 * rateLabelEn({ base: 'EUR', quote: 'USD', rate: '1.0837', date: '2026-04-11', source: 'ECB' });
 * // 'ECB reference rate of 2026-04-11: 1 EUR = 1.0837 USD'
 */
export function rateLabelEn(entry: FxRateEntry): string {
  const source = entry.source === 'ECB' ? 'ECB reference rate' : entry.source;
  return `${source} of ${entry.date}: 1 ${entry.base} = ${entry.rate} ${entry.quote}`;
}
