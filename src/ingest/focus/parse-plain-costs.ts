import { type CostCategory, costCategories, findCostCategory } from '../../domain/cost-category.ts';
import { DomainError } from '../../domain/errors.ts';
import { type Money, money } from '../../domain/money.ts';
import { type ChunkSource, chunksOf } from '../chunks-of.ts';
import { csvRecords } from '../csv-records.ts';
import { brokenRow } from './broken-row.ts';
import type { ChargeBatch, RowError } from './focus-charge.ts';
import { currencyCell, plainDecimal } from './focus-values.ts';

/** One row of a plain cost file: a cost of one service on one day. */
export interface PlainCost {
  readonly line: number;
  /** `YYYY-MM-DD`. */
  readonly day: string;
  readonly service: string;
  readonly category: CostCategory;
  readonly amount: Money;
  readonly description: string | null;
}

export interface PlainCostOptions {
  readonly batchSize?: number;
  /** Names the origin (e.g. "rechenzentrum-rechnungen"); becomes part of the period key. */
  readonly sourceName?: string;
}

const requiredColumns = ['date', 'service', 'category', 'amount', 'currency'] as const;
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const GERMAN_DAY = /^(\d{2})\.(\d{2})\.(\d{4})$/;
const GERMAN_AMOUNT = /^-?(?:\d{1,3}(?:\.\d{3})+|\d+),\d+$/;

/**
 * The import unit of a plain cost file: one source and calendar month.
 *
 * @example
 * plainPeriodKey({ day: '2026-03-15' }, 'hoster'); // 'plain|hoster|2026-03'
 */
export function plainPeriodKey(cost: { readonly day: string }, sourceName = 'plain'): string {
  return `plain|${sourceName}|${cost.day.slice(0, 7)}`;
}

function day(text: string): string | undefined {
  const iso = ISO_DAY.exec(text);
  const german = iso ? undefined : GERMAN_DAY.exec(text);
  const [y, m, d] = iso ? [iso[1], iso[2], iso[3]] : german ? [german[3], german[2], german[1]] : [];
  if (y === undefined || m === undefined || d === undefined) return undefined;
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return date.getUTCMonth() === Number(m) - 1 && date.getUTCDate() === Number(d)
    ? `${y}-${m}-${d}`
    : undefined;
}

/** `1.234,56` in a semicolon file is German notation; everything else must be plain decimal text. */
function amountText(text: string, semicolon: boolean): string | undefined {
  const value = text.trim();
  if (semicolon && GERMAN_AMOUNT.test(value)) return value.replaceAll('.', '').replace(',', '.');
  const plain = plainDecimal(value);
  return plain.ok ? plain.value : undefined;
}

/** Looks at the header line to tell `;` (German spreadsheet export) from `,`. */
async function* withDelimiter(
  source: ChunkSource,
  found: (delimiter: string) => void,
): AsyncGenerator<Uint8Array | string> {
  const decoder = new TextDecoder();
  let head = '';
  let decided = false;
  for await (const chunk of chunksOf(source)) {
    if (!decided) {
      head += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
      const end = head.search(/[\r\n]/);
      if (end !== -1) {
        const line = head.slice(0, end);
        found(line.includes(';') && !line.includes(',') ? ';' : ',');
        decided = true;
      }
    }
    yield chunk;
  }
  if (!decided) found(head.includes(';') && !head.includes(',') ? ';' : ',');
}

/**
 * Streams a plain cost CSV with the columns date, service, category, amount, currency and an
 * optional description, in any order; comma- or semicolon-separated (then `1.234,56` and
 * `31.01.2026` are read as German spreadsheets write them). Rows are checked like FOCUS rows.
 *
 * @example
 * // date,service,category,amount,currency,description
 * // 2026-01-31,Kfz-Zulassung,licences,1200.00,EUR,Fachverfahren Januar
 * for await (const { charges } of parsePlainCosts(body)) charges[0]?.category; // 'licences'
 */
