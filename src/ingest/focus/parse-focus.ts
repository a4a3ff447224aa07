import { DomainError } from '../../domain/errors.ts';
import type { Money } from '../../domain/money.ts';
import { billingPeriodKey } from './billing-period-key.ts';
import { type ChunkSource, csvRecords } from './csv-records.ts';
import type { ChargeBatch, FocusCharge, RowError } from './focus-charge.ts';
import {
  type ChargeCategory,
  type MandatoryFocusColumn,
  mandatoryFocusColumns,
  nullableMandatoryColumns,
  typedOptionalColumns,
} from './focus-columns.ts';
import { currencyCell, moneyCell, plainDecimal, tagsCell, utcInstant } from './focus-values.ts';

export interface FocusOptions {
  /** Valid charges per yielded batch (default 1000). */
  readonly batchSize?: number;
  /**
   * Values for mandatory columns the file lacks, e.g. `{ BillingCurrency: 'USD' }` for a
   * provider export that states its currency elsewhere. Without them such a file is refused.
   */
  readonly assume?: Partial<Record<MandatoryFocusColumn, string>>;
}

const knownColumns = new Map<string, string>(
  [...mandatoryFocusColumns, ...typedOptionalColumns].map((name) => [name.toLowerCase(), name]),
);

const categoryByText: Readonly<Record<string, ChargeCategory>> = {
  usage: 'usage',
  purchase: 'purchase',
  tax: 'tax',
  credit: 'credit',
  adjustment: 'adjustment',
};

interface Header {
  readonly width: number;
  /** Column index by canonical FOCUS name. */
  readonly index: ReadonlyMap<string, number>;
  readonly extensions: readonly (readonly [string, number])[];
  readonly others: readonly (readonly [string, number])[];
}

