import type { Money } from '../../domain/money.ts';
import type { ChargeCategory } from './focus-columns.ts';

/**
 * One valid row of a FOCUS 1.0–1.2 cost-and-usage file. Instants are UTC ISO strings
 * (`2026-01-01T00:00:00.000Z`, periods are [start, end)); costs are exact Money in
 * `billingCurrency`; quantities and unit prices stay decimal text so nothing is rounded here.
 */
export interface FocusCharge {
  /** 1-based line in the file on which the row starts. */
  readonly line: number;
  readonly billingAccountId: string;
  readonly billingAccountName: string | null;
  readonly billingCurrency: string;
  readonly billingPeriodStart: string;
  readonly billingPeriodEnd: string;
  readonly chargePeriodStart: string;
  readonly chargePeriodEnd: string;
  readonly chargeCategory: ChargeCategory;
  /** `correction` when the row corrects an earlier, already invoiced billing period. */
  readonly chargeClass: 'correction' | null;
  readonly chargeDescription: string | null;
  readonly chargeFrequency: string | null;
  /** Invoice basis, without amortisation of upfront purchases. */
  readonly billedCost: Money;
  /** Amortised: after discounts and including the share of prepaid purchases. */
  readonly effectiveCost: Money;
  /** null: the provider left this mandatory column empty (see `unknowableMandatoryColumns`). */
  readonly listCost: Money | null;
  /** null: the provider left this mandatory column empty (Oracle in the FOCUS sample data). */
  readonly contractedCost: Money | null;
  readonly listUnitPrice: string | null;
  readonly contractedUnitPrice: string | null;
  readonly pricingQuantity: string | null;
  readonly pricingUnit: string | null;
  readonly pricingCategory: string | null;
  readonly consumedQuantity: string | null;
  readonly consumedUnit: string | null;
  readonly invoiceIssuerName: string;
  readonly invoiceId: string | null;
  readonly providerName: string;
  readonly publisherName: string;
  readonly serviceCategory: string;
  readonly serviceSubcategory: string | null;
  readonly serviceName: string;
  readonly subAccountId: string | null;
  readonly subAccountName: string | null;
  readonly regionId: string | null;
  readonly regionName: string | null;
  readonly availabilityZone: string | null;
  readonly resourceId: string | null;
  readonly resourceName: string | null;
  readonly resourceType: string | null;
  readonly skuId: string | null;
  readonly skuPriceId: string | null;
  readonly commitmentDiscountId: string | null;
  readonly commitmentDiscountName: string | null;
  readonly commitmentDiscountCategory: string | null;
  readonly commitmentDiscountType: string | null;
  readonly commitmentDiscountStatus: string | null;
  readonly tags: Readonly<Record<string, string>>;
  /** `x_` extension columns, by their column name, empty values left out. */
  readonly extensions: Readonly<Record<string, string>>;
  /** Other FOCUS columns not read into a field above (e.g. 1.2 PricingCurrency*), raw text. */
  readonly otherColumns: Readonly<Record<string, string>>;
}

/** A rejected row: where it is and what is wrong, named by FOCUS column where there is one. */
export interface RowError {
  readonly line: number;
  /** The FOCUS column name, or null when the row as a whole is wrong (e.g. field count). */
  readonly column: string | null;
  readonly message: string;
  /** The billing period the row belongs to, when its period columns could be read. */
  readonly periodKey: string | null;
}

/** What the streaming parsers yield: valid rows and the rejected ones of the same stretch. */
export interface ChargeBatch<T> {
  readonly charges: readonly T[];
  readonly errors: readonly RowError[];
}
