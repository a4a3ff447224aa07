import type { Money } from '../../domain/money.ts';
import { billingPeriodKey } from './billing-period-key.ts';
import type { FocusCharge, RowError } from './focus-charge.ts';
import {
  type ChargeCategory,
  isFocusNull,
  nullableMandatoryColumns,
  unknowableMandatoryColumns,
} from './focus-columns.ts';
import type { FocusHeader } from './focus-header.ts';
import { currencyCell, moneyCell, plainDecimal, tagsCell, utcInstant } from './focus-values.ts';

const categoryByText: Readonly<Record<string, ChargeCategory>> = {
  usage: 'usage',
  purchase: 'purchase',
  tax: 'tax',
  credit: 'credit',
  adjustment: 'adjustment',
};

const MAX_CACHED_INSTANTS = 8192;

/**
 * Reads one FOCUS row at a time into a charge or its errors. A class rather than closures per
 * row: at 100,000 rows the closures and the repeated date parsing were most of the time.
 *
 * @example
 * const reader = new FocusRowReader(readFocusHeader(headerFields), {});
 * reader.read(fields, 2); // a FocusCharge, or { errors: [{ line: 2, column: 'BilledCost', ... }] }
 */
export class FocusRowReader {
  private fields: readonly string[] = [];
  private problems: { column: string; message: string }[] = [];
  private readonly instants = new Map<string, ReturnType<typeof utcInstant>>();

  constructor(
    private readonly header: FocusHeader,
    private readonly assume: Partial<Record<string, string>>,
  ) {}

  /** FOCUS exports write absent values as empty, `NULL` or `null`, in every column type. */
  private text(column: string): string | null {
    const position = this.header.index.get(column);
    const value = position === undefined ? this.assume[column] : this.fields[position];
    return value === undefined || isFocusNull(value) ? null : value;
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

  /** A cost column a provider may leave empty: null (unknown), never 0. */
  private knownCost(column: string, currency: string): Money | null {
    if (this.text(column) === null && unknowableMandatoryColumns.has(column)) return null;
    return this.cost(column, currency);
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
      listCost: this.knownCost('ListCost', currency),
      contractedCost: this.knownCost('ContractedCost', currency),
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
    if (value !== undefined && !isFocusNull(value)) out[name] = value;
  }
  return out;
}