function readHeader(fields: readonly string[], assume: FocusOptions['assume'] = {}): Header {
  const index = new Map<string, number>();
  const extensions: [string, number][] = [];
  const others: [string, number][] = [];
  const seen = new Set<string>();
  fields.forEach((raw, position) => {
    const name = raw.trim();
    // Column names are case-sensitive in FOCUS, but the spec's own samples contain "SkuPriceid".
    const canonical = knownColumns.get(name.toLowerCase()) ?? name;
    if (seen.has(canonical)) {
      const detail = `column ${canonical} appears twice in the header`;
      throw new DomainError('validation', detail, [{ pointer: `/header/${position}`, detail }]);
    }
    seen.add(canonical);
    if (knownColumns.has(canonical.toLowerCase())) index.set(canonical, position);
    else if (canonical.startsWith('x_')) extensions.push([canonical, position]);
    else if (canonical !== '') others.push([canonical, position]);
  });
  const missing = mandatoryFocusColumns.filter(
    (column) => !index.has(column) && assume[column] === undefined,
  );
  if (missing.length > 0) {
    const detail = `not a FOCUS 1.0-1.2 file: missing mandatory column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`;
    throw new DomainError(
      'validation',
      detail,
      missing.map((column) => ({
        pointer: `/header/${column}`,
        detail: `mandatory FOCUS column ${column} is missing`,
      })),
      { missingColumns: missing },
    );
  }
  return { width: fields.length, index, extensions, others };
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
  let reader: RowReader | undefined;
  let charges: FocusCharge[] = [];
  let errors: RowError[] = [];
  for await (const records of csvRecords(source)) {
    for (const record of records) {
      if (reader === undefined) {
        reader = new RowReader(readHeader(record.fields, options.assume), options.assume ?? {});
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

const MAX_CACHED_INSTANTS = 8192;

/**
 * Reads the cells of one row at a time. A class rather than closures per row: at 100,000 rows
 * the closures and the repeated date parsing were most of the time.
 */
class RowReader {
  private fields: readonly string[] = [];
  private problems: { column: string; message: string }[] = [];
  private readonly instants = new Map<string, ReturnType<typeof utcInstant>>();

  constructor(
    private readonly header: Header,
    private readonly assume: Partial<Record<string, string>>,
  ) {}

  /** FOCUS samples write absent values as empty or as the literal `null`. */
  private text(column: string): string | null {
    const position = this.header.index.get(column);
    const value = position === undefined ? this.assume[column] : this.fields[position];
    return value === undefined || value === '' || value === 'null' ? null : value;
  }

  private required(column: string): string {
    const value = this.text(column);
    if (value === null && !nullableMandatoryColumns.has(column)) {
      this.problems.push({ column, message: `${column} is empty` });
    }
    return value ?? '';
  }

  private instant(column: string): string {
    const value = this.required(column);
    if (value === '') return '';
    let parsed = this.instants.get(value);
    if (parsed === undefined) {
      parsed = utcInstant(value);
      if (this.instants.size >= MAX_CACHED_INSTANTS) this.instants.clear();
      this.instants.set(value, parsed);
    }
    if (parsed.ok) return parsed.value;
    this.problems.push({ column, message: parsed.problem });
    return '';
  }

  private decimal(column: string): string | null {
    const value = this.text(column);
    if (value === null) return null;
    const parsed = plainDecimal(value);
    if (parsed.ok) return parsed.value;
    this.problems.push({ column, message: parsed.problem });
    return null;
  }

  private cost(column: string, currency: string): Money {
    const value = this.required(column);
    const parsed = moneyCell(value, currency);
    if (parsed.ok) return parsed.value;
    if (value !== '') this.problems.push({ column, message: parsed.problem });
    return { nanos: 0n, currency };
  }

  read(fields: readonly string[], line: number): FocusCharge | { errors: RowError[] } {
    const header = this.header;
    if (fields.length !== header.width) {
      const message = `the row has ${fields.length} fields, the header ${header.width}`;
      return { errors: [{ line, column: null, message, periodKey: null }] };
    }
    this.fields = fields;
    this.problems = [];
    const problems = this.problems;

    const currencyText = this.required('BillingCurrency');
    const currencyParsed = currencyCell(currencyText);
    if (!currencyParsed.ok && currencyText !== '') {
      problems.push({ column: 'BillingCurrency', message: currencyParsed.problem });
    }
    const currency = currencyParsed.ok ? currencyParsed.value : 'XXX';

    const categoryText = this.required('ChargeCategory');
    const chargeCategory = categoryByText[categoryText.toLowerCase()];
    if (chargeCategory === undefined && categoryText !== '') {
      problems.push({
        column: 'ChargeCategory',
        message: `ChargeCategory must be Usage, Purchase, Tax, Credit or Adjustment, not ${JSON.stringify(categoryText)}`,
      });
    }
    const classText = this.text('ChargeClass');
    if (classText !== null && classText.toLowerCase() !== 'correction') {
      problems.push({
        column: 'ChargeClass',
        message: `ChargeClass must be Correction or empty, not ${JSON.stringify(classText)}`,
      });
    }
    const tagsText = this.text('Tags');
    let tags: Readonly<Record<string, string>> = {};
    if (tagsText !== null) {
      const parsed = tagsCell(tagsText);
      if (parsed.ok) tags = parsed.value;
      else problems.push({ column: 'Tags', message: parsed.problem });
    }

    const billingPeriodStart = this.instant('BillingPeriodStart');
    const billingPeriodEnd = this.instant('BillingPeriodEnd');
    const chargePeriodStart = this.instant('ChargePeriodStart');
    const chargePeriodEnd = this.instant('ChargePeriodEnd');
    // ISO strings of one format compare like the instants they name.
    if (billingPeriodStart && billingPeriodEnd && billingPeriodEnd <= billingPeriodStart) {
      problems.push({
        column: 'BillingPeriodEnd',
        message: 'BillingPeriodEnd must be after BillingPeriodStart',
      });
    }
    if (chargePeriodStart && chargePeriodEnd && chargePeriodEnd < chargePeriodStart) {
      problems.push({
        column: 'ChargePeriodEnd',
        message: 'ChargePeriodEnd must not be before ChargePeriodStart',
      });
    }

    const charge = {
      line,
      billingAccountId: this.required('BillingAccountId'),
      billingAccountName: this.text('BillingAccountName'),
      billingCurrency: currency,
      billingPeriodStart,
      billingPeriodEnd,
      chargePeriodStart,
      chargePeriodEnd,
      chargeCategory: chargeCategory ?? 'usage',
      chargeClass: classText === null ? null : ('correction' as const),
      chargeDescription: this.text('ChargeDescription'),
      chargeFrequency: this.text('ChargeFrequency'),
      billedCost: this.cost('BilledCost', currency),
      effectiveCost: this.cost('EffectiveCost', currency),
      listCost: this.cost('ListCost', currency),
      contractedCost: this.cost('ContractedCost', currency),
      listUnitPrice: this.decimal('ListUnitPrice'),
      contractedUnitPrice: this.decimal('ContractedUnitPrice'),
      pricingQuantity: this.decimal('PricingQuantity'),
      pricingUnit: this.text('PricingUnit'),
      pricingCategory: this.text('PricingCategory'),
      consumedQuantity: this.decimal('ConsumedQuantity'),
      consumedUnit: this.text('ConsumedUnit'),
      invoiceIssuerName: this.required('InvoiceIssuerName'),
      invoiceId: this.text('InvoiceId'),
      providerName: this.required('ProviderName'),
      publisherName: this.required('PublisherName'),
      serviceCategory: this.required('ServiceCategory'),
      serviceSubcategory: this.text('ServiceSubcategory'),
      serviceName: this.required('ServiceName'),
      subAccountId: this.text('SubAccountId'),
      subAccountName: this.text('SubAccountName'),
      regionId: this.text('RegionId'),
      regionName: this.text('RegionName'),
      availabilityZone: this.text('AvailabilityZone'),
      resourceId: this.text('ResourceId'),
      resourceName: this.text('ResourceName'),
      resourceType: this.text('ResourceType'),
      skuId: this.text('SkuId'),
      skuPriceId: this.text('SkuPriceId'),
      commitmentDiscountId: this.text('CommitmentDiscountId'),
      commitmentDiscountName: this.text('CommitmentDiscountName'),
      commitmentDiscountCategory: this.text('CommitmentDiscountCategory'),
      commitmentDiscountType: this.text('CommitmentDiscountType'),
      commitmentDiscountStatus: this.text('CommitmentDiscountStatus'),
      tags,
      extensions: pick(header.extensions, fields),
      otherColumns: pick(header.others, fields),
    } satisfies FocusCharge;

    if (problems.length === 0) return charge;
    const periodKey =
      billingPeriodStart && billingPeriodEnd && charge.invoiceIssuerName && charge.billingAccountId
        ? billingPeriodKey(charge)
        : null;
    return { errors: problems.map(({ column, message }) => ({ line, column, message, periodKey })) };
  }
}

function pick(
  columns: readonly (readonly [string, number])[],
  fields: readonly string[],
): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  for (const [name, position] of columns) {
    const value = fields[position];
    if (value !== undefined && value !== '' && value !== 'null') out[name] = value;
  }
  return out;
}