export async function* parsePlainCosts(
  source: ChunkSource,
  options: PlainCostOptions = {},
): AsyncGenerator<ChargeBatch<PlainCost>> {
  const batchSize = options.batchSize ?? 1000;
  let delimiter: string | undefined;
  const stream = withDelimiter(source, (found) => {
    delimiter = found;
  });
  // The tokenizer needs the delimiter when it starts: read chunks until the header line is seen.
  const records = (async function* () {
    const buffered: (Uint8Array | string)[] = [];
    while (delimiter === undefined) {
      const next = await stream.next();
      if (next.done) break;
      buffered.push(next.value);
    }
    const replay = (async function* () {
      yield* buffered;
      yield* stream;
    })();
    yield* csvRecords(replay, { delimiter: delimiter ?? ',' });
  })();

  let index: Map<string, number> | undefined;
  let width = 0;
  let charges: PlainCost[] = [];
  let errors: RowError[] = [];
  for await (const batch of records) {
    for (const record of batch) {
      if (record.error !== undefined) {
        errors.push(brokenRow(record, index === undefined));
        continue;
      }
      if (index === undefined) {
        index = new Map(record.fields.map((name, position) => [name.trim().toLowerCase(), position]));
        width = record.fields.length;
        const missing = requiredColumns.filter((column) => !index?.has(column));
        if (missing.length > 0) {
          const detail = `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (expected date, service, category, amount, currency, description)`;
          throw new DomainError(
            'validation',
            detail,
            missing.map((column) => ({
              pointer: `/header/${column}`,
              detail: `column ${column} is missing`,
            })),
            { missingColumns: missing },
          );
        }
        continue;
      }
      const result = readRow(record.fields, record.line, index, width, delimiter === ';', options.sourceName);
      if ('errors' in result) errors.push(...result.errors);
      else charges.push(result);
      if (charges.length >= batchSize) {
        yield { charges, errors };
        charges = [];
        errors = [];
      }
    }
  }
  if (index === undefined) {
    const detail = 'the file is empty: a cost file starts with a header line';
    throw new DomainError('validation', detail, [{ pointer: '/header', detail }]);
  }
  if (charges.length > 0 || errors.length > 0) yield { charges, errors };
}

function readRow(
  fields: readonly string[],
  line: number,
  index: ReadonlyMap<string, number>,
  width: number,
  semicolon: boolean,
  sourceName: string | undefined,
): PlainCost | { errors: RowError[] } {
  if (fields.length !== width) {
    return {
      errors: [
        {
          line,
          column: null,
          message: `the row has ${fields.length} fields, the header ${width}`,
          periodKey: null,
        },
      ],
    };
  }
  const cell = (column: string) => (fields[index.get(column) ?? -1] ?? '').trim();
  const problems: { column: string; message: string }[] = [];
  const date = day(cell('date'));
  if (date === undefined)
    problems.push({ column: 'date', message: `not a date (YYYY-MM-DD): ${JSON.stringify(cell('date'))}` });
  const service = cell('service');
  if (service === '') problems.push({ column: 'service', message: 'service is empty' });
  const category = findCostCategory(cell('category'));
  if (category === undefined) {
    problems.push({
      column: 'category',
      message: `category must be one of ${costCategories.join(', ')}, not ${JSON.stringify(cell('category'))}`,
    });
  }
  const currency = currencyCell(cell('currency'));
  if (!currency.ok) problems.push({ column: 'currency', message: currency.problem });
  const amount = amountText(cell('amount'), semicolon);
  if (amount === undefined)
    problems.push({ column: 'amount', message: `not an amount: ${JSON.stringify(cell('amount'))}` });
  if (
    problems.length > 0 ||
    date === undefined ||
    category === undefined ||
    !currency.ok ||
    amount === undefined
  ) {
    const periodKey = date === undefined ? null : plainPeriodKey({ day: date }, sourceName);
    return { errors: problems.map(({ column, message }) => ({ line, column, message, periodKey })) };
  }
  const description = cell('description');
  return {
    line,
    day: date,
    service,
    category,
    amount: money(amount, currency.value),
    description: description === '' ? null : description,
  };
}
