import type { FxRateEntry } from '../cost/price-catalog.ts';
import type { CsvLabel } from '../domain/csv-text.ts';
import type { CostRecord } from './cost-record.ts';
import { rateLabelDe, rateLabelEn } from './fx-rate-label.ts';

/** The rates of a group of costs as one cell, in both languages. */
export type RatesUsed = CsvLabel;

/**
 * Collects, per group (a report row), the distinct exchange rates its costs were converted with,
 * so a report can name them next to the figure.
 *
 * @example
 * const rates = ratesUsed();
 * for (const r of records) rates.add(r.day.slice(0, 7), r);
 * rates.label('2026-04'); // { de: 'EZB-Referenzkurs vom 10.04.2026: 1 EUR = 1,1711 USD', en: 'ECB reference rate of 2026-04-10: …' }
 */
export function ratesUsed() {
  const groups = new Map<string, Map<string, FxRateEntry>>();
  return {
    add(group: string, record: CostRecord): void {
      if (!record.fx) return;
      const { rate } = record.fx;
      let rates = groups.get(group);
      if (rates === undefined) {
        rates = new Map();
        groups.set(group, rates);
      }
      rates.set(`${rate.date}|${rate.base}|${rate.quote}|${rate.rate}|${rate.source}`, rate);
    },
    any: (): boolean => groups.size > 0,
    /** The group's rates in date order; none when it converted nothing. */
    entries(group: string): FxRateEntry[] {
      const rates = groups.get(group);
      return rates === undefined ? [] : [...rates.keys()].sort().map((key) => rates.get(key)!);
    },
    label(group: string): RatesUsed | undefined {
      const entries = this.entries(group);
      if (entries.length === 0) return undefined;
      return { de: entries.map(rateLabelDe).join('; '), en: entries.map(rateLabelEn).join('; ') };
    },
  };
}
