import { monthOf } from '../domain/calendar-day.ts';
import { type CostCategory, costCategories, costCategoryNames } from '../domain/cost-category.ts';
import { type CsvLabel, type CsvLocale, type CsvValue, csvText, currencyLabel } from '../domain/csv-text.ts';
import { DomainError } from '../domain/errors.ts';
import type { Money } from '../domain/money.ts';
import { bookedCosts } from './booked-costs.ts';
import type { CostRecord } from './cost-record.ts';
import { type RatesUsed, ratesUsed } from './rates-used.ts';

export interface MonthlyCostOptions {
  /** Days, both included. */
  readonly from: string;
  readonly to: string;
  readonly currency: string;
  /** German (the default) or English CSV. */
  readonly locale?: CsvLocale;
  /** Display name of a service id; the id itself by default. */
  readonly serviceName?: (serviceId: string) => string;
}

const UNASSIGNED: CsvLabel = { de: '(nicht zugeordnet)', en: '(unassigned)' };
const MONTH_TOTAL: CsvLabel = { de: 'Summe Monat', en: 'Month total' };
const GRAND_TOTAL: CsvLabel = { de: 'Gesamtsumme', en: 'Grand total' };
const RATES_HEADER: CsvLabel = { de: 'Umrechnungskurse', en: 'Exchange rates' };

/**
 * The monthly cost report per service as CSV: one row per month and service with a column per
 * cost category and the row total, a total row per month and a grand total. Cells add up the
 * booked costs (`bookedCosts`, whole cents), and every total is the sum of the cells it adds up.
 * When any cost was billed in another currency, a last column names every rate a row was converted with
 * ("EZB-Referenzkurs vom 10.04.2026: 1 EUR = 1,1711 USD").
 *
 * @example
 * monthlyCostCsv(records, { from: '2026-01-01', to: '2026-03-31', currency: 'EUR', locale: 'en' });
 * // '\uFEFFMonth,Service,Compute,Storage,Data transfer,Licences,Services,Total (€)\r\n2026-01,Wahlschein,3100.00,...'
 */
export function monthlyCostCsv(records: readonly CostRecord[], options: MonthlyCostOptions): string {
  const { from, to, currency, locale = 'de' } = options;
  const unit = currencyLabel(currency);
  const name = options.serviceName ?? ((id: string) => id);
  const cells = new Map<string, bigint>();
  const rates = ratesUsed();
  for (const record of bookedCosts(records)) {
    if (record.day < from || record.day > to) continue;
    if (record.amount.currency !== currency) {
      const detail = `cost of ${record.day} (${record.sources[0]}) is in ${record.amount.currency}, expected ${currency}`;
      throw new DomainError('validation', detail, [{ pointer: '', detail }]);
    }
    const service = record.serviceId === null ? '' : name(record.serviceId);
    const key = JSON.stringify([monthOf(record.day), service, record.category]);
    cells.set(key, (cells.get(key) ?? 0n) + record.amount.nanos);
  }
  // The rates are on the records; a booked cost only keeps their sources.
  for (const record of records) {
    if (record.day < from || record.day > to) continue;
    const service = record.serviceId === null ? '' : name(record.serviceId);
    rates.add(JSON.stringify([monthOf(record.day), service]), record);
  }
  const keys = [...cells.keys()].sort();
  const m = (nanos: bigint): Money => ({ nanos, currency });
  const rows: CsvValue[][] = [
    [
      { de: 'Monat', en: 'Month' },
      { de: 'Dienst', en: 'Service' },
      ...costCategories.map((c) => costCategoryNames[c]),
      { de: `Summe (${unit})`, en: `Total (${unit})` },
      ...(rates.any() ? [RATES_HEADER] : []),
    ],
  ];
  const rowsOf = (month: CsvValue, service: CsvValue, values: readonly bigint[], used?: RatesUsed) => {
    rows.push([
      month,
      service,
      ...values.map((v) => m(v)),
      m(values.reduce((a, b) => a + b, 0n)),
      ...(rates.any() ? [used ?? ''] : []),
    ]);
  };
  const grand = costCategories.map(() => 0n);
  const months = [...new Set(keys.map((key) => (JSON.parse(key) as string[])[0]!))];
  for (const month of months) {
    const monthTotal = costCategories.map(() => 0n);
    const services = [
      ...new Set(keys.filter((k) => k.startsWith(`["${month}"`)).map((k) => (JSON.parse(k) as string[])[1]!)),
    ];
    for (const service of services) {
      const values = costCategories.map(
        (category: CostCategory) => cells.get(JSON.stringify([month, service, category])) ?? 0n,
      );
      values.forEach((v, i) => {
        monthTotal[i]! += v;
      });
      rowsOf(
        month,
        service === '' ? UNASSIGNED : service,
        values,
        rates.label(JSON.stringify([month, service])),
      );
    }
    monthTotal.forEach((v, i) => {
      grand[i]! += v;
    });
    rowsOf(month, MONTH_TOTAL, monthTotal);
  }
  rowsOf(periodLabel(from, to), GRAND_TOTAL, grand);
  return csvText(rows, locale);
}

/**
 * A report period as one cell: `01.01.2026–31.03.2026` in German, `2026-01-01/2026-03-31` (ISO
 * 8601 interval) in English.
 */
export function periodLabel(from: string, to: string): CsvLabel {
  const german = (day: string) => `${day.slice(8, 10)}.${day.slice(5, 7)}.${day.slice(0, 4)}`;
  return { de: `${german(from)}–${german(to)}`, en: `${from}/${to}` };
}
