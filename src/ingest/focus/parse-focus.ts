import { DomainError } from '../../domain/errors.ts';
import type { ChunkSource } from '../chunks-of.ts';
import { csvRecords } from '../csv-records.ts';
import { brokenRow } from './broken-row.ts';
import type { ChargeBatch, FocusCharge, RowError } from './focus-charge.ts';
import type { MandatoryFocusColumn } from './focus-columns.ts';
import { readFocusHeader } from './focus-header.ts';
import { FocusRowReader } from './focus-row-reader.ts';

/** Tags and descriptions make FOCUS rows long; a megabyte is far beyond any real one. */
const MAX_FOCUS_ROW_LENGTH = 1 << 20;

export interface FocusOptions {
  /** Valid charges per yielded batch (default 1000). */
  readonly batchSize?: number;
  /**
   * Values for mandatory columns the file lacks, e.g. `{ BillingCurrency: 'USD' }` for a
   * provider export that states its currency elsewhere. Without them such a file is refused.
   */
  readonly assume?: Partial<Record<MandatoryFocusColumn, string>>;
}

/**
 * Streams a FOCUS 1.0–1.2 cost-and-usage CSV into typed charges. The header must hold every
 * mandatory column (or `options.assume` supplies it), otherwise a validation error names the
 * missing ones. Bad rows do not stop the stream: each batch carries them with line and column,
 * and the caller decides (the import rejects a billing period that has any).
 *
 * @example
 * for await (const { charges, errors } of parseFocus(fs.createReadStream('focus.csv'))) {
 *   for (const c of charges) console.log(c.line, c.chargeCategory, formatMoney(c.billedCost));
 * }
 */
export async function* parseFocus(
  source: ChunkSource,
  options: FocusOptions = {},
): AsyncGenerator<ChargeBatch<FocusCharge>> {
  const batchSize = options.batchSize ?? 1000;
  let reader: FocusRowReader | undefined;
  let charges: FocusCharge[] = [];
  let errors: RowError[] = [];
  for await (const records of csvRecords(source, { maxRecordLength: MAX_FOCUS_ROW_LENGTH })) {
    for (const record of records) {
      if (record.error !== undefined) {
        errors.push(brokenRow(record, reader === undefined));
        continue;
      }
      if (reader === undefined) {
        reader = new FocusRowReader(readFocusHeader(record.fields, options.assume), options.assume ?? {});
        continue;
      }
      const result = reader.read(record.fields, record.line);
      if ('errors' in result) errors.push(...result.errors);
      else charges.push(result);
      if (charges.length >= batchSize) {
        yield { charges, errors };
        charges = [];
        errors = [];
      }
    }
  }
  if (reader === undefined) {
    const detail = 'the file is empty: a FOCUS file starts with a header line';
    throw new DomainError('validation', detail, [{ pointer: '/header', detail }]);
  }
  if (charges.length > 0 || errors.length > 0) yield { charges, errors };
}
