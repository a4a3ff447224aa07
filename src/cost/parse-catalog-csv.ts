/**
 * Tenants' own catalogs (own data centre, framework-contract prices) as CSV. The rows are checked
 * here, with pointers to the row and column, and then read through the same reader as the JSON
 * format, so both imports produce identical catalogs.
 */
import { DomainError } from '../domain/errors.ts';
import { CsvReader } from '../ingest/csv-reader.ts';
import { isDecimal, Problems } from './catalog-fields.ts';
import { readBundle } from './catalog-reader.ts';
import type { CatalogBundle } from './price-catalog.ts';

const REQUIRED = [
  'provider',
  'region',
  'kind',
  'name',
  'price',
  'currency',
  'unit',
  'vat_basis',
  'valid_on',
  'source',
];
const OPTIONAL = ['vcpu', 'memory_gib', 'term', 'included', 'hours_per_month', 'note'];
const UNITS: Record<string, readonly string[]> = {
  instance: ['hour', 'month', 'month_cap'],
  commitment: ['hour', 'month'],
  block_storage: ['gb_month', 'gib_month'],
  object_storage: ['gb_month', 'gib_month', 'base_month'],
  egress: ['gb', 'gib'],
};
const BASIS_TEXT: Record<string, string> = { net: 'net', gross: 'gross', unknown: 'not stated' };

type Row = Readonly<Record<string, string>>;
type Json = Record<string, unknown>;

/**
 * Parses a tenant catalog from CSV (RFC 4180, comma-separated, header row, UTF-8, `.` as decimal
 * point). Columns:
 *
 * | column | meaning |
 * |---|---|
 * | `provider` | catalog id, e.g. `rz-kommune` (lower case, digits, `-`, `_`) |
 * | `region` | where it runs, e.g. `RZ Musterstadt`; the same for every row of a provider |
 * | `kind` | `instance`, `commitment`, `block_storage`, `object_storage` or `egress` |
 * | `name` | instance type, storage class, or egress tier (`0-10TB`, `10TB+`; empty for one flat price) |
 * | `vcpu`, `memory_gib` | for `instance` rows |
 * | `price` | decimal; an empty cell means "no price" and is listed as missing, never read as 0 |
 * | `currency` | ISO 4217, e.g. `EUR` |
 * | `unit` | instance: `hour`, `month`, `month_cap`; commitment: `hour`, `month`; storage: `gb_month`, `gib_month`, `base_month` (a fee including `included` units); egress: `gb`, `gib` |
 * | `vat_basis` | `net`, `gross` or `unknown` |
 * | `valid_on` | `YYYY-MM-DD` the price holds from |
 * | `source` | where the figure comes from (contract number, offer, invoice) |
 * | `term` | `1y` or `3y` for `commitment` rows (the `name` is the instance type) |
 * | `included` | `base_month`: included units; `egress`: free units per month |
 * | `hours_per_month` | hours a `month` price stands for (default 730) |
 * | `note` | free text |
 *
 * Errors point at `/{row}/{column}`, `row` counting data rows from 0 (line = row + 2).
 *
 * @example
 * parseCatalogCsv(
 *   'provider,region,kind,name,vcpu,memory_gib,price,currency,unit,vat_basis,valid_on,source\n' +
 *     'rz,RZ Nord,instance,vm-4-16,4,16,0.05,EUR,hour,gross,2026-01-01,Rahmenvertrag 2026/17\n',
 * ).catalogs[0]?.instanceTypes[0]?.name; // "vm-4-16"
 */
export function parseCatalogCsv(
  input: string | Iterable<string | Uint8Array>,
  options: { version?: string } = {},
): CatalogBundle {
  const problems = new Problems(undefined);
  const records = readCsv(input, problems);
  const header = (records[0] ?? []).map((cell) => cell.trim().toLowerCase());
  for (const column of REQUIRED)
    if (!header.includes(column)) problems.add(`/header`, `missing column "${column}"`);
  header.forEach((column, index) => {
    if (!REQUIRED.includes(column) && !OPTIONAL.includes(column)) {
      problems.add(`/header/${index}`, `unknown column "${column}"`);
    }
  });
  const rows: Row[] = records
    .slice(1)
    .filter((cells) => cells.some((cell) => cell.trim() !== ''))
    .map((cells) => Object.fromEntries(header.map((column, index) => [column, (cells[index] ?? '').trim()])));
  if (rows.length === 0) problems.add('', 'the CSV has no data rows');
  if (problems.list.length === 0) {
    rows.forEach((row, index) => {
      checkRow(row, index, problems);
    });
  }
  if (problems.list.length > 0) {
    throw new DomainError('validation', `catalog CSV has ${problems.list.length} problem(s)`, problems.list);
  }
  return readBundle(toJson(rows, options.version, problems));
}

