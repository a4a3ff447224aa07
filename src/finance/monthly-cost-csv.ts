import { DomainError } from '../domain/errors.ts';
import { type Money, NANOS_PER_UNIT } from '../domain/money.ts';
import { monthOf } from './calendar-day.ts';
import { type CostCategory, costCategories, costCategoryLabels } from './cost-category.ts';
import type { CostRecord } from './cost-record.ts';
import { type CsvFormat, csvMoney, csvTable } from './csv-table.ts';
import { roundLinesToCents } from './largest-remainder.ts';

export interface MonthlyCostOptions {
  /** Days, both included. */
  readonly from: string;
  readonly to: string;
  readonly currency: string;
  readonly format?: CsvFormat;
  /** Display name of a service id; the id itself by default. */
  readonly serviceName?: (serviceId: string) => string;
}

const UNASSIGNED = '(nicht zugeordnet)';

/**
 * The monthly cost report per service as CSV: one row per month and service with a column per
 * cost category and the row total, a total row per month and a grand total. Cells are rounded
 * to cents by largest remainder, and every total is the sum of the cells it adds up.
 *
 * @example
 * monthlyCostCsv(records, { from: '2026-01-01', to: '2026-03-31', currency: 'EUR', format: 'plain' });
 * // 'Monat,Dienst,Rechenleistung,Speicher,Datenübertragung,Lizenzen,Dienstleistungen,Summe\r\n2026-01,Wahlschein,3100.00,...'
 */
export function monthlyCostCsv(records: readonly CostRecord[], options: MonthlyCostOptions): string {
  const { from, to, currency, format = 'de' } = options;
  const name = options.serviceName ?? ((id: string) => id);
  const cells = new Map<string, bigint>();
  for (const record of records) {
    if (record.day < from || record.day > to) continue;
    if (record.amount.currency !== currency) {
      const detail = `cost of ${record.day} (${record.source}) is in ${record.amount.currency}, expected ${currency}`;
      throw new DomainError('validation', detail, [{ pointer: '', detail }]);
    }
    const service = record.serviceId === null ? UNASSIGNED : name(record.serviceId);
    const key = JSON.stringify([monthOf(record.day), service, record.category]);
    cells.set(key, (cells.get(key) ?? 0n) + record.amount.nanos);
  }
  const keys = [...cells.keys()].sort();
  const cents = roundLinesToCents(keys.map((key) => cells.get(key)!));
  const rounded = new Map(keys.map((key, index) => [key, cents[index]!]));

  const m = (c: bigint): Money => ({ nanos: c * (NANOS_PER_UNIT / 100n), currency });
  const rows: string[][] = [
    ['Monat', 'Dienst', ...costCategories.map((c) => costCategoryLabels[c]), 'Summe'],
  ];
  const rowsOf = (month: string, service: string, values: readonly bigint[]) => {
    rows.push([
      month,
      service,
      ...values.map((v) => csvMoney(m(v), format)),
      csvMoney(m(values.reduce((a, b) => a + b, 0n)), format),
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
        (category: CostCategory) => rounded.get(JSON.stringify([month, service, category])) ?? 0n,
      );
      values.forEach((v, i) => {
        monthTotal[i]! += v;
      });
      rowsOf(month, service, values);
    }
    monthTotal.forEach((v, i) => {
      grand[i]! += v;
    });
    rowsOf(month, 'Summe Monat', monthTotal);
  }
  rowsOf(`${from}/${to}`, 'Gesamtsumme', grand);
  return csvTable(rows, format);
}
