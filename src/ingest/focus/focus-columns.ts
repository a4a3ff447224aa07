/**
 * FOCUS column facts, from FinOps-Open-Cost-and-Usage-Spec/FOCUS_Spec, specification/columns/*.md
 * at tags v1.0 (f7f58a0a) and v1.2 (7296e314), licence CC BY 4.0; see fixtures/focus/README.md.
 * Versions 1.0 to 1.2 share the same 21 mandatory columns.
 */
export const mandatoryFocusColumns = [
  'BilledCost',
  'BillingAccountId',
  'BillingAccountName',
  'BillingCurrency',
  'BillingPeriodEnd',
  'BillingPeriodStart',
  'ChargeCategory',
  'ChargeClass',
  'ChargeDescription',
  'ChargePeriodEnd',
  'ChargePeriodStart',
  'ContractedCost',
  'EffectiveCost',
  'InvoiceIssuerName',
  'ListCost',
  'PricingQuantity',
  'PricingUnit',
  'ProviderName',
  'PublisherName',
  'ServiceCategory',
  'ServiceName',
] as const;

export type MandatoryFocusColumn = (typeof mandatoryFocusColumns)[number];

/** Mandatory columns whose value may be null (empty) in a row. */
export const nullableMandatoryColumns: ReadonlySet<string> = new Set([
  'BillingAccountName',
  'ChargeClass',
  'ChargeDescription',
  'PricingQuantity',
  'PricingUnit',
]);

/**
 * Mandatory, not nullable, and still left empty by some providers: the FinOps Foundation's own
 * FOCUS 1.0 sample data has ContractedCost NULL on every Oracle row. Nothing is booked from
 * these price-comparison columns, so such a row is imported with the value unknown (never 0)
 * and the import warns, naming the column, the provider and the number of rows.
 */
export const unknowableMandatoryColumns: ReadonlySet<string> = new Set(['ContractedCost', 'ListCost']);

/**
 * FOCUS exports write a null as an empty field or as the literal `NULL` (the official sample
 * data, unquoted, in every column type) or `null`.
 *
 * @example isFocusNull('NULL'); // true
 */
export function isFocusNull(value: string): boolean {
  return value === '' || (value.length === 4 && value.toLowerCase() === 'null');
}

/** Optional columns the parser reads into typed fields (1.0 conditional/recommended, 1.1, 1.2). */
export const typedOptionalColumns = [
  'AvailabilityZone',
  'ChargeFrequency',
  'CommitmentDiscountCategory',
  'CommitmentDiscountId',
  'CommitmentDiscountName',
  'CommitmentDiscountStatus',
  'CommitmentDiscountType',
  'ConsumedQuantity',
  'ConsumedUnit',
  'ContractedUnitPrice',
  'InvoiceId',
  'ListUnitPrice',
  'PricingCategory',
  'RegionId',
  'RegionName',
  'ResourceId',
  'ResourceName',
  'ResourceType',
  'ServiceSubcategory',
  'SkuId',
  'SkuPriceId',
  'SubAccountId',
  'SubAccountName',
  'Tags',
] as const;

export const chargeCategories = ['usage', 'purchase', 'tax', 'credit', 'adjustment'] as const;
export type ChargeCategory = (typeof chargeCategories)[number];