function checkRow(row: Row, index: number, problems: Problems): void {
  const at = (column: string) => `/${index}/${column}`;
  const kind = row.kind ?? '';
  const units = Object.hasOwn(UNITS, kind) ? UNITS[kind] : undefined;
  if (!units) problems.add(at('kind'), `kind must be one of ${Object.keys(UNITS).join(', ')}`);
  if (!/^[a-z0-9][a-z0-9_-]*$/.test(row.provider ?? ''))
    problems.add(at('provider'), 'provider must be an id like "rz-kommune"');
  if (!row.region) problems.add(at('region'), 'region is required');
  if (!row.name && kind !== 'egress') problems.add(at('name'), 'name is required');
  if (units && !units.includes(row.unit ?? ''))
    problems.add(at('unit'), `unit for ${kind} must be one of ${units.join(', ')}`);
  if (row.price && (!isDecimal(row.price) || row.price.startsWith('-'))) {
    problems.add(at('price'), `price must be a non-negative decimal with "." (got "${row.price}")`);
  }
  if (!/^[A-Z]{3}$/.test(row.currency ?? ''))
    problems.add(at('currency'), 'currency must be an ISO 4217 code like EUR');
  if (!Object.hasOwn(BASIS_TEXT, row.vat_basis ?? '')) {
    problems.add(at('vat_basis'), 'vat_basis must be net, gross or unknown');
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(row.valid_on ?? ''))
    problems.add(at('valid_on'), 'valid_on must be YYYY-MM-DD');
  if (!row.source) problems.add(at('source'), 'source is required (contract, offer or invoice reference)');
  if (kind === 'instance') {
    for (const column of ['vcpu', 'memory_gib']) {
      const value = Number(row[column]);
      if (!(value > 0)) problems.add(at(column), `${column} must be a positive number for instance rows`);
    }
  }
  if (kind === 'commitment' && row.term !== '1y' && row.term !== '3y')
    problems.add(at('term'), 'term must be 1y or 3y');
  for (const column of ['included', 'hours_per_month']) {
    if (row[column] && !(Number(row[column]) >= 0))
      problems.add(at(column), `${column} must be a non-negative number`);
  }
}

function priceObject(row: Row): Json | null {
  if (!row.price) return null;
  const currency = row.currency ?? '';
  const hours = row.hours_per_month || '730';
  const unitText: Record<string, string> = {
    hour: `${currency}/hour`,
    month: `${currency}/month (${hours} h)`,
    month_cap: `${currency}/month cap`,
    gb_month: `${currency}/GB-month (${hours} h)`,
    gib_month: `${currency}/GiB-month (${hours} h)`,
    base_month: `${currency}/month base fee`,
    gb: `${currency}/GB`,
    gib: `${currency}/GiB`,
  };
  return {
    value: row.price,
    unit: unitText[row.unit ?? ''] ?? '',
    currency,
    basis: BASIS_TEXT[row.vat_basis ?? ''],
    sources: [row.source],
    valid_on: row.valid_on,
    ...(row.note ? { note: row.note } : {}),
  };
}

function toJson(rows: readonly Row[], version: string | undefined, problems: Problems): Json {
  const providers = new Map<string, Json>();
  const sources: Record<string, Json> = {};
  rows.forEach((row, index) => {
    const id = row.provider ?? '';
    const provider = providers.get(id) ?? { id, region: row.region, compute: [] as Json[] };
    providers.set(id, provider);
    if (provider.region !== row.region) problems.add(`/${index}/region`, `provider "${id}" has two regions`);
    sources[row.source ?? ''] = { reference: row.source, kind: 'tenant catalog (CSV import)' };
    const compute = provider.compute as Json[];
    const price = priceObject(row);
    const findType = () => compute.find((type) => type.type === row.name);
    if (row.kind === 'instance') {
      const type = findType() ?? {
        type: row.name,
        vcpu: Number(row.vcpu),
        memory_gib: Number(row.memory_gib),
      };
      if (!compute.includes(type)) compute.push(type);
      const key = { hour: 'price_hourly', month: 'price_monthly', month_cap: 'price_monthly_cap' }[
        row.unit ?? 'hour'
      ];
      if (key) type[key] = price;
    } else if (row.kind === 'commitment') {
      const type = findType();
      if (!type) problems.add(`/${index}/name`, `commitment for "${row.name}" needs an instance row first`);
      else type[`commit_${row.term}_${row.unit === 'hour' ? 'hourly' : 'monthly'}`] = price;
    } else if (row.kind === 'egress') {
      const egress = (provider.egress ?? {}) as Json;
      provider.egress = egress;
      if (row.included) egress.free_units_per_month = Number(row.included);
      if (!row.name) egress.price = price;
      else egress.tiers = { ...((egress.tiers as Json) ?? { ...price }), [row.name]: row.price || null };
    } else {
      const key = row.kind === 'block_storage' ? 'block_storage' : 'object_storage';
      const store = (provider[key] ?? {}) as Json;
      provider[key] = store;
      if (row.unit === 'base_month') {
        Object.assign(store, {
          product: row.name,
          base_price: price,
          included_units: Number(row.included || 0),
        });
      } else if (store.base_price) store.price = price;
      else store[row.name ?? ''] = price;
    }
  });
  if (problems.list.length > 0) {
    throw new DomainError('validation', `catalog CSV has ${problems.list.length} problem(s)`, problems.list);
  }
  const generated =
    version ??
    rows
      .map((row) => row.valid_on ?? '')
      .sort()
      .at(-1) ??
    '';
  return { schema_version: '1.0', generated, sources, providers: [...providers.values()] };
}

/** Reads every record; a broken one becomes a problem at its row. */
function readCsv(input: string | Iterable<string | Uint8Array>, problems: Problems): string[][] {
  const reader = new CsvReader();
  const records: string[][] = [];
  const take = (final: boolean) => {
    for (const record of reader.records(final)) {
      if (record.error === undefined) records.push(record.fields);
      else {
        problems.add(
          records.length === 0 ? '/header' : `/${records.length - 1}`,
          `line ${record.line}: ${record.error}`,
        );
        records.push([]);
      }
    }
  };
  for (const chunk of typeof input === 'string' ? [input] : input) {
    reader.push(chunk);
    take(false);
  }
  take(true);
  return records;
}
